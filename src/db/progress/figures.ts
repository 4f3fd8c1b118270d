/**
 * The figure of an indicator for a unit and period, from loaded data (no I/O):
 *
 * 1. a formula indicator is evaluated over the figures of the indicators it references;
 * 2. the unit's own stored value of that period, when there is one;
 * 3. else the aggregate of the units below it of the reporting kind (the target's `applies_to`), by
 *    the indicator's aggregation rule, from the pre-summed rollup (raw values for min/max/last);
 * 4. else, for a period longer than the data (a 6-month, 9-month or year figure from quarters or
 *    months), the aggregate of its parts per the indicator's over_time rule (src/core/aggregate.ts).
 *
 * All arithmetic is decimal; rounding happens only in {@link displayFigure}.
 */
import type { TOverTime } from "../../core/aggregate.ts";
import { evaluateFormulaDecimal, periodForFn } from "../../core/formula/index.ts";
import {
  parsePeriod,
  periodsWithin,
  type TPeriod,
  type TPeriodType,
  yearToDateCode,
} from "../../core/period.ts";
import { Dec, formatNumber, formatPercent, type TDecimal, type TRoundingMode } from "../../core/vn-number.ts";
import type { TFigure } from "../../server/progress/schemas.ts";
import type { TIndicatorCatalog, TIndicatorDef } from "./context.ts";
import type { TDataStore, TFoldedRow, TRollupRow } from "./store.ts";

/** A computed figure, exact. */
export interface TFig {
  period: string;
  value: TDecimal | null;
  numerator: TDecimal | null;
  denominator: TDecimal | null;
  source: TFigure["source"];
  reported: number | null;
  expected: number | null;
  asOf: string | null;
}

/** Unit kinds a target's applies_to aggregates ("all": every kind below). */
export function reportingKinds(appliesTo: string): string[] {
  if (appliesTo === "all") return ["commune", "agency", "village", "district", "province"];
  return [appliesTo];
}

const KINDS_BELOW = new Map<string, string[]>();
function kindsBelow(appliesTo: string, unitKind: string): string[] {
  const key = `${appliesTo}|${unitKind}`;
  let k = KINDS_BELOW.get(key);
  if (!k) {
    k = reportingKinds(appliesTo).filter((x) => x !== unitKind);
    KINDS_BELOW.set(key, k);
  }
  return k;
}

/** Multiplier of a unit's ratio for an indicator: ratios and shares are percentages. */
export function multiplierOf(ind: TIndicatorDef): number {
  return ind.kind === "ratio" || ind.aggregation === "share_meeting" ? 100 : 1;
}

/** The core's over-time rule for an indicator's over_time column. */
export function overTimeOf(ind: TIndicatorDef): TOverTime {
  if (ind.overTime === "sum" || ind.overTime === "ratio_of_sums") return "flow";
  if (ind.overTime === "average") return "average";
  return "stock";
}

/**
 * Whether an indicator's figures over longer periods may come from the summed rollup rows of their
 * parts (TStoreOptions.fold): rules kept in the rollup, a stock (the latest part) or a flow whose
 * parts' figures add up (not the mean of each part's average), and not a formula.
 */
export function canFold(ind: TIndicatorDef): boolean {
  if (ind.formula) return false;
  const rule = ind.aggregation;
  if (!["sum", "ratio_of_sums", "average", "count_meeting", "share_meeting"].includes(rule)) return false;
  const overTime = overTimeOf(ind);
  return overTime === "stock" || (overTime === "flow" && rule !== "average");
}

const none = (period: string): TFig => ({
  period,
  value: null,
  numerator: null,
  denominator: null,
  source: "none",
  reported: null,
  expected: null,
  asOf: null,
});

/** The shorter period types a longer period is made of, tried in this order (quarters, else months). */
export const FINER: Record<TPeriodType, TPeriodType[]> = {
  year: ["quarter", "month"],
  nine_months: ["quarter", "month"],
  half_year: ["quarter", "month"],
  quarter: ["month"],
  month: [],
};

const PERIODS = new Map<string, TPeriod>();
const PARTS = new Map<string, string[]>();

/** parsePeriod, memoised (the engine asks for the same few periods thousands of times). */
export function periodOf(code: string): TPeriod {
  let p = PERIODS.get(code);
  if (!p) {
    p = parsePeriod(code);
    if (PERIODS.size < 10_000) PERIODS.set(code, p);
  }
  return p;
}

