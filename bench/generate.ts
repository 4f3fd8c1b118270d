/**
 * Benchmark data sets, loaded through the product's own bulk import (src/db/values.ts):
 * - national: 34 provinces, 3,321 communes, 200 indicators, 60 monthly periods ≈ 40 million values;
 * - province: one province of ~100 communes ≈ 1.2 million values;
 * - small variants of both for a quick run (BENCH_SCALE=small).
 * Indicators mix the aggregation rules: ratios (ratio of sums), counts (sums, flows over time),
 * yes/no (share of communes meeting ≥ 1) and percentages (averages); one plan has a target per indicator.
 */
import { sql } from "drizzle-orm";
import { type Database, one, rows, withActor } from "../src/db/client.ts";
import { ensureNation, refreshPaths } from "../src/db/units.ts";
import { bulkImportDataValues } from "../src/db/values.ts";

/** Size of a generated data set. */
export interface TBenchShape {
  name: string;
  provinces: number;
  communes: number;
  indicators: number;
  /** Monthly periods, counted back from December of `lastYear`. */
  months: number;
  lastYear: number;
}

/** Shapes by scale. */
export const SHAPES: Record<string, { national: TBenchShape; province: TBenchShape }> = {
  full: {
    national: {
      name: "national",
      provinces: 34,
      communes: 3321,
      indicators: 200,
      months: 60,
      lastYear: 2026,
    },
    province: { name: "province", provinces: 1, communes: 100, indicators: 200, months: 60, lastYear: 2026 },
  },
  // National shape (every commune, every indicator) over one quarter: the national dashboard and
  // table read the same rows per province and indicator as at full scale, for a machine or a time
  // budget that cannot load 40 million values.
  medium: {
    national: {
      name: "national-quarter",
      provinces: 34,
      communes: 3321,
      indicators: 200,
      months: 3,
      lastYear: 2026,
    },
    province: { name: "province", provinces: 1, communes: 100, indicators: 200, months: 60, lastYear: 2026 },
  },
  small: {
    national: {
      name: "national-small",
      provinces: 34,
      communes: 340,
      indicators: 40,
      months: 24,
      lastYear: 2026,
    },
    province: {
      name: "province-small",
      provinces: 1,
      communes: 40,
      indicators: 40,
      months: 24,
      lastYear: 2026,
    },
  },
};

/** What a generated set holds. */
export interface TBenchSet {
  shape: TBenchShape;
  nationId: number;
  provinceIds: number[];
  indicatorIds: number[];
  /** Indicator kinds by id (ratio, count, boolean, percent). */
  kinds: Map<number, string>;
  planId: number;
  values: number;
  loadMs: number;
}

