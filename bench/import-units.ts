// Benchmark: importing the official unit lists through `importUnits` (PGlite on disk, fresh folder each run)
// against a baseline measured in the same run: the same rows bulk-inserted into a bare table.
// Run: npx tsx bench/import-units.ts [runs]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { parseUnitList } from "../src/core/unit-list.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { SHARED_DATA } from "../src/db/testing.ts";
import { importUnits } from "../src/db/units.ts";

const runs = Number(process.argv[2] ?? 3);
const files = ["vn_units_2026-07-25.json", "vn_units_pre2025_v2.4.1.json"];
const lists = files.map((f) => {
  const file = path.join(SHARED_DATA, "units", f);
  return parseUnitList({ fileName: file, text: readFileSync(file, "utf8") }).records;
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const product: number[][] = files.map(() => []);
const baseline: number[][] = files.map(() => []);
for (let run = 0; run < runs; run++) {
  const dir = mkdtempSync(path.join(tmpdir(), "dxm-bench-"));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  await db.orm.execute(
    sql`create table bare_unit (code text, kind text, name text, parent_code text, valid_from date)`,
  );
  for (const [i, records] of lists.entries()) {
    let t = performance.now();
    await importUnits({ db: db.orm, records, actor: "bench" });
    product[i].push(performance.now() - t);
    t = performance.now();
    for (let k = 0; k < records.length; k += 5000) {
      const part = JSON.stringify(records.slice(k, k + 5000));
      await db.orm.execute(sql`insert into bare_unit select r."code", r."kind", r."name", r."parentCode", r."validFrom"::date
        from jsonb_to_recordset(${part}::jsonb) as r("code" text, "kind" text, "name" text, "parentCode" text, "validFrom" text)`);
    }
    baseline[i].push(performance.now() - t);
  }
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`unit import on PGlite (disk), median of ${runs} runs`);
for (const [i, f] of files.entries()) {
  const p = median(product[i]);
  const b = median(baseline[i]);
  console.log(
    `  ${f}: ${lists[i].length} units in ${p.toFixed(0)} ms (${Math.round((lists[i].length / p) * 1000)} units/s); ` +
      `bare insert ${b.toFixed(0)} ms; ratio ${(p / b).toFixed(1)}×`,
  );
}
