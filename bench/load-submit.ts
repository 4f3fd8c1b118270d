/**
 * Load test of collection: every commune of the national list (3,321 after 1/7/2025) pushes and submits
 * a 40-value form over HTTP on loopback, within one minute, on PostgreSQL. Afterwards the values are
 * counted in the database: zero errors and zero lost values are required (exit code 1 otherwise).
 * Baseline measured in the same run: the same request sent one at a time (no concurrency).
 *
 * Run: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/load-submit.ts
 * Options: BENCH_CONNECTIONS (default 4: two cores shared by Node and PostgreSQL), BENCH_LIMIT_S (hard stop, default 90).
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { sql } from "drizzle-orm";
import { parseUnitList } from "../src/core/unit-list.ts";
import { one, rows, withActor } from "../src/db/client.ts";
import { openTestDatabase, SHARED_DATA } from "../src/db/testing.ts";
import { importUnits } from "../src/db/units.ts";
import { buildApp } from "../src/server/app.ts";

/** The part of autocannon's API used here (the package ships no types). */
interface TAutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
}
type TRequest = { method?: string; headers?: Record<string, string>; body?: string };
type TAutocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  timeout: number;
  requests: Array<{ method: string; setupRequest(req: TRequest): TRequest }>;
}) => Promise<TAutocannonResult> & { stop(): void };
const autocannon = createRequire(import.meta.url)("autocannon") as TAutocannon;

const URL_ = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!URL_) {
  console.log("load-submit: set TEST_DATABASE_URL (PostgreSQL) to run; skipped");
  process.exit(0);
}
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const LIMIT_S = Number(process.env.BENCH_LIMIT_S ?? 90);
const PERIOD = "2026N9";
const FIELDS = 40;
const log = (s: string) => process.stdout.write(`${s}\n`);

