/**
 * Batch loading of the figures the engine combines, in three to four queries whatever the number of
 * targets: the units' own stored values, the pre-summed rollup rows of the units below them
 * (progress_rollup, kept fresh by triggers — see migrations/0003_progress.sql), the raw values needed
 * by rules the rollup cannot hold (min, max, last), and the number of units expected to report.
 *
 * With `fold`, the rollup rows of the months and quarters of the longer periods a caller needs are
 * summed in SQL instead of being read one by one (a dashboard's five years of monthly rows become one
 * row per year): see {@link TStoreOptions.fold} and FigureEngine in figures.ts for when that is exact.
 */
import { sql } from "drizzle-orm";
import { parsePeriod, periodsWithin } from "../../core/period.ts";
import { Dec, type TDecimal } from "../../core/vn-number.ts";
import { type Db, rows } from "../client.ts";
import { intArray, type TUnitDef } from "./context.ts";
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
   * indicators only the rollup rows of exactly these periods are read, plus the sums of their parts;
   * an indicator for which a loaded unit has an own value in a part is read in full instead (an own
   * value takes precedence over the units below it part by part). Without `fold` every row of the
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

const rollupOf = (r: Omit<TRollupSql, "a" | "i" | "p" | "k">): TRollupRow => ({
  nValue: r.nv,
  nRatio: r.nr,
  sumNum: r.sn,
  sumDen: r.sd,
  sumValue: r.sv,
  nMeeting: r.nm,
});

/** The month and quarter ranges of the longer periods, as text bounds of their part codes. */
function foldRanges(periods: readonly string[]) {
  const out: Array<{ code: string; grain: string; lo: string; hi: string }> = [];
  for (const code of new Set(periods)) {
    for (const grain of FINER[parsePeriod(code).type]) {
      const parts = periodsWithin(code, grain);
      // Month codes (YYYYMM) and quarter codes (YYYYQn) sort so that no other code falls between the
      // first and the last part of a period.
      out.push({ code, grain, lo: parts[0], hi: parts[parts.length - 1] });
    }
  }
  return out;
}