/** periodsWithin, memoised. */
export function partsOf(code: string, type: TPeriodType): string[] {
  const key = `${code}|${type}`;
  let parts = PARTS.get(key);
  if (!parts) {
    parts = periodsWithin(code, type);
    if (PARTS.size < 10_000) PARTS.set(key, parts);
  }
  return parts;
}

/**
 * Whether the parts of a period combine as ratios (Σ numerators / Σ denominators): when they carry a
 * denominator — except a count of units meeting a threshold, which carries the units counted as its
 * denominator but stays a count: a flow adds the parts' counts.
 */
export function partsAreRatios(
  ind: TIndicatorDef,
  parts: ReadonlyArray<{ denominator: TDecimal | number | null }>,
): boolean {
  return ind.aggregation !== "count_meeting" && parts.some((f) => f.denominator !== null);
}

/**
 * Combines the figures of the parts of a period per the indicator's over_time rule — the same rules
 * as aggregateOverTime in src/core/aggregate.ts (which the explanation trail uses; tests compare
 * both), computed on decimals without re-parsing periods, for speed:
 * flow: Σ values, or Σ numerators / Σ denominators; stock: the latest part with data (`asOf`);
 * average: mean of the parts' values. A ratio indicator's part without numerator and denominator
 * counts as missing.
 */
export function aggregateParts(q: { ind: TIndicatorDef; period: string; used: TFig[] }): TFig {
  const { ind, period } = q;
  const mult = multiplierDec(ind);
  const ratio = partsAreRatios(ind, q.used);
  const used = ratio
    ? q.used.filter((f) => f.numerator !== null && f.denominator !== null)
    : q.used.filter((f) => f.value !== null);
  const last = used[used.length - 1];
  const out: TFig = {
    period,
    value: null,
    numerator: null,
    denominator: null,
    source: "time",
    reported: last?.reported ?? null,
    expected: last?.expected ?? null,
    asOf: null,
  };
  if (!last) return out;
  const rule = overTimeOf(ind);
  if (rule === "stock") {
    out.asOf = last.period;
    out.value = last.value;
    out.numerator = last.numerator;
    out.denominator = last.denominator;
  } else if (rule === "flow") {
    if (ratio) {
      const n = Dec.sum(...used.map((f) => f.numerator!));
      const d = Dec.sum(...used.map((f) => f.denominator!));
      out.numerator = n;
      out.denominator = d;
      out.value = d.isZero() ? null : n.div(d).times(mult);
    } else {
      out.value = Dec.sum(...used.map((f) => f.value!));
    }
  } else {
    const vals = used.map((f) => f.value).filter((v): v is TDecimal => v !== null);
    out.value = vals.length === 0 ? null : Dec.sum(...vals).div(vals.length);
  }
  return out;
}

/** A rollup row's sums as decimals (parsed once per row: the same row serves several figures). */
const PARSED = new WeakMap<TRollupRow, TSummedRollup>();

/** Rollup rows summed, with exact decimals. */
type TSummedRollup = {
  nValue: number;
  nRatio: number;
  sumNum: TDecimal;
  sumDen: TDecimal;
  sumValue: TDecimal;
  nMeeting: number;
};

/** A rollup row whose sums are parsed when first read (a rule reads one or two of the three). */
class ParsedRollup implements TSummedRollup {
  private num?: TDecimal;
  private den?: TDecimal;
  private val?: TDecimal;
  readonly nValue: number;
  readonly nRatio: number;
  readonly nMeeting: number;
  constructor(private readonly r: TRollupRow) {
    this.nValue = r.nValue;
    this.nRatio = r.nRatio;
    this.nMeeting = r.nMeeting;
  }
  get sumNum(): TDecimal {
    this.num ??= new Dec(this.r.sumNum);
    return this.num;
  }
  get sumDen(): TDecimal {
    this.den ??= new Dec(this.r.sumDen);
    return this.den;
  }
  get sumValue(): TDecimal {
    this.val ??= new Dec(this.r.sumValue);
    return this.val;
  }
}

function parsedRollup(r: TRollupRow): TSummedRollup {
  let p = PARSED.get(r);
  if (!p) {
    p = new ParsedRollup(r);
    PARSED.set(r, p);
  }
  return p;
}

