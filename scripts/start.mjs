// `npm start`: build the web app once if it is missing or older than its sources, then run the server.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const built = path.join(root, "dist/web/index.html");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const webSrc = path.join(root, "src/web");
if (existsSync(path.join(webSrc, "index.html"))) {
  if (!existsSync(built) || newest(webSrc) > statSync(built).mtimeMs) {
    console.log("Building the web app (first start only)…");
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build"], {
      cwd: root,
      stdio: "inherit",
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/server/main.ts")], {
  cwd: root,
  stdio: "inherit",
});
// A stop sent to this process alone (a service manager, `kill`) must stop the server too: left running,
// it would keep the port and the PGlite data folder that only one process may open.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
