import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuilt } from "./harness.ts";

const root = path.resolve(import.meta.dirname, "..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function health(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

// `npm start` runs scripts/start.mjs, which runs the server as its child.
describe("npm start", () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    ensureWebBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), "dxm-start-"));
  });
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("stops its server when it is told to stop, freeing the port and the data folder", async () => {
    const port = await freePort();
    child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DXM_DATA_DIR: path.join(dir, "data"), DXM_NO_DEMO: "1" },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
    let up = false;
    for (let i = 0; i < 120 && !up; i++) {
      await new Promise((r) => setTimeout(r, 250));
      up = await health(port);
    }
    expect(up).toBe(true);
    // Sent to the start script alone, as a service manager or `kill` does.
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    let down = false;
    for (let i = 0; i < 40 && !down; i++) {
      down = !(await health(port));
      if (!down) await new Promise((r) => setTimeout(r, 250));
    }
    expect(down).toBe(true);
  });
});