/** Sums rollup rows of several kinds (or parts) into one. */
function sumRollups(rs: readonly TRollupRow[]): TSummedRollup {
  if (rs.length === 1) return parsedRollup(rs[0]);
  const out = {
    nValue: 0,
    nRatio: 0,
    sumNum: new Dec(0),
    sumDen: new Dec(0),
    sumValue: new Dec(0),
    nMeeting: 0,
  };
  for (const r of rs) {
    const p = parsedRollup(r);
    out.nValue += p.nValue;
    out.nRatio += p.nRatio;
    out.sumNum = out.sumNum.plus(p.sumNum);
    out.sumDen = out.sumDen.plus(p.sumDen);
    out.sumValue = out.sumValue.plus(p.sumValue);
    out.nMeeting += p.nMeeting;
  }
  return out;
}

const ONE = new Dec(1);
const HUNDRED = new Dec(100);

/** {@link multiplierOf} as a decimal (shared constants: the engine asks thousands of times). */
function multiplierDec(ind: TIndicatorDef): TDecimal {
  return multiplierOf(ind) === 100 ? HUNDRED : ONE;
}

/** A figure of the units below (none when nobody reported). */
function unitsFig(
  period: string,
  expected: number,
  reported: number,
  value: TDecimal | null,
  numerator: TDecimal | null,
  denominator: TDecimal | null,
): TFig {
  if (reported === 0) return none(period);
  return {
    period,
    value,
    numerator,
    denominator,
    source: "units",
    reported,
    expected: Math.max(expected, reported),
    asOf: null,
  };
}

/** The figure of the units below, from their summed rollup row, by the indicator's aggregation rule. */
function fromRollup(
  ind: TIndicatorDef,
  period: string,
  r: ReturnType<typeof sumRollups>,
  expected: number,
): TFig {
  switch (ind.aggregation) {
    case "ratio_of_sums":
      return unitsFig(
        period,
        expected,
        r.nRatio,
        r.sumDen.isZero() ? null : r.sumNum.div(r.sumDen).times(multiplierDec(ind)),
        r.sumNum,
        r.sumDen,
      );
    case "average":
      return unitsFig(
        period,
        expected,
        r.nValue,
        r.nValue === 0 ? null : r.sumValue.div(r.nValue),
        null,
        null,
      );
    case "count_meeting": {
      const meeting = new Dec(r.nMeeting);
      return unitsFig(period, expected, r.nValue, meeting, meeting, new Dec(r.nValue));
    }
    case "share_meeting": {
      const meeting = new Dec(r.nMeeting);
      return unitsFig(
        period,
        expected,
        r.nValue,
        r.nValue === 0 ? null : meeting.div(r.nValue).times(HUNDRED),
        meeting,
        new Dec(r.nValue),
      );
    }
    default:
      return unitsFig(period, expected, r.nValue, r.sumValue, null, null);
  }
}

