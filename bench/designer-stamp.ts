/**
 * `npx tsx bench/designer-stamp.ts` — cost of stamping data_value.indicator_version (migration
 * 0005_designer) on bulk inserts. PGlite on disk, one province; each run inserts ROWS values in one
 * statement and rolls back. Prints the median of each case and its ratio to the baseline measured in the
 * same run with the stamping triggers disabled:
 *   base   stamping triggers disabled (what inserts cost without them)
 *   v1     every indicator still at version 1 (the trigger returns at once)
 *   v2     one indicator of ten at version 2 (its rows are stamped after the insert)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { one, openDatabase, withActor } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const dir = mkdtempSync(path.join(os.tmpdir(), "dxm-stamp-"));
const db = await openDatabase({ dataDir: dir });
try {
  await migrate(db);
  const nation = await one<{ id: number }>(
    db.orm,
    sql`insert into org_unit (code, kind, level, name) values ('VN', 'nation', 0, 'Việt Nam') returning id`,
  );
  const province = await one<{ id: number }>(
    db.orm,
    sql`insert into org_unit (code, kind, level, name, parent_id) values ('99', 'province', 1, 'Bench', ${nation!.id})
      returning id`,
  );
  const provinceId = province!.id;
  await db.orm.execute(sql`insert into indicator (code, name, kind) select 'B' || g, 'Bench ' || g, 'number'
    from generate_series(1, 10) g`);
  const ids = await one<{ first: number }>(db.orm, sql`select min(id) as first from indicator`);
  const insert = sql`insert into data_value (province_id, indicator_id, org_unit_id, period, period_type,
      period_start, period_end, value, status)
    select ${provinceId}, ${ids!.first} + (g % 10), ${provinceId}, 'B' || g, 'year', '2030-01-01', '2030-12-31', g % 100, 'draft'
    from generate_series(1, ${ROWS}) g`;
  const time = async (setup: string[]): Promise<number> => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await withActor(db.orm, { actor: "bench", bulkImportId: "bench" }, async (tx) => {
        for (const stmt of setup) await tx.execute(sql.raw(stmt));
        await tx.execute(insert);
        throw new Error("rollback");
      }).catch((e: unknown) => {
        if ((e as Error).message !== "rollback") throw e;
      });
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
  };
  await time([]); // warm-up: the first inserts pay for growing the files
  const base = await time([
    "alter table data_value disable trigger data_value_stamp_version_ins",
    "alter table data_value disable trigger data_value_stamp_version_upd",
  ]);
  const v1 = await time([]);
  const v2 = await time([`update indicator set version = 2 where id = ${ids!.first}`]);
  const rate = (m: number) => `${Math.round(ROWS / (m / 1000)).toLocaleString("en")} rows/s`;
  console.log(`insert ${ROWS} values, median of ${RUNS} (PGlite on disk)`);
  console.log(`base (stamping off)   ${base.toFixed(0)} ms  ${rate(base)}`);
  console.log(`v1 (all version 1)    ${v1.toFixed(0)} ms  ${rate(v1)}  ratio ${(v1 / base).toFixed(2)}`);
  console.log(`v2 (1 in 10 stamped)  ${v2.toFixed(0)} ms  ${rate(v2)}  ratio ${(v2 / base).toFixed(2)}`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
