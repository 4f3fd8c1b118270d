/**
 * Batch loading of the figures the engine combines, in three to four queries whatever the number of
 * targets: the units' own stored values, the pre-summed rollup rows of the units below them
 * (progress_rollup, kept fresh by triggers — see migrations/0003_progress.sql), the raw values needed
 * by rules the rollup cannot hold (min, max, last), and the number of units expected to report.
 *
 * With `fold`, the longer periods a caller needs are read from their span rows (progress_span, the sums
 * of their months or quarters kept by the same triggers — migrations/0011_progress_spans.sql) instead of
 * part by part (a dashboard's five years of monthly rows become one row per year): see
 * {@link TStoreOptions.fold} and FigureEngine in figures.ts for when that is exact.
 */
import { sql } from "drizzle-orm";
import { parsePeriod, periodsWithin } from "../../core/period.ts";
import { Dec, type TDecimal } from "../../core/vn-number.ts";
import { type Db, jsonRows, rows } from "../client.ts";

import { catalogCached, intArray, type TUnitDef } from "./context.ts";
import { FINER } from "./figures.ts";

/** A stored value (numbers as exact decimals). */
export interface TStoredValue {
  numerator: TDecimal | null;
  denominator: TDecimal | null;
  value: TDecimal | null;
}

/** Pre-summed values of the units of one kind below an ancestor (sums as exact decimal strings). */
export interface TRollupRow {
  nValue: number;
  nRatio: number;
  sumNum: string;
  sumDen: string;
  sumValue: string;
  nMeeting: number;
}

/** The rollup rows of the parts (months or quarters) of a longer period, summed, with the latest parts. */
export interface TFoldedRow extends TRollupRow {
  /** The latest part with a usable value (n_value > 0), and its row. */
  lastValue: { period: string; row: TRollupRow } | null;
  /** The latest part with a numerator/denominator pair (n_ratio > 0), and its row. */
  lastRatio: { period: string; row: TRollupRow } | null;
}

/** How the parts of a period are available for an indicator (see {@link TStoreOptions.fold}). */
export type TPartsAvailability = "rows" | "folded" | "absent";

/** A raw value of a unit below an ancestor (for min, max, last and explanations). */
export interface TRawValue extends TStoredValue {
  unitId: number;
  kind: string;
  period: string;
}

/** The loaded data, with lookups by unit, indicator, period (and kind). */
export interface TDataStore {
  own(unitId: number, indicatorId: number, period: string): TStoredValue | undefined;
  rollup(unitId: number, indicatorId: number, period: string, kind: string): TRollupRow | undefined;
  raw(unitId: number, indicatorId: number, period: string, kind: string): TRawValue[];
  /** Units of `kind` below the unit valid during the loaded period. */
  expected(unitId: number, kind: string): number;
  /** True when the unit has any own value or rollup row for the indicator in the period (any kind). */
  hasData(unitId: number, indicatorId: number, period: string): boolean;
  /** True when any loaded value or rollup row is of this period (lets the engine skip empty parts). */
  hasPeriod(period: string): boolean;
  /**
   * "rows" when the rows of the parts of `period` were loaded for the indicator, "folded" when they
   * were summed in SQL (read them with `folded`), "absent" when neither (a caller's mistake).
   */
  parts(indicatorId: number, period: string): TPartsAvailability;
  /** The summed rollup rows of the parts of `grain` ("month" or "quarter") of a folded period. */
  folded(
    unitId: number,
    indicatorId: number,
    period: string,
    kind: string,
    grain: string,
  ): TFoldedRow | undefined;
}

/** What to load. */
export interface TStoreOptions {
  units: readonly TUnitDef[];
  indicatorIds: readonly number[];
  /** Indicators whose rule needs raw values of the units below (min, max, last). */
  rawIndicatorIds?: readonly number[];
  /** Years covered, inclusive. */
  fromYear: number;
  toYear: number;
  /** The period whose validity decides the expected units. */
  periodStart: string;
  periodEnd: string;
  /**
   * Every period the caller will ask figures for, and the indicators whose figures over longer
   * periods may be folded (their aggregation and over-time rules allow it: {@link canFold}). For these
   * indicators only the rollup rows and own values of exactly these periods and their parts are read,
   * plus the span rows of the longer ones; an indicator for which a loaded unit has an own value in a
   * part is read part by part instead (an own value takes precedence over the units below it part by
   * part). Asking for another period of such an indicator throws. Without `fold` every row of the
   * years is read.
   */
  fold?: { periods: readonly string[]; indicatorIds: readonly number[] };
}

const dec = (v: string | null): TDecimal | null => (v === null ? null : new Dec(v));