/** Computes figures from a data store, memoised per unit, indicator, kind and period. */
export class FigureEngine {
  private readonly memo = new Map<string, TFig>();
  private readonly directMemo = new Map<string, TFig>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly store: TDataStore,
    private readonly indicators: TIndicatorCatalog,
  ) {}

  /** The figure of `ind` for the unit (of kind `unitKind`) in `period`, aggregating units of `appliesTo`. */
  figure(q: {
    unitId: number;
    unitKind: string;
    ind: TIndicatorDef;
    period: string;
    appliesTo: string;
  }): TFig {
    const key = `${q.unitId}|${q.ind.id}|${q.appliesTo}|${q.period}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (this.busy.has(key)) return none(q.period); // a formula cycle reads as no data
    this.busy.add(key);
    try {
      const fig = this.compute(q);
      this.memo.set(key, fig);
      return fig;
    } finally {
      this.busy.delete(key);
    }
  }

  private compute(q: {
    unitId: number;
    unitKind: string;
    ind: TIndicatorDef;
    period: string;
    appliesTo: string;
  }): TFig {
    const { ind, period } = q;
    if (ind.formula) return this.formula(q);
    const availability = this.store.parts(ind.id, period);
    if (availability === "absent")
      throw new Error(`progress store: ${period} was not loaded for indicator ${ind.code}`);
    const direct = this.direct(q, period);
    if (direct.source !== "none") return direct;
    const p = periodOf(period);
    for (const granularity of FINER[p.type]) {
      if (availability === "folded") {
        const f = this.foldedParts(q, p.code, granularity);
        if (f) return f;
        continue;
      }
      const parts = partsOf(p.code, granularity).filter((part) => this.store.hasPeriod(part));
      if (parts.length === 0) continue;
      let used: TFig[];
      if (overTimeOf(ind) === "stock") {
        // A stock needs only the latest part with data.
        used = [];
        for (let i = parts.length - 1; i >= 0 && used.length === 0; i--) {
          const f = this.direct(q, parts[i]);
          if (f.value !== null || (f.numerator !== null && f.denominator !== null)) used.push(f);
        }
      } else used = parts.map((part) => this.direct(q, part)).filter((f) => f.source !== "none");
      if (used.length === 0) continue;
      return aggregateParts({ ind, period: p.code, used });
    }
    return none(period);
  }

  /** Own stored value, else the aggregate of the units below, for exactly this period (no time aggregation). */
  direct(
    q: { unitId: number; unitKind: string; ind: TIndicatorDef; appliesTo: string },
    period: string,
  ): TFig {
    const key = `${q.unitId}|${q.ind.id}|${q.appliesTo}|${period}`;
    let hit = this.directMemo.get(key);
    if (!hit) {
      hit = this.directUncached(q, period);
      this.directMemo.set(key, hit);
    }
    return hit;
  }

  private directUncached(
    q: { unitId: number; unitKind: string; ind: TIndicatorDef; appliesTo: string },
    period: string,
  ): TFig {
    const { ind } = q;
    const mult = multiplierDec(ind);
    const own = this.store.own(q.unitId, ind.id, period);
    if (own && (own.value !== null || (own.numerator !== null && own.denominator !== null))) {
      let value = own.value;
      if (own.numerator !== null && own.denominator !== null && (ind.kind === "ratio" || value === null))
        value = own.denominator.isZero() ? null : own.numerator.div(own.denominator).times(mult);
      return {
        period,
        value,
        numerator: own.numerator,
        denominator: own.denominator,
        source: "stored",
        reported: null,
        expected: null,
        asOf: null,
      };
    }
    const kinds = kindsBelow(q.appliesTo, q.unitKind);
    if (kinds.length === 0) return none(period);
    const expected = kinds.reduce((s, k) => s + this.store.expected(q.unitId, k), 0);
    const rule = ind.aggregation;
    if (rule === "none") return none(period);
    if (rule === "min" || rule === "max" || rule === "last") {
      const raw = kinds.flatMap((k) => this.store.raw(q.unitId, ind.id, period, k));
      const vals: TDecimal[] = [];
      for (const r of raw) {
        const v =
          r.value ??
          (r.numerator !== null && r.denominator !== null && !r.denominator.isZero()
            ? r.numerator.div(r.denominator).times(mult)
            : null);
        if (v !== null) vals.push(v);
      }
      if (vals.length === 0) return none(period);
      const value =
        rule === "min" ? Dec.min(...vals) : rule === "max" ? Dec.max(...vals) : vals[vals.length - 1];
      return {
        period,
        value,
        numerator: null,
        denominator: null,
        source: "units",
        reported: vals.length,
        expected: Math.max(expected, vals.length),
        asOf: null,
      };
    }
    const rs = kinds
      .map((k) => this.store.rollup(q.unitId, ind.id, period, k))
      .filter((r): r is TRollupRow => r !== undefined);
    if (rs.length === 0) return none(period);
    return fromRollup(ind, period, sumRollups(rs), expected);
  }

  /**
   * The figure of a longer period from the summed rollup rows of its parts (the store folded them in
   * SQL): the same result as combining the parts' figures one by one with {@link aggregateParts} —
   * a flow sums the parts (Σ values, or Σ numerators / Σ denominators), a stock takes the latest part
   * with data — and `reported`/`expected` are those of the latest part with data. Undefined when no
   * part has data at this grain.
   */
  private foldedParts(
    q: { unitId: number; unitKind: string; ind: TIndicatorDef; appliesTo: string },
    period: string,
    grain: string,
  ): TFig | undefined {
    const { ind } = q;
    const kinds = kindsBelow(q.appliesTo, q.unitKind);
    // A part has data when its figure would: numerator and denominator for ratio_of_sums, else a value.
    const byRatio = ind.aggregation === "ratio_of_sums";
    const rows: TFoldedRow[] = [];
    let lastPeriod: string | undefined;
    let expected = 0;
    for (const k of kinds) {
      expected += this.store.expected(q.unitId, k);
      const r = this.store.folded(q.unitId, ind.id, period, k, grain);
      if (!r) continue;
      rows.push(r);
      const l = byRatio ? r.lastRatio : r.lastValue;
      if (l && (lastPeriod === undefined || l.period > lastPeriod)) lastPeriod = l.period;
    }
    if (lastPeriod === undefined) return undefined;
    const lastRows: TRollupRow[] = [];
    for (const r of rows) {
      const l = byRatio ? r.lastRatio : r.lastValue;
      if (l && l.period === lastPeriod) lastRows.push(l.row);
    }
    if (overTimeOf(ind) === "stock") {
      const last = fromRollup(ind, lastPeriod, sumRollups(lastRows), expected);
      return aggregateParts({ ind, period, used: [last] });
    }
    // A flow: the sum of the parts, reported as the latest part is — the counts fromRollup would give
    // that part (units with a numerator/denominator pair for ratio_of_sums, else with a value).
    let reported = 0;
    for (const r of lastRows) reported += byRatio ? r.nRatio : r.nValue;
    const total: TFig = {
      ...fromRollup(ind, lastPeriod, sumRollups(rows), expected),
      reported: reported === 0 ? null : reported,
      expected: reported === 0 ? null : Math.max(expected, reported),
    };
    // A count keeps only its value over time (partsAreRatios): as aggregateParts gives it.
    if (ind.aggregation === "count_meeting") return aggregateParts({ ind, period, used: [total] });
    // What aggregateParts gives for one flow part, without recomputing the quotient fromRollup made
    // (the same Σnum/Σden × multiplier).
    const usable = total.denominator !== null ? total.numerator !== null : total.value !== null;
    return usable ? { ...total, period, source: "time", asOf: null } : { ...none(period), source: "time" };
  }

  private formula(q: {
    unitId: number;
    unitKind: string;
    ind: TIndicatorDef;
    period: string;
    appliesTo: string;
  }): TFig {
    const { ind, period } = q;
    if (!ind.ast) return none(period);
    let missing = false;
    const result = evaluateFormulaDecimal(ind.ast, {
      resolve: (code, fn) => {
        const dep = this.indicators.byCode.get(code);
        if (!dep) return null;
        const target = periodForFn(period, fn);
        const code2 = target.ytd ? (yearToDateCode(target.period) ?? target.period) : target.period;
        const f = this.figure({ ...q, ind: dep, period: code2 });
        if (f.value === null) missing = true;
        return f.value === null ? null : f.value.toNumber();
      },
    });
    const value = result instanceof Dec ? (result as TDecimal) : null;
    if (value === null && missing) return none(period);
    return {
      period,
      value,
      numerator: null,
      denominator: null,
      source: value === null ? "none" : "formula",
      reported: null,
      expected: null,
      asOf: null,
    };
  }
}

/** Display text of a figure: "89,6%" for ratios and shares (from Σnum/Σden exactly), "10.851" for counts. */
export function displayValue(
  ind: TIndicatorDef,
  f: { value: TDecimal | number | null; numerator?: TDecimal | null; denominator?: TDecimal | null },
  mode: TRoundingMode,
): string {
  if (f.value === null) return formatNumber(null);
  const decimals = ind.decimals;
  const percent = ind.kind === "ratio" || ind.kind === "percent" || ind.aggregation === "share_meeting";
  if (
    f.numerator !== null &&
    f.numerator !== undefined &&
    f.denominator &&
    (ind.kind === "ratio" || ind.aggregation === "share_meeting")
  ) {
    return formatPercent({ numerator: f.numerator, denominator: f.denominator }, { decimals, mode });
  }
  const text = formatNumber(f.value, { decimals, mode });
  return percent || ind.measure === "%" ? `${text}%` : text;
}

/** The JSON form of a figure. */
export function figureOut(ind: TIndicatorDef, f: TFig, mode: TRoundingMode): TFigure {
  return {
    period: f.period,
    value: f.value === null ? null : f.value.toNumber(),
    numerator: f.numerator === null ? null : f.numerator.toNumber(),
    denominator: f.denominator === null ? null : f.denominator.toNumber(),
    display: displayValue(ind, f, mode),
    source: f.source,
    reported: f.reported,
    expected: f.expected,
    asOf: f.asOf,
  };
}
