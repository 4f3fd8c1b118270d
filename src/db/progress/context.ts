/**
 * Loading what the progress engine reads besides data values: a plan with its settings, targets
 * and target values, the indicators they use (and, transitively, the indicators their formulas
 * reference), and units.
 */
import { sql } from "drizzle-orm";
import { dependencyCodes, parseFormula, type TFormulaNode } from "../../core/formula/index.ts";
import type { TRoundingMode } from "../../core/vn-number.ts";
import { type Db, one, rows } from "../client.ts";

/** An indicator as the engine needs it; numbers parsed. */
export interface TIndicatorDef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  measure: string | null;
  aggregation: string;
  overTime: string;
  threshold: number | null;
  thresholdOp: string | null;
  formula: string | null;
  /** Parsed formula; null when none or unparsable (then the indicator has no value). */
  ast: TFormulaNode | null;
  decimals: number;
}

/** A target with its yearly values. */
export interface TTargetDef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  pillarId: number | null;
  indicatorId: number | null;
  direction: "higher" | "lower";
  nationalBenchmark: number | null;
  benchmarkNote: string | null;
  responsibleUnitId: number | null;
  responsibleUnitName: string | null;
  appliesTo: string;
  sort: number;
  values: Array<{ year: number; value: number }>;
}

/** A pillar or foundation. */
export interface TPillarDef {
  id: number;
  code: string;
  kind: string;
  name: string;
  nameEn: string;
  sort: number;
}

/** A plan with settings resolved to defaults. */
export interface TPlanDef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  startYear: number | null;
  endYear: number | null;
  nearThreshold: number;
  rounding: "half_up" | "truncate";
  /** The rounding mode as src/core/vn-number.ts names it. */
  mode: TRoundingMode;
}

/** Everything about a plan the engine needs. */
export interface TPlanContext {
  plan: TPlanDef;
  targets: TTargetDef[];
  pillars: TPillarDef[];
  indicators: TIndicatorCatalog;
}

/** Indicators by id and code. */
export interface TIndicatorCatalog {
  byId: Map<number, TIndicatorDef>;
  byCode: Map<string, TIndicatorDef>;
}

/** A unit as the engine needs it. */
export interface TUnitDef {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  parentId: number | null;
  provinceId: number | null;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

const INDICATOR_SELECT = sql`select id, code, name, name_en as "nameEn", kind, unit as measure, aggregation,
  over_time as "overTime", threshold::text as threshold, threshold_op as "thresholdOp", formula, decimals from indicator`;

type TIndicatorRaw = Omit<TIndicatorDef, "threshold" | "ast"> & { threshold: string | null };

function toIndicator(r: TIndicatorRaw): TIndicatorDef {
  let ast: TFormulaNode | null = null;
  if (r.formula) {
    try {
      ast = parseFormula(r.formula, { expect: "number" });
    } catch {
      ast = null;
    }
  }
  return { ...r, threshold: num(r.threshold), ast };
}

/**
 * Loads indicators by id, then every indicator their formulas reference (transitively, by code),
 * so a formula can always be evaluated from the catalogue.
 */
export function loadIndicators(db: Db, ids: readonly number[]): Promise<TIndicatorCatalog> {
  return catalogCached(db, `indicators:${ids.join(",")}`, () => loadIndicatorsUncached(db, ids));
}

async function loadIndicatorsUncached(db: Db, ids: readonly number[]): Promise<TIndicatorCatalog> {
  const byId = new Map<number, TIndicatorDef>();
  const byCode = new Map<string, TIndicatorDef>();
  const add = (list: TIndicatorRaw[]) => {
    for (const r of list) {
      const d = toIndicator(r);
      byId.set(d.id, d);
      byCode.set(d.code, d);
    }
  };
  if (ids.length > 0)
    add(await rows<TIndicatorRaw>(db, sql`${INDICATOR_SELECT} where id = any(${intArray(ids)})`));
  for (let depth = 0; depth < 8; depth++) {
    const wanted = new Set<string>();
    for (const d of byId.values()) {
      if (d.ast) for (const c of dependencyCodes(d.ast)) if (!byCode.has(c)) wanted.add(c);
    }
    if (wanted.size === 0) break;
    const found = await rows<TIndicatorRaw>(
      db,
      sql`${INDICATOR_SELECT} where code = any(${`{${[...wanted].map((c) => `"${c.replace(/["\\]/g, "")}"`).join(",")}}`}::text[])`,
    );
    if (found.length === 0) break;
    add(found);
  }
  return { byId, byCode };
}

/** A PostgreSQL integer array literal parameter ("{1,2,3}"), for `= any(...)`. */
export function intArray(ids: readonly number[]) {
  return sql`${`{${ids.map((i) => Math.trunc(i)).join(",")}}`}::int[]`;
}

const CACHE = new WeakMap<Db, { version: string; entries: Map<string, Promise<unknown>> }>();
const CACHE_ENTRIES = 256;
const VERSION_OF = new WeakMap<object, string>();

/**
 * The catalog_version a kept catalogue (a plan context, an indicator catalogue) was loaded under;
 * undefined when it was not kept (a database without the version row).
 */
export function catalogVersionOf(loaded: object): string | undefined {
  return VERSION_OF.get(loaded);
}

/**
 * A catalogue read (plans, targets, indicators, counts of units), kept per database handle until
 * catalog_version moves (migration 0012: bumped in the transaction of every write to those tables, so
 * a reader sees the new number exactly when it sees the change). The version is read first: a
 * catalogue loaded after it is at least that new. Frozen, since every caller shares it; the oldest
 * entry leaves first.
 */
export async function catalogCached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const v = await one<{ v: string }>(db, sql`select version::text as v from catalog_version`);
  if (!v) return load();
  let cache = CACHE.get(db);
  if (!cache || cache.version !== v.v) {
    cache = { version: v.v, entries: new Map() };
    CACHE.set(db, cache);
  }
  let hit = cache.entries.get(key) as Promise<T> | undefined;
  if (!hit) {
    if (cache.entries.size >= CACHE_ENTRIES)
      cache.entries.delete(cache.entries.keys().next().value as string);
    const version = v.v;
    hit = load().then((value) => {
      if (value && typeof value === "object") VERSION_OF.set(value, version);
      return deepFreeze(value);
    });
    cache.entries.set(key, hit);
    // A failed load is not kept: the next request tries again.
    hit.catch(() => cache.entries.delete(key));
  }
  return hit;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const v of value.values()) deepFreeze(v);
    else for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Loads a plan, its targets (with yearly values), pillars and indicators; undefined when the plan does not exist. */
