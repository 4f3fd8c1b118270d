import { Command, CommanderError } from "commander";
import { CliError } from "./context.ts";
import { registerDbCommands } from "./db.ts";
import { registerDemoCommands } from "./demo.ts";
import { registerGeoCommands } from "./geo.ts";
import { registerReorgCommand, registerUnitCommands } from "./units.ts";
import { registerUserCommands } from "./user.ts";
import { registerValueCommands } from "./values.ts";

/** Command registrars; a new command group adds one line here. */
export const COMMANDS: Array<(program: Command) => void> = [
  registerUnitCommands,
  registerReorgCommand,
  registerDemoCommands,
  registerDbCommands,
  registerGeoCommands,
  registerUserCommands,
  registerValueCommands,
];

// Output piped into a reader that stops early (`dxm … | head`): the work goes on to its end, unprinted.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });

const program = new Command("dxm")
  .description(
    "DX Monitor — Giám sát chuyển đổi số (DATABASE_URL hoặc PGlite trong DXM_DATA_DIR, mặc định ./data)",
  )
  .exitOverride();
for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (e instanceof CliError) {
    console.error(`Lỗi: ${e.messageVi}\nError: ${e.message}`);
    for (const d of e.details) console.error(`  - ${d}`);
  } else {
    console.error(`Lỗi / Error: ${(e as Error).message ?? String(e)}`);
  }
  process.exit(1);
}