/** A text[] parameter (period codes and grains hold no quotes, commas or braces). */
const textArray = (list: readonly string[]) => sql`${`{${list.join(",")}}`}::text[]`;

type TRollupSql = {
  a: number;
  i: number;
  p: string;
  k: string;
  nv: number;
  nr: number;
  sn: string;
  sd: string;
  sv: string;
  nm: number;
};

/** A span row summed over provinces, with its latest part's row (l…) when `le`. */
type TSpanSql = TRollupSql & {
  g: string;
  lv: string | null;
  lr: string | null;
  le: boolean;
  lnv: number;
  lnr: number;
  lsn: string;
  lsd: string;
  lsv: string;
  lnm: number;
};

const rollupOf = (r: Omit<TRollupSql, "a" | "i" | "p" | "k">): TRollupRow => ({
  nValue: r.nv,
  nRatio: r.nr,
  sumNum: r.sn,
  sumDen: r.sd,
  sumValue: r.sv,
  nMeeting: r.nm,
});

/** The longer periods among `periods` (those with months or quarters), and all their parts. */
function longerPeriods(periods: ReadonlySet<string>): { spans: string[]; parts: Set<string> } {
  const spans: string[] = [];
  const parts = new Set<string>();
  for (const code of periods) {
    const grains = FINER[parsePeriod(code).type];
    if (grains.length > 0) spans.push(code);
    for (const grain of grains) for (const part of periodsWithin(code, grain)) parts.add(part);
  }
  return { spans, parts };
}

/**
 * Sums the span rows of one ancestor that come from several provinces (the nation's, or a unit whose
 * values were reported under another province before a reorganisation) into one. Their latest part is
 * the latest over them; their stored latest rows add up to that part's row only when every province's
 * latest part is that one (`le`) — else the store reads that part's rows.
 */
function mergeProvinces(list: ReadonlyArray<Omit<TSpanSql, "le">>): TSpanSql[] {
  const byKey = new Map<string, TSpanSql>();
  const later = (a: string | null, b: string | null) => (a === null ? b : b === null || a > b ? a : b);
  const addInto = (
    m: TSpanSql,
    r: Omit<TSpanSql, "le">,
    counts: ReadonlyArray<"nv" | "nr" | "nm" | "lnv" | "lnr" | "lnm">,
    sums: ReadonlyArray<"sn" | "sd" | "sv" | "lsn" | "lsd" | "lsv">,
  ) => {
    for (const c of counts) m[c] += r[c];
    for (const x of sums) m[x] = new Dec(m[x]).plus(r[x]).toString();
  };
  for (const r of list) {
    const key = `${r.a}|${r.i}|${r.p}|${r.k}|${r.g}`;
    const m = byKey.get(key);
    if (!m) {
      byKey.set(key, { ...r, le: r.lv !== null });
      continue;
    }
    m.le = m.le && r.lv !== null && r.lv === m.lv;
    addInto(m, r, ["nv", "nr", "nm"], ["sn", "sd", "sv"]);
    if (m.le) addInto(m, r, ["lnv", "lnr", "lnm"], ["lsn", "lsd", "lsv"]);
    m.lv = later(m.lv, r.lv);
    m.lr = later(m.lr, r.lr);
  }
  return [...byKey.values()];
}

/** Up to this many folded indicators are selected in SQL (index probes), more are filtered after reading. */
const FEW_INDICATORS = 16;