export function loadPlanContext(db: Db, planId: number): Promise<TPlanContext | undefined> {
  return catalogCached(db, `plan:${planId}`, () => loadPlanContextUncached(db, planId));
}

async function loadPlanContextUncached(db: Db, planId: number): Promise<TPlanContext | undefined> {
  const p = await one<{
    id: number;
    code: string;
    name: string;
    nameEn: string | null;
    startYear: number | null;
    endYear: number | null;
    settings: Record<string, unknown> | null;
  }>(
    db,
    sql`select id, code, name, name_en as "nameEn", start_year as "startYear", end_year as "endYear", settings
      from plan where id = ${planId}`,
  );
  if (!p) return undefined;
  const settings = p.settings ?? {};
  const near = Number(settings.nearThreshold);
  const rounding = settings.rounding === "truncate" ? "truncate" : "half_up";
  // Targets and their yearly values in two flat queries (no per-target subquery).
  const [targetRows, valueRows] = await Promise.all([
    rows<Omit<TTargetDef, "nationalBenchmark" | "values"> & { nationalBenchmark: string | null }>(
      db,
      sql`select t.id, t.code, t.name, t.name_en as "nameEn", t.pillar_id as "pillarId", t.indicator_id as "indicatorId",
        t.direction, t.national_benchmark::text as "nationalBenchmark", t.benchmark_note as "benchmarkNote",
        t.responsible_unit_id as "responsibleUnitId", ru.name as "responsibleUnitName", t.applies_to as "appliesTo",
        t.sort
      from target t left join org_unit ru on ru.id = t.responsible_unit_id
      where t.plan_id = ${planId} order by t.sort, t.id`,
    ),
    rows<{ t: number; year: number; value: string }>(
      db,
      sql`select v.target_id as t, v.year, v.value::text as value
        from target_value v join target t on t.id = v.target_id where t.plan_id = ${planId} order by v.year`,
    ),
  ]);
  const valuesOf = new Map<number, Array<{ year: number; value: number }>>();
  for (const v of valueRows) {
    const list = valuesOf.get(v.t) ?? [];
    list.push({ year: v.year, value: Number(v.value) });
    valuesOf.set(v.t, list);
  }
  const targets: TTargetDef[] = targetRows.map((t) => ({
    ...t,
    nationalBenchmark: num(t.nationalBenchmark),
    values: valuesOf.get(t.id) ?? [],
  }));
  const pillars = await rows<TPillarDef>(
    db,
    sql`select id, code, kind, name, name_en as "nameEn", sort from pillar order by sort, id`,
  );
  const indicatorIds = [...new Set(targets.map((t) => t.indicatorId).filter((i): i is number => i !== null))];
  return {
    plan: {
      id: p.id,
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      startYear: p.startYear,
      endYear: p.endYear,
      nearThreshold: Number.isFinite(near) && near > 0 && near <= 1 ? near : 0.7,
      rounding,
      mode: rounding === "truncate" ? "truncate" : "half-up",
    },
    targets,
    pillars,
    indicators: await loadIndicators(db, indicatorIds),
  };
}

const UNIT_SELECT = sql`select id, code, name, kind, path, parent_id as "parentId", province_id as "provinceId" from org_unit`;

/** One unit, or undefined. */
export function loadUnit(db: Db, id: number): Promise<TUnitDef | undefined> {
  return one<TUnitDef>(db, sql`${UNIT_SELECT} where id = ${id}`);
}

/** The children of a unit that are valid at some time during the period [start, end]. */
export function loadChildren(
  db: Db,
  q: { parentId: number; start: string; end: string },
): Promise<TUnitDef[]> {
  return rows<TUnitDef>(
    db,
    sql`${UNIT_SELECT} where parent_id = ${q.parentId} and valid_from <= ${q.end}::date
      and (valid_to is null or valid_to > ${q.start}::date) order by code, id`,
  );
}