const db = await openTestDatabase("postgres");
try {
  const file = path.join(SHARED_DATA, "units", "vn_units_2026-07-25.json");
  const list = parseUnitList({ fileName: file, text: readFileSync(file, "utf8") });
  let t = performance.now();
  await importUnits({ db: db.orm, records: list.records, actor: "bench" });
  log(`units imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const nation = (await one<{ id: number }>(db.orm, sql`select id from org_unit where kind = 'nation'`))!.id;
  const communes = await rows<{ id: number }>(
    db.orm,
    sql`select id from org_unit where kind = 'commune' and valid_to is null order by id`,
  );
  log(`communes: ${communes.length}`);

  // A 40-field form (half ratios, half counts) and one API key per commune, scoped to it.
  const keys: string[] = [];
  const formId = await withActor(db.orm, { actor: "bench" }, async (tx) => {
    const inds = await rows<{ id: number; code: string; kind: string }>(
      tx,
      sql`insert into indicator (code, name, kind, aggregation)
        select 'BENCH_' || lpad(g::text, 2, '0'), 'Chỉ tiêu thử tải ' || g,
          case when g % 2 = 0 then 'ratio' else 'count' end, case when g % 2 = 0 then 'ratio_of_sums' else 'sum' end
        from generate_series(1, ${FIELDS}) g returning id, code, kind`,
    );
    const form = await one<{ id: number }>(
      tx,
      sql`insert into data_set (code, name, period_type, owner_unit_id, applies_to)
        values ('BENCH', 'Biểu mẫu thử tải 40 chỉ tiêu', 'nine_months', ${nation}, 'commune') returning id`,
    );
    await tx.execute(sql`insert into data_set_element (data_set_id, indicator_id, sort, required, section)
      select ${form!.id}, id, id, kind = 'ratio', 'Thử tải' from indicator where code like 'BENCH_%'`);
    const payload = communes.map((c) => {
      const secret = `dxm_${randomBytes(24).toString("base64url")}`;
      keys.push(secret);
      return {
        unit_id: c.id,
        prefix: secret.slice(0, 10),
        key_hash: createHash("sha256").update(secret).digest("hex"),
      };
    });
    await tx.execute(sql`insert into api_key (name, prefix, key_hash, unit_id, province_id, permissions)
      select 'bench', r.prefix, r.key_hash, r.unit_id, u.province_id, '{data.read,data.write}'::text[]
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(unit_id int, prefix text, key_hash text)
      join org_unit u on u.id = r.unit_id`);
    void inds;
    return form!.id;
  });
  const inds = await rows<{ code: string; kind: string }>(
    db.orm,
    sql`select code, kind from indicator where code like 'BENCH_%' order by code`,
  );
  const body = (i: number) =>
    JSON.stringify({
      dataSetId: formId,
      period: PERIOD,
      submit: true,
      values: inds.map((ind, k) =>
        ind.kind === "ratio"
          ? { indicatorCode: ind.code, numerator: 100 + ((i + k) % 50), denominator: 200 }
          : { indicatorCode: ind.code, value: (i * 7 + k) % 1000 },
      ),
    });

  const app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const target = `http://127.0.0.1:${port}/api/submissions/push`;

  // Baseline: the last 20 communes one at a time, in this run.
  const BASE = 20;
  const base: number[] = [];
  for (let i = communes.length - BASE; i < communes.length; i++) {
    const t0 = performance.now();
    const r = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keys[i]}` },
      body: body(i),
    });
    if (r.status !== 200) throw new Error(`baseline request failed: ${r.status} ${await r.text()}`);
    base.push(performance.now() - t0);
  }
  base.sort((a, b) => a - b);
  const baseMedian = base[Math.floor(base.length / 2)];

  // The load: every other commune once, CONNECTIONS at a time, stopped after LIMIT_S whatever happens.
  const total = communes.length - BASE;
  let next = 0;
  t = performance.now();
  const instance = autocannon({
    url: target,
    connections: CONNECTIONS,
    amount: total,
    timeout: 30,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const i = next++;
          return {
            ...req,
            headers: { "content-type": "application/json", authorization: `Bearer ${keys[i % total]}` },
            body: body(i % total),
          };
        },
      },
    ],
  });
  const stop = setTimeout(() => instance.stop(), LIMIT_S * 1000);
  const result = await instance;
  clearTimeout(stop);
  const wall = (performance.now() - t) / 1000;
  await app.close();

  const counts = await one<{ values: number; submitted: number }>(
    db.orm,
    sql`select (select count(*)::int from data_value v join indicator i on i.id = v.indicator_id
          where i.code like 'BENCH_%' and v.period = ${PERIOD} and v.deleted_at is null and v.status = 'submitted') as values,
        (select count(*)::int from submission where data_set_id = ${formId} and state = 'submitted') as submitted`,
  );
  const expectedValues = communes.length * FIELDS;
  const errors = result.errors + result.timeouts + result.non2xx;
  log("");
  log(
    `load-submit on PostgreSQL: ${total} communes × ${FIELDS} values, ${CONNECTIONS} connections, loopback`,
  );
  const done = result["2xx"];
  log(
    `  wall time          ${wall.toFixed(1)} s  (${(done / wall).toFixed(0)} submissions/s, ${((done * FIELDS) / wall).toFixed(0)} values/s)`,
  );
  log(
    `  latency            p50 ${result.latency.p50} ms · p90 ${result.latency.p90} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`,
  );
  log(
    `  baseline (serial)  median ${baseMedian.toFixed(1)} ms over ${BASE} requests; p99 under load / serial median = ${(result.latency.p99 / baseMedian).toFixed(1)}×`,
  );
  log(
    `  responses          2xx ${result["2xx"]} · non-2xx ${result.non2xx} · errors ${result.errors} · timeouts ${result.timeouts}`,
  );
  log(
    `  in the database    ${counts!.values} / ${expectedValues} values, ${counts!.submitted} / ${communes.length} submissions submitted`,
  );
  // Every acknowledged submission must be in the database with all its values (a request still in
  // flight when a time limit stops the run may commit without being counted: hence ≥).
  const acknowledged = result["2xx"] + BASE;
  const kept = counts!.values >= acknowledged * FIELDS && counts!.submitted >= acknowledged;
  log(`  acknowledged       ${acknowledged} submissions; all their values stored: ${kept ? "yes" : "NO"}`);
  const ok =
    kept &&
    errors === 0 &&
    counts!.values === expectedValues &&
    counts!.submitted === communes.length &&
    wall <= 60;
  log(`  verdict            ${ok ? "PASS" : "FAIL"} (zero errors, zero lost values, within 60 s)`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await db.cleanup();
}
