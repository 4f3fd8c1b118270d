/**
 * `npm run bench` — progress engine benchmarks.
 *
 * PostgreSQL (national set: 34 provinces, 3,321 communes, 200 indicators, 60 months ≈ 40 M values;
 * only when BENCH_DATABASE_URL / DATABASE_URL is set or 127.0.0.1:5432 answers) and PGlite on disk
 * (one province: ~100 communes ≈ 1.2 M values). Each figure is the median and p95 over repeated runs,
 * next to a plain SQL GROUP BY over the raw values measured in the same run, with their ratio:
 *   D  dashboard of one province for one quarter, every target rolled up from its communes
 *   N  national table: every province × every indicator for one year (PGlite: the one province)
 *   R  ranking of a province's communes on a 20-indicator composite
 *   W  write one value through the write path, then D and N again — the value must be in both
 * D, N and R are measured as the product answers them (results kept between calls and brought up to
 * date from the data versions, src/db/progress/cache.ts) and computed in full, nothing kept.
 * plus the bulk-load rate. Data sets are kept between runs (BENCH_FRESH=1 reloads).
 *
 * Options (env or flags): BENCH_SCALE=small|medium|full (--scale; medium = national shape over one quarter), BENCH_ONLY=pglite|postgres (--only),
 * BENCH_RUNS=n (--runs), BENCH_LOAD_PARALLEL=n (--load-parallel; provinces imported at once on PostgreSQL, default 2).
 */
import { rmSync } from "node:fs";
import { createConnection } from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Database, one, openDatabase, rows } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { setKeeping } from "../src/db/progress/cache.ts";
import { getIndicatorTable, getProgressOverview, rankByIndicators } from "../src/db/progress.ts";
import { upsertDataValues } from "../src/db/values.ts";
import { findSet, generateSet, monthsOf, SHAPES, type TBenchSet, type TBenchShape } from "./generate.ts";

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}

const SCALE = option("scale", "BENCH_SCALE", "full");
const SCHEMA_SUFFIX = SCALE === "small" || SCALE === "medium" ? SCALE : "full";
const ONLY = option("only", "BENCH_ONLY", "");
const RUNS = Number(option("runs", "BENCH_RUNS", SCALE === "small" ? "9" : "15"));
const FRESH = process.env.BENCH_FRESH === "1";
// Provinces imported at once on PostgreSQL (each its own transaction), as `dxm values import
// --parallel`; PGlite has one connection.
const LOAD_PARALLEL = Number(option("load-parallel", "BENCH_LOAD_PARALLEL", "2"));
const shapes = SHAPES[SCALE] ?? SHAPES.full;

const log = (s: string) => process.stdout.write(`${s}\n`);

interface TStats {
  median: number;
  p95: number;
}

function stats(xs: number[]): TStats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs `product` and `baseline` alternately (after a warm-up) and prints both and their ratio. */
async function compare(
  label: string,
  product: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  goal?: string,
) {
  await product();
  await baseline();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await time(product));
    b.push(await time(baseline));
  }
  const sa = stats(a);
  const sb = stats(b);
  log(
    `  ${label.padEnd(58)} median ${sa.median.toFixed(1).padStart(7)} ms  p95 ${sa.p95.toFixed(1).padStart(7)} ms | GROUP BY median ${sb.median
      .toFixed(1)
      .padStart(
        8,
      )} ms  p95 ${sb.p95.toFixed(1).padStart(8)} ms | ratio ${(sa.median / sb.median).toFixed(3)}${goal ? `  (goal ${goal})` : ""}`,
  );
  return sa;
}

async function pgReachable(): Promise<string | undefined> {
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (url) return url;
  const ok = await new Promise<boolean>((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port: 5432 });
    s.setTimeout(1000);
    s.on("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.on("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });
  return ok ? "postgres://postgres@127.0.0.1:5432/postgres" : undefined;
}

async function loadOrGenerate(database: Database, shape: TBenchShape, parallel: number): Promise<TBenchSet> {
  const found = FRESH ? undefined : await findSet(database, shape);
  if (found) {
    log(
      `  reusing the loaded ${shape.name} set (${found.values.toLocaleString("en")} values; BENCH_FRESH=1 reloads); it loaded at ${Math.round(found.values / (found.loadMs / 1000)).toLocaleString("en")} values/s`,
    );
    return found;
  }
  log(
    `  generating ${shape.name}: ${shape.provinces} province(s), ${shape.communes.toLocaleString("en")} communes, ${shape.indicators} indicators, ${shape.months} months ≈ ${(shape.communes * shape.indicators * shape.months).toLocaleString("en")} values`,
  );
  const set = await generateSet(database, shape, log, { parallel });
  log(
    `  bulk load (${parallel} import(s) at a time): ${set.values.toLocaleString("en")} values in ${(set.loadMs / 1000).toFixed(1)} s = ${Math.round(set.values / (set.loadMs / 1000)).toLocaleString("en")} values/s (goal ≥ 200,000 on PostgreSQL)`,
  );
  return set;
}