/** The monthly period codes of a shape, oldest first. */
export function monthsOf(shape: TBenchShape): string[] {
  const out: string[] = [];
  for (let i = shape.months - 1; i >= 0; i--) {
    const m = shape.lastYear * 12 + 11 - i;
    out.push(`${Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}

const KINDS = ["ratio", "count", "boolean", "percent", "ratio"] as const;

/** Deterministic pseudo-random numbers (xorshift). */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
}

/** Finds a loaded set by its marker in app_setting. */
export async function findSet(database: Database, shape: TBenchShape): Promise<TBenchSet | undefined> {
  const r = await one<{ value: TBenchSet & { kinds: Array<[number, string]> } }>(
    database.orm,
    sql`select value from app_setting where key = ${`bench:${shape.name}`}`,
  );
  if (!r) return undefined;
  return { ...r.value, kinds: new Map(r.value.kinds) };
}

/**
 * Creates units, indicators and a plan, then loads every value through bulkImportDataValues, one
 * import (one transaction) per province. Returns what was created and the load time.
 */
export async function generateSet(
  database: Database,
  shape: TBenchShape,
  log: (s: string) => void = () => undefined,
  options: { parallel?: number } = {},
): Promise<TBenchSet> {
  const db = database.orm;
  const setup = await withActor(db, { actor: "bench" }, async (tx) => {
    const nationId = await ensureNation(tx);
    const provinces = await rows<{ id: number }>(
      tx,
      sql`insert into org_unit (code, kind, level, name, parent_id, valid_from, source)
        select 'B' || lpad(g::text, 2, '0'), 'province', 1, 'Tỉnh ' || g, ${nationId}, '2020-01-01', 'bench'
        from generate_series(1, ${shape.provinces}) g returning id`,
    );
    const provinceIds = provinces.map((p) => p.id).sort((a, b) => a - b);
    await tx.execute(sql`update org_unit set province_id = id where source = 'bench' and kind = 'province'`);
    // Communes spread evenly over provinces (3,321 / 34 ≈ 98).
    await tx.execute(sql`insert into org_unit (code, kind, level, name, parent_id, province_id, valid_from, source)
      select 'B' || lpad(g::text, 5, '0'), 'commune', 3, 'Xã ' || g, p.id, p.id, '2020-01-01', 'bench'
      from generate_series(0, ${shape.communes - 1}) g
      join (select id, row_number() over (order by id) - 1 as k from org_unit where source = 'bench' and kind = 'province') p
        on p.k = g % ${shape.provinces}`);
    await refreshPaths(tx);
    const inds: Array<{ id: number; kind: string }> = [];
    for (let i = 0; i < shape.indicators; i++) {
      const kind = KINDS[i % KINDS.length];
      const agg =
        kind === "ratio"
          ? "ratio_of_sums"
          : kind === "count"
            ? "sum"
            : kind === "boolean"
              ? "share_meeting"
              : "average";
      const overTime = kind === "ratio" ? "ratio_of_sums" : kind === "count" ? "sum" : "last";
      const r = await one<{ id: number }>(
        tx,
        sql`insert into indicator (code, name, kind, unit, aggregation, over_time, threshold, threshold_op, decimals)
          values (${`BENCH_${shape.name}_${i + 1}`}, ${`Chỉ số thử ${i + 1}`}, ${kind}, ${kind === "ratio" || kind === "percent" ? "%" : null},
            ${agg}, ${overTime}, ${kind === "boolean" ? 1 : null}, ${kind === "boolean" ? ">=" : null},
            ${kind === "count" ? 0 : 1})
          returning id`,
      );
      inds.push({ id: r!.id, kind });
    }
    const plan = await one<{ id: number }>(
      tx,
      sql`insert into plan (code, name, owner_unit_id, start_year, end_year, settings)
        values (${`BENCH-${shape.name}`}, 'Kế hoạch thử tải', ${nationId}, ${shape.lastYear - Math.ceil(shape.months / 12) + 1},
          2030, '{"nearThreshold": 0.7, "rounding": "half_up"}'::jsonb) returning id`,
    );
    for (const [i, ind] of inds.entries()) {
      const t = await one<{ id: number }>(
        tx,
        sql`insert into target (plan_id, code, name, indicator_id, applies_to, sort)
          values (${plan!.id}, ${`T${i + 1}`}, ${`Mục tiêu ${i + 1}`}, ${ind.id}, 'commune', ${i}) returning id`,
      );
      const value = ind.kind === "count" ? 500 : 80;
      await tx.execute(sql`insert into target_value (target_id, year, value) values (${t!.id}, 2025, ${value}),
        (${t!.id}, 2030, ${ind.kind === "count" ? 1000 : 100})`);
    }
    return { nationId, provinceIds, inds, planId: plan!.id };
  });
  const communes = await rows<{ id: number; p: number }>(
    db,
    sql`select id, province_id as p from org_unit where source = 'bench' and kind = 'commune' order by id`,
  );
  const months = monthsOf(shape);
  let values = 0;
  let loadMs = 0;
  // Provinces load `parallel` at a time, each in its own import (one transaction), as an operator
  // would import province files side by side; the rate is values over wall-clock time.
  const parallel = Math.max(1, options.parallel ?? 1);
  const started = performance.now();
  let next = 0;
  const loadProvince = async (pi: number, provinceId: number) => {
    const mine = communes.filter((c) => c.p === provinceId);
    const rand = rng(provinceId * 7919);
    function* gen() {
      for (const c of mine)
        for (const [ii, ind] of setup.inds.entries())
          for (const [mi, period] of months.entries()) {
            const x = rand();
            if (ind.kind === "ratio") {
              const den = 50 + Math.floor(x * 400);
              yield {
                indicatorId: ind.id,
                orgUnitId: c.id,
                period,
                numerator: Math.min(
                  den,
                  Math.floor(den * (0.5 + mi / (3 * months.length) + ((ii % 7) - 3) / 30)),
                ),
                denominator: den,
              };
            } else if (ind.kind === "count")
              yield { indicatorId: ind.id, orgUnitId: c.id, period, value: Math.floor(x * 40) };
            else if (ind.kind === "boolean")
              yield { indicatorId: ind.id, orgUnitId: c.id, period, value: x < 0.6 ? 1 : 0 };
            else yield { indicatorId: ind.id, orgUnitId: c.id, period, value: Math.round(x * 1000) / 10 };
          }
    }
    const r = await bulkImportDataValues({
      database,
      actor: "bench",
      importId: `bench-${shape.name}-${pi + 1}`,
      rows: gen(),
      status: "approved",
    });
    values += r.rows;
    log(
      `  loaded province ${pi + 1}/${setup.provinceIds.length}: ${r.rows.toLocaleString("en")} values in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.rows / (r.ms / 1000)).toLocaleString("en")} values/s)`,
    );
  };
  await Promise.all(
    Array.from({ length: Math.min(parallel, setup.provinceIds.length) }, async () => {
      while (next < setup.provinceIds.length) {
        const pi = next++;
        await loadProvince(pi, setup.provinceIds[pi]);
      }
    }),
  );
  loadMs = performance.now() - started;
  const set: TBenchSet = {
    shape,
    nationId: setup.nationId,
    provinceIds: setup.provinceIds,
    indicatorIds: setup.inds.map((i) => i.id),
    kinds: new Map(setup.inds.map((i) => [i.id, i.kind])),
    planId: setup.planId,
    values,
    loadMs,
  };
  await db.execute(sql`insert into app_setting (key, value)
    values (${`bench:${shape.name}`}, ${JSON.stringify({ ...set, kinds: [...set.kinds] })}::jsonb)
    on conflict (key) do update set value = excluded.value`);
  if (database.pool) await db.execute(sql`analyze`);
  return set;
}
