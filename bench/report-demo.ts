// Builds the demo province's report (PGlite in memory) and writes the files to /tmp/review-out/demo.*
import { mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { one } from "../src/db/client.ts";
import { createDemo } from "../src/db/demo/seed.ts";
import { buildReport } from "../src/db/review/report.ts";
import { openTestDatabase } from "../src/db/testing.ts";
import { renderAll } from "../src/server/reports/files.ts";

mkdirSync("/tmp/review-out", { recursive: true });
const db = await openTestDatabase("pglite");
const { provinceId } = await createDemo(db.orm, { communes: Number(process.env.COMMUNES ?? 12) });
const plan = await one<{ id: number }>(db.orm, sql`select id from plan where province_id = ${provinceId}`);
const t0 = Date.now();
const r = await buildReport({
  db: db.orm,
  planId: plan!.id,
  unitId: provinceId,
  period: "2026N9",
  date: "2026-10-05",
});
const t1 = Date.now();
for (const f of await renderAll(r.document)) writeFileSync(`/tmp/review-out/demo.${f.format}`, f.bytes);
console.log("summary", r.overview.summary.text, "build ms", t1 - t0, "render ms", Date.now() - t1);
console.log(r.document.blocks.slice(0, 6));
await db.cleanup();
