import { openFromEnv } from "../db/client.ts";
import { createDemo, demoProvinceId } from "../db/demo/seed.ts";
import { migrate } from "../db/migrate.ts";
import { buildApp } from "./app.ts";
import { scheduleReminders } from "./reminders.ts";

// Starts DX Monitor: open the database (PGlite in ./data unless DATABASE_URL), migrate, create the demo
// province on an empty database, serve on PORT (default 3000).
const started = Date.now();
const database = await openFromEnv();
const applied = await migrate(database);
const app = await buildApp({
  database,
  logger: {
    level: process.env.LOG_LEVEL ?? "info",
    redact: ["req.headers.cookie", "req.headers.authorization"],
  },
});
if (process.env.DXM_NO_DEMO !== "1" && (await demoProvinceId(database.orm)) === undefined) {
  const empty = await database.orm.$count((await import("../db/schema/index.ts")).orgUnit);
  if (empty <= 1) {
    const demo = await createDemo(database.orm);
    app.log.info({ demo }, "created the demo province Tỉnh Minh Họa (dữ liệu minh họa)");
  }
}
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
await app.listen({ port, host });
app.log.info(
  {
    database: database.kind,
    location: database.location,
    migrationsApplied: applied,
    startupMs: Date.now() - started,
  },
  `DX Monitor ready at http://localhost:${port}`,
);
// Reminders before and after deadlines (rounds) and for due tasks; safe to repeat (per-day dedupe).
const stopReminders = scheduleReminders({ db: database.orm, log: app.log });
// Once: Ctrl-C reaches both `npm start` (which passes it on) and the server.
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  stopReminders();
  await app.close();
  await database.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
