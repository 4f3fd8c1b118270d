/**
 * Batch loading of the figures the engine combines, in three to four queries whatever the number of
 * targets: the units' own stored values, the pre-summed rollup rows of the units below them
 * (progress_rollup, kept fresh by triggers — see migrations/0003_progress.sql), the raw values needed
 * by rules the rollup cannot hold (min, max, last), and the number of units expected to report.
 */
import { sql } from "drizzle-orm";
import { Dec, type TDecimal } from "../../core/vn-number.ts";
import { type Db, rows } from "../client.ts";
import { intArray, type TUnitDef } from "./context.ts";

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
}

const dec = (v: string | null): TDecimal | null => (v === null ? null : new Dec(v));

/** Loads own values, rollup rows, raw values (when asked) and expected counts for the units. */
export async function loadStore(db: Db, o: TStoreOptions): Promise<TDataStore> {
  const unitIds = o.units.map((u) => u.id);
  const ids = intArray(unitIds);
  const inds = intArray(o.indicatorIds);
  // Every period code of year Y sorts in [Y, Y+1) as text.
  const from = String(o.fromYear);
  const to = String(o.toYear + 1);
  const [ownRows, rollRows, expRows] = await Promise.all([
    rows<{ u: number; i: number; p: string; n: string | null; d: string | null; v: string | null }>(
      db,
      sql`select org_unit_id as u, indicator_id as i, period as p, numerator::text as n, denominator::text as d,
          value::text as v
        from data_value
        where org_unit_id = any(${ids}) and indicator_id = any(${inds}) and period >= ${from} and period < ${to}
          and deleted_at is null and status <> 'draft'`,
    ),
    rows<{
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
    }>(
      db,
      sql`select ancestor_id as a, indicator_id as i, period as p, unit_kind as k, sum(n_value)::int as nv,
          sum(n_ratio)::int as nr, sum(sum_num)::text as sn, sum(sum_den)::text as sd, sum(sum_value)::text as sv,
          sum(n_meeting)::int as nm
        from progress_rollup
        where ancestor_id = any(${ids}) and indicator_id = any(${inds}) and period >= ${from} and period < ${to}
          and n_rows <> 0
        group by ancestor_id, indicator_id, period, unit_kind`,
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
  const roll = new Map<string, TRollupRow>();
  for (const r of rollRows) {
    roll.set(`${r.a}|${r.i}|${r.p}|${r.k}`, {
      nValue: r.nv,
      nRatio: r.nr,
      sumNum: r.sn,
      sumDen: r.sd,
      sumValue: r.sv,
      nMeeting: r.nm,
    });
    if (r.nv > 0 || r.nr > 0) present.add(`${r.a}|${r.i}|${r.p}`);
    periods.add(r.p);
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
    own: (u, i, p) => own.get(`${u}|${i}|${p}`),
    rollup: (u, i, p, k) => roll.get(`${u}|${i}|${p}|${k}`),
    raw: (u, i, p, k) => raw.get(`${u}|${i}|${p}|${k}`) ?? [],
    expected: (u, k) => expected.get(`${u}|${k}`) ?? 0,
    hasData: (u, i, p) => present.has(`${u}|${i}|${p}`),
    hasPeriod: (p) => periods.has(p),
  };
}