/** Loads own values, rollup rows, raw values (when asked) and expected counts for the units. */
export async function loadStore(db: Db, o: TStoreOptions): Promise<TDataStore> {
  const unitIds = o.units.map((u) => u.id);
  const ids = intArray(unitIds);
  // Every period code of year Y sorts in [Y, Y+1) as text.
  const from = String(o.fromYear);
  const to = String(o.toYear + 1);
  // Own values: every period of the years, except for indicators that may be folded, which are only
  // ever asked for the requested periods and their parts (a ranking of 100 communes then reads one
  // quarter's months instead of a year of them). Probing the index once per unit × indicator × period
  // pays only when there are few: else read the units' years and keep what was asked for here.
  const requested = new Set(o.fold?.periods ?? []);
  const { spans, parts: partsOfRequested } = longerPeriods(requested);
  const eligible = new Set(o.fold?.indicatorIds ?? []);
  const window = new Set([...requested, ...partsOfRequested]);
  const wanted = new Set(o.indicatorIds);
  const probe = unitIds.length * eligible.size * window.size <= 20_000;
  const yearsOf = sql`period >= ${from} and period < ${to}`;
  const [ownRows, expRows] = await Promise.all([
    jsonRows<{ u: number; i: number; p: string; n: string | null; d: string | null; v: string | null }>(
      db,
      sql`select org_unit_id as u, indicator_id as i, period as p, numerator::text as n, denominator::text as d,
          value::text as v
        from data_value
        where org_unit_id = any(${ids}) and deleted_at is null and status <> 'draft' and ${
          probe
            ? sql`((indicator_id = any(${intArray([...eligible])}) and period = any(${textArray([...window])}))
                or (indicator_id = any(${intArray(o.indicatorIds.filter((i) => !eligible.has(i)))}) and ${yearsOf}))`
            : yearsOf
        }`,
    ).then((list) => list.filter((r) => wanted.has(r.i) && (!eligible.has(r.i) || window.has(r.p)))),
    // Units below each loaded unit, by kind: the ancestors are read from each unit's path (one pass
    // over the units whatever the number of loaded units). Units are catalogue data: kept until
    // catalog_version moves.
    catalogCached(db, `expected:${o.periodStart}:${o.periodEnd}:${unitIds.join(",")}`, () =>
      rows<{ a: number; k: string; n: number }>(
        db,
        sql`select a.id::int as a, u.kind as k, count(*)::int as n
          from org_unit u cross join lateral unnest(string_to_array(trim(both '/' from u.path), '/')) as a (id)
          where a.id = any(${textArray(unitIds.map(String))}) and a.id <> u.id::text
            and u.valid_from <= ${o.periodEnd}::date and (u.valid_to is null or u.valid_to > ${o.periodStart}::date)
          group by a.id, u.kind`,
      ),
    ),
  ]);
  const own = new Map<string, TStoredValue>();
  const present = new Set<string>();
  const periods = new Set<string>();
  for (const r of ownRows) {
    own.set(`${r.u}|${r.i}|${r.p}`, { numerator: dec(r.n), denominator: dec(r.d), value: dec(r.v) });
    present.add(`${r.u}|${r.i}|${r.p}`);
    periods.add(r.p);
  }
  // Folded indicators: those allowed, minus any with an own value of a loaded unit in a part of a
  // requested period (own values win part by part, so those need their part rows).
  const folded = new Set(eligible);
  for (const r of ownRows) if (folded.has(r.i) && partsOfRequested.has(r.p)) folded.delete(r.i);
  const full = o.indicatorIds.filter((i) => !folded.has(i));
  const rollupSelect = sql`select ancestor_id as a, indicator_id as i, period as p, unit_kind as k,
      sum(n_value)::int as nv, sum(n_ratio)::int as nr, sum(sum_num)::text as sn, sum(sum_den)::text as sd,
      sum(sum_value)::text as sv, sum(n_meeting)::int as nm
    from progress_rollup`;
  const none = Promise.resolve([]);
  // Folded indicators are filtered here rather than in SQL when there are many: probing the index once
  // per indicator costs more than reading the few rows of the others. A few (a kept dashboard or table
  // recomputing the indicators a write moved, cache.ts) are probed.
  const foldedInSql =
    folded.size <= FEW_INDICATORS ? sql`and indicator_id = any(${intArray([...folded])})` : sql``;
  // The rollup rows of some periods for the folded indicators.
  const exactOf = (list: readonly string[]) =>
    jsonRows<TRollupSql>(
      db,
      sql`${rollupSelect}
        where ancestor_id = any(${ids}) and period = any(${textArray(list)}) and n_rows <> 0 ${foldedInSql}
        group by ancestor_id, indicator_id, period, unit_kind`,
    ).then((found) => found.filter((r) => folded.has(r.i)));
  const [rollRows, foldRows, requestedRows] = await Promise.all([
    full.length === 0
      ? none
      : jsonRows<TRollupSql>(
          db,
          sql`${rollupSelect}
            where ancestor_id = any(${ids}) and indicator_id = any(${intArray(full)}) and period >= ${from}
              and period < ${to} and n_rows <> 0
            group by ancestor_id, indicator_id, period, unit_kind`,
        ),
    folded.size === 0 || spans.length === 0
      ? none
      : jsonRows<Omit<TSpanSql, "le">>(
          db,
          // Span rows (migration 0011): the sums of the parts of each longer period, per province, with
          // the rollup row of the latest part with a value.
          sql`select s.span as p, s.grain as g, s.ancestor_id as a, s.indicator_id as i, s.unit_kind as k,
              s.n_value as nv, s.n_ratio as nr, s.sum_num::text as sn, s.sum_den::text as sd,
              s.sum_value::text as sv, s.n_meeting as nm, s.last_value as lv, s.last_ratio as lr,
              s.l_n_value as lnv, s.l_n_ratio as lnr, s.l_sum_num::text as lsn, s.l_sum_den::text as lsd,
              s.l_sum_value::text as lsv, s.l_n_meeting as lnm
            from progress_span s
            where s.ancestor_id = any(${ids}) and s.span = any(${textArray(spans)})
              and s.n_rows <> 0 ${foldedInSql}`,
        ).then((list) => mergeProvinces(list.filter((r) => folded.has(r.i)))),
    folded.size === 0 ? none : exactOf([...requested]),
  ]);
  // The latest parts whose row the span rows could not give (a nation whose provinces' latest parts
  // differ, or a latest ratio part that is not the latest value part): read them.
  const missing = new Set<string>();
  for (const r of foldRows) {
    if (r.lv && !r.le) missing.add(r.lv);
    if (r.lr && !(r.le && r.lr === r.lv)) missing.add(r.lr);
  }
  const partRows = missing.size === 0 ? [] : await exactOf([...missing]);
  const roll = new Map<string, TRollupRow>();
  for (const r of [...rollRows, ...requestedRows]) {
    roll.set(`${r.a}|${r.i}|${r.p}|${r.k}`, rollupOf(r));
    if (r.nv > 0 || r.nr > 0) present.add(`${r.a}|${r.i}|${r.p}`);
    periods.add(r.p);
  }
  // Rows of the latest parts serve the folded sums; only requested periods are answered directly.
  const parts = new Map<string, TRollupRow>();
  for (const r of partRows) parts.set(`${r.a}|${r.i}|${r.p}|${r.k}`, rollupOf(r));
  const latest = (r: TSpanSql, p: string | null, stored: TRollupRow | null) => {
    if (p === null) return null;
    const row = stored ?? parts.get(`${r.a}|${r.i}|${p}|${r.k}`);
    return row === undefined ? null : { period: p, row };
  };
  const fold = new Map<string, TFoldedRow>();
  for (const r of foldRows) {
    const stored = r.le
      ? rollupOf({ nv: r.lnv, nr: r.lnr, sn: r.lsn, sd: r.lsd, sv: r.lsv, nm: r.lnm })
      : null;
    fold.set(`${r.a}|${r.i}|${r.p}|${r.k}|${r.g}`, {
      ...rollupOf(r),
      lastValue: latest(r, r.lv, stored),
      lastRatio: latest(r, r.lr, r.lr === r.lv ? stored : null),
    });
  }
  const expected = new Map<string, number>();
  for (const r of expRows) expected.set(`${r.a}|${r.k}`, r.n);
  const raw = new Map<string, TRawValue[]>();
  if (o.rawIndicatorIds && o.rawIndicatorIds.length > 0) {
    const rawRows = await rows<{
      a: number;
      u: number;
      k: string;
      i: number;
      p: string;
      n: string | null;
      d: string | null;
      v: string | null;
    }>(
      db,
      sql`select a.id as a, v.org_unit_id as u, u.kind as k, v.indicator_id as i, v.period as p,
          v.numerator::text as n, v.denominator::text as d, v.value::text as v
        from org_unit a
        join org_unit u on u.path like a.path || '%' and u.id <> a.id
        join data_value v on v.org_unit_id = u.id
        where a.id = any(${ids}) and v.indicator_id = any(${intArray(o.rawIndicatorIds)})
          and v.period >= ${from} and v.period < ${to} and v.deleted_at is null and v.status <> 'draft'
        order by v.id`,
    );
    for (const r of rawRows) {
      const key = `${r.a}|${r.i}|${r.p}|${r.k}`;
      const list = raw.get(key) ?? [];
      list.push({
        unitId: r.u,
        kind: r.k,
        period: r.p,
        numerator: dec(r.n),
        denominator: dec(r.d),
        value: dec(r.v),
      });
      raw.set(key, list);
      periods.add(r.p);
    }
  }
  return {
    own: (u, i, p) => {
      if (eligible.has(i) && !window.has(p))
        throw new Error(`progress store: own values of ${p} were not loaded for indicator ${i}`);
      return own.get(`${u}|${i}|${p}`);
    },
    rollup: (u, i, p, k) => roll.get(`${u}|${i}|${p}|${k}`),
    raw: (u, i, p, k) => raw.get(`${u}|${i}|${p}|${k}`) ?? [],
    expected: (u, k) => expected.get(`${u}|${k}`) ?? 0,
    hasData: (u, i, p) => present.has(`${u}|${i}|${p}`),
    hasPeriod: (p) => periods.has(p),
    parts: (i, p) => (!folded.has(i) ? "rows" : requested.has(p) ? "folded" : "absent"),
    folded: (u, i, p, k, g) => fold.get(`${u}|${i}|${p}|${k}|${g}`),
  };
}