/** D, N, R and W against the loaded set. */
async function measureSet(database: Database, set: TBenchSet, kind: string) {
  const db = database.orm;
  const { shape } = set;
  const year = shape.lastYear;
  // The last quarter of the data (2026Q4), its months, and its last month for W.
  const lastMonth = monthsOf(shape)[shape.months - 1];
  const quarter = `${year}Q${Math.ceil(Number(lastMonth.slice(4)) / 3)}`;
  const qMonths = monthsOf(shape).filter(
    (m) => Math.ceil(Number(m.slice(4)) / 3) === Number(quarter.slice(5)) && m.startsWith(String(year)),
  );
  const province = set.provinceIds[0];
  const monthsList = `{${qMonths.join(",")}}`;
  const composite = set.indicatorIds.slice(0, 20);
  log(`  ${kind}: ${set.values.toLocaleString("en")} values; ${RUNS} runs each`);

  const dashboard = () => getProgressOverview({ db, planId: set.planId, unitId: province, period: quarter });
  const dBase = () =>
    rows(
      db,
      sql`select indicator_id, count(*), sum(numerator), sum(denominator), sum(value) from data_value
        where org_unit_id in (select id from org_unit where province_id = ${province})
          and period = any(${monthsList}::text[]) and deleted_at is null
        group by indicator_id`,
    );
  const table = () =>
    getIndicatorTable({
      db,
      parentUnitId: set.nationId,
      indicatorIds: set.indicatorIds,
      period: String(year),
    });
  const nBase = () =>
    rows(
      db,
      sql`select province_id, indicator_id, count(*), sum(numerator), sum(denominator), sum(value) from data_value
        where period >= ${String(year)} and period < ${String(year + 1)} and deleted_at is null
        group by province_id, indicator_id`,
    );
  const ranking = () =>
    rankByIndicators({
      db,
      parentUnitId: province,
      period: quarter,
      components: composite.map((indicatorId) => ({ indicatorId })),
    });
  const rBase = () =>
    rows(
      db,
      sql`select org_unit_id, indicator_id, count(*), sum(numerator), sum(denominator), sum(value) from data_value
        where org_unit_id in (select id from org_unit where province_id = ${province})
          and indicator_id = any(${`{${composite.join(",")}}`}::int[])
          and period = any(${monthsList}::text[]) and deleted_at is null
        group by org_unit_id, indicator_id`,
    );
  const dGoal = kind === "postgres" ? "≤ 10 ms" : "≤ 20 ms";
  const nGoal = kind === "postgres" ? "≤ 100 ms" : "≤ 50 ms";
  // Computed in full: nothing kept between calls (src/db/progress/cache.ts off).
  const cold = (fn: () => Promise<unknown>) => async () => {
    setKeeping(false);
    try {
      return await fn();
    } finally {
      setKeeping(true);
    }
  };
  const d = await compare(
    `D dashboard: 1 province, ${quarter}, ${shape.indicators} targets`,
    dashboard,
    dBase,
    dGoal,
  );
  await compare(`D computed in full (nothing kept)`, cold(dashboard), dBase);
  const n = await compare(
    `N table: ${set.provinceIds.length} province(s) × ${shape.indicators} indicators, ${year}`,
    table,
    nBase,
    nGoal,
  );
  await compare(`N computed in full (nothing kept)`, cold(table), nBase);
  const r = await compare(`R ranking: communes of a province, 20-indicator composite`, ranking, rBase);
  await compare(`R computed in full (nothing kept)`, cold(ranking), rBase);

  // W: write one value, then D and N must show it.
  const countInd = set.indicatorIds.find((id) => set.kinds.get(id) === "count")!;
  const commune = (await one<{ id: number }>(
    db,
    sql`select id from org_unit where parent_id = ${province} and kind = 'commune' order by id limit 1`,
  ))!.id;
  const month = lastMonth;
  const stored = await one<{ v: string }>(
    db,
    sql`select value::text as v from data_value where org_unit_id = ${commune} and indicator_id = ${countInd}
      and period = ${month}`,
  );
  const base = Number(stored?.v ?? 0);
  const dRow = async () =>
    (await dashboard()).targets.find((t) => t.indicatorId === countInd)!.actual.value ?? 0;
  const nCell = async () => {
    const t = await table();
    const idx = set.indicatorIds.indexOf(countInd);
    return t.rows.find((x) => x.unitId === province)!.figures[idx].value ?? 0;
  };
  const d0 = await dRow();
  const n0 = await nCell();
  const w: number[] = [];
  const wd: number[] = [];
  const wn: number[] = [];
  const wBase: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const delta = 1000 * i;
    w.push(
      await time(() =>
        upsertDataValues({
          db,
          actor: "bench",
          values: [{ indicatorId: countInd, orgUnitId: commune, period: month, value: base + delta }],
        }),
      ),
    );
    let dv = 0;
    let nv = 0;
    wd.push(await time(async () => (dv = await dRow())));
    wn.push(await time(async () => (nv = await nCell())));
    if (Math.abs(dv - (d0 + delta)) > 1e-9 || Math.abs(nv - (n0 + delta)) > 1e-9)
      throw new Error(`W: the written value is missing: D ${dv} ≠ ${d0 + delta} or N ${nv} ≠ ${n0 + delta}`);
    wBase.push(
      await time(async () => {
        await db.execute(sql`update data_value set value = value where org_unit_id = ${commune} and indicator_id = ${countInd}
          and period = ${month}`);
        await dBase();
        await nBase();
      }),
    );
  }
  // Put the value back so repeated runs start from the same data.
  await upsertDataValues({
    db,
    actor: "bench",
    values: [{ indicatorId: countInd, orgUnitId: commune, period: month, value: base }],
  });
  const sw = stats(w);
  const swd = stats(wd);
  const swn = stats(wn);
  const sb = stats(wBase);
  log(
    `  ${"W write 1 value via upsertDataValues (audited, rollup in tx)".padEnd(58)} median ${sw.median.toFixed(1).padStart(7)} ms  p95 ${sw.p95.toFixed(1).padStart(7)} ms`,
  );
  log(
    `  ${"W then D and N again: new value present in both (asserted)".padEnd(58)} median ${(swd.median + swn.median).toFixed(1).padStart(7)} ms  (D ${swd.median.toFixed(1)}, N ${swn.median.toFixed(1)}) | GROUP BY update+D+N median ${sb.median.toFixed(1)} ms | ratio ${((sw.median + swd.median + swn.median) / sb.median).toFixed(3)}`,
  );
  return { d, n, r, w: sw };
}

