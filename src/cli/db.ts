import type { Command } from "commander";
import { currentVersion } from "../db/migrate.ts";
import { withDatabase } from "./context.ts";

/** `dxm db migrate` and `dxm db status`. */
export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("Cơ sở dữ liệu / database");
  db.command("migrate")
    .description("Áp dụng migration / apply migrations")
    .action(async () => {
      await withDatabase(async (d) => {
        console.log(`${d.kind} ${d.location}: migration ${await currentVersion(d)}`);
      });
    });
}