/** Loads own values, rollup rows, raw values (when asked) and expected counts for the units. */
export async function loadStore(db: Db, o: TStoreOptions): Promise<TDataStore> {
  const unitIds = o.units.map((u) => u.id);
  const ids = intArray(unitIds);
  const inds = intArray(o.indicatorIds);
  // Every period code of year Y sorts in [Y, Y+1) as text.
  const from = String(o.fromYear);
  const to = String(o.toYear + 1);
  const [ownRows, expRows] = await Promise.all([
    rows<{ u: number; i: number; p: string; n: string | null; d: string | null; v: string | null }>(
      db,
      sql`select org_unit_id as u, indicator_id as i, period as p, numerator::text as n, denominator::text as d,
          value::text as v
        from data_value
        where org_unit_id = any(${ids}) and indicator_id = any(${inds}) and period >= ${from} and period < ${to}
          and deleted_at is null and status <> 'draft'`,
    ),
    rows<{ a: number; k: string; n: number }>(
      db,
      sql`select a.id as a, u.kind as k, count(*)::int as n
        from org_unit a join org_unit u on u.path like a.path || '%' and u.id <> a.id
        where a.id = any(${ids}) and u.valid_from <= ${o.periodEnd}::date
          and (u.valid_to is null or u.valid_to > ${o.periodStart}::date)
        group by a.id, u.kind`,
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
  const requested = new Set(o.fold?.periods ?? []);
  const ranges = foldRanges([...requested]);
  const folded = new Set(o.fold?.indicatorIds ?? []);
  for (const r of ownRows)
    if (folded.has(r.i) && ranges.some((x) => r.p >= x.lo && r.p <= x.hi)) folded.delete(r.i);
  const full = o.indicatorIds.filter((i) => !folded.has(i));
  const foldedIds = intArray([...folded]);
  const rollupSelect = sql`select ancestor_id as a, indicator_id as i, period as p, unit_kind as k,
      sum(n_value)::int as nv, sum(n_ratio)::int as nr, sum(sum_num)::text as sn, sum(sum_den)::text as sd,
      sum(sum_value)::text as sv, sum(n_meeting)::int as nm
    from progress_rollup`;
  const none = Promise.resolve([]);
  const bounds = ranges.flatMap((x) => [x.lo, x.hi]).sort();
  const [rollRows, foldRows] = await Promise.all([
    full.length === 0
      ? none
      : rows<TRollupSql>(
          db,
          sql`${rollupSelect}
            where ancestor_id = any(${ids}) and indicator_id = any(${intArray(full)}) and period >= ${from}
              and period < ${to} and n_rows <> 0
            group by ancestor_id, indicator_id, period, unit_kind`,
        ),
    folded.size === 0 || ranges.length === 0
      ? none
      : rows<Omit<TRollupSql, "p"> & { n: number; lv: string | null; lr: string | null }>(
          db,
          // Periods compare byte-wise (collate "C"): the ranges rely on that order, and a language
          // collation costs more than the whole sum. Each row names its range by position (n).
          // The latest part with data of a nation's row is the latest over its provinces' rows.
          sql`select f.n::int as n, r.ancestor_id as a, r.indicator_id as i, r.unit_kind as k,
              sum(r.n_value)::int as nv, sum(r.n_ratio)::int as nr, sum(r.sum_num)::text as sn,
              sum(r.sum_den)::text as sd, sum(r.sum_value)::text as sv, sum(r.n_meeting)::int as nm,
              max(r.period collate "C") filter (where r.n_value > 0) as lv,
              max(r.period collate "C") filter (where r.n_ratio > 0) as lr
            from progress_rollup r
            join unnest(${textArray(ranges.map((x) => x.lo))}, ${textArray(ranges.map((x) => x.hi))})
              with ordinality as f (lo, hi, n)
              on r.period collate "C" >= f.lo and r.period collate "C" <= f.hi
            where r.ancestor_id = any(${ids}) and r.indicator_id = any(${foldedIds}) and r.n_rows <> 0
              and r.period >= ${bounds[0]} and r.period <= ${bounds[bounds.length - 1]}
            group by f.n, r.ancestor_id, r.indicator_id, r.unit_kind`,
        ),
  ]);
  // The rows of exactly the requested periods, and of the latest parts the folded sums name.
  const exactPeriods = new Set(requested);
  for (const r of foldRows) {
    if (r.lv) exactPeriods.add(r.lv);
    if (r.lr) exactPeriods.add(r.lr);
  }
  const exactRows =
    folded.size === 0
      ? []
      : await rows<TRollupSql>(
          db,
          sql`${rollupSelect}
            where ancestor_id = any(${ids}) and indicator_id = any(${foldedIds})
              and period = any(${textArray([...exactPeriods])}) and n_rows <> 0
            group by ancestor_id, indicator_id, period, unit_kind`,
        );
  const roll = new Map<string, TRollupRow>();
  for (const r of rollRows) {
    roll.set(`${r.a}|${r.i}|${r.p}|${r.k}`, rollupOf(r));
    if (r.nv > 0 || r.nr > 0) present.add(`${r.a}|${r.i}|${r.p}`);
    periods.add(r.p);
  }
  // Rows of the latest parts serve the folded sums; only requested periods are answered directly.
  const parts = new Map<string, TRollupRow>();
  for (const r of exactRows) {
    const row = rollupOf(r);
    parts.set(`${r.a}|${r.i}|${r.p}|${r.k}`, row);
    if (!requested.has(r.p)) continue;
    roll.set(`${r.a}|${r.i}|${r.p}|${r.k}`, row);
    if (r.nv > 0 || r.nr > 0) present.add(`${r.a}|${r.i}|${r.p}`);
    periods.add(r.p);
  }
  const latest = (r: { a: number; i: number; k: string }, p: string | null) => {
    const row = p === null ? undefined : parts.get(`${r.a}|${r.i}|${p}|${r.k}`);
    return p === null || row === undefined ? null : { period: p, row };
  };
  const fold = new Map<string, TFoldedRow>();
  for (const r of foldRows)
    fold.set(`${r.a}|${r.i}|${ranges[r.n - 1].code}|${r.k}|${ranges[r.n - 1].grain}`, {
      ...rollupOf(r),
      lastValue: latest(r, r.lv),
      lastRatio: latest(r, r.lr),
    });
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
    own: (u, i, p) => own.get(`${u}|${i}|${p}`),
    rollup: (u, i, p, k) => roll.get(`${u}|${i}|${p}|${k}`),
    raw: (u, i, p, k) => raw.get(`${u}|${i}|${p}|${k}`) ?? [],
    expected: (u, k) => expected.get(`${u}|${k}`) ?? 0,
    hasData: (u, i, p) => present.has(`${u}|${i}|${p}`),
    hasPeriod: (p) => periods.has(p),
    parts: (i, p) => (!folded.has(i) ? "rows" : requested.has(p) ? "folded" : "absent"),
    folded: (u, i, p, k, g) => fold.get(`${u}|${i}|${p}|${k}|${g}`),
  };
}