async function runPglite() {
  const shape = shapes.province;
  const dir = path.join(os.tmpdir(), `dxm-bench-pglite-${shape.name}`);
  if (FRESH) rmSync(dir, { recursive: true, force: true });
  log(`\nPGlite on disk (${dir}) — ${shape.name} set`);
  const database = await openDatabase({ dataDir: dir });
  try {
    await migrate(database);
    const set = await loadOrGenerate(database, shape, 1);
    await measureSet(database, set, "pglite");
  } finally {
    await database.close();
  }
}

async function runPostgres() {
  const url = await pgReachable();
  const shape = shapes.national;
  if (!url) {
    log("\nPostgreSQL: skipped (set BENCH_DATABASE_URL or DATABASE_URL, or run a server on 127.0.0.1:5432)");
    return;
  }
  const schema = `bench_${SCHEMA_SUFFIX}`;
  log(`\nPostgreSQL (${url.replace(/:[^:@/]*@/, ":***@")}, schema ${schema}) — ${shape.name} set`);
  let admin: Database;
  try {
    admin = await openDatabase({ url, poolSize: 1 });
  } catch (e) {
    log(`  skipped: cannot connect (${(e as Error).message})`);
    return;
  }
  if (FRESH) await admin.exec(`drop schema if exists ${schema} cascade`);
  await admin.exec(`create schema if not exists ${schema}`);
  await admin.close();
  const database = await openDatabase({ url, searchPath: schema, poolSize: 4 });
  try {
    await migrate(database);
    const set = await loadOrGenerate(database, shape, LOAD_PARALLEL);
    await measureSet(database, set, "postgres");
  } finally {
    await database.close();
  }
}

log(`DX Monitor progress benchmarks — scale ${SCALE} (BENCH_SCALE=small|full), ${RUNS} runs (BENCH_RUNS)`);
log(`Node ${process.version}, ${os.cpus().length} CPU(s), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`);
if (ONLY !== "postgres") await runPglite();
if (ONLY !== "pglite") await runPostgres();
