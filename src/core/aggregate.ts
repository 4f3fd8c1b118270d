/**
 * Aggregation of indicator values up the unit hierarchy (communes → province) and over time
 * (months → quarter → year).
 *
 * Missing data is never silently zero: every result carries how many units (or periods) reported
 * against how many were expected, lists the missing ones when known, and is null when nothing was
 * reported. Sums and quotients are computed in decimal arithmetic.
 */
import { explanation, type TExplanation, type TExplanationInput } from "./explain.ts";
import { comparePeriods, parsePeriod, periodContains, periodsWithin, type TPeriodType } from "./period.ts";
import { Dec, type TDecimal, toDecimal } from "./vn-number.ts";

/**
 * How units' values combine:
 * - `sum`: Σ value (counts: procedures, teams, members).
 * - `ratio_of_sums`: Σ numerator / Σ denominator (1.761/1.966), never the mean of the units' ratios.
 * - `average`: mean of the units' values (a unit with numerator/denominator contributes its ratio).
 * - `min`, `max`: the smallest / largest unit value.
 * - `last`: the value of the latest period among the inputs (a stock reported at different times);
 *   without periods, the last input.
 * - `count_meeting`: number of units whose value meets the threshold ("72 communes registered").
 * - `share_meeting`: that number over the reported (or expected) units ("100% of communes have fibre").
 */
export type TAggregationRule =
  | "sum"
  | "ratio_of_sums"
  | "average"
  | "min"
  | "max"
  | "last"
  | "count_meeting"
  | "share_meeting";

/** All aggregation rules, for validation and select boxes. */
export const AGGREGATION_RULES: readonly TAggregationRule[] = [
  "sum",
  "ratio_of_sums",
  "average",
  "min",
  "max",
  "last",
  "count_meeting",
  "share_meeting",
];

/** Threshold comparators. */
export type TComparator = ">=" | ">" | "<=" | "<" | "=";

/** A threshold a unit's value must meet ("value >= 1" for yes/no indicators). */
export interface TThreshold {
  comparator: TComparator;
  value: number;
}

/** One unit's input. A unit without a usable value counts as not reported. */
export interface TUnitValue {
  unitId: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** Period of the value; used by the `last` rule. */
  period?: string;
}

/** Options of {@link aggregateUnits}. */
export interface TAggregateOptions {
  rule: TAggregationRule;
  values: readonly TUnitValue[];
  /**
   * Units expected to report: a count, or the list of unit ids (then missing units are named and
   * values of units not in the list are ignored and listed). Default: the distinct units in `values`.
   */
  expectedUnits?: number | readonly string[];
  /** Required for `count_meeting` and `share_meeting`. */
  threshold?: TThreshold;
  /** Denominator of `share_meeting`: the reported units (default) or the expected units. */
  shareOf?: "reported" | "expected";
  /** Scale of ratios and shares: 1 (default) gives a fraction, 100 a percentage. */
  multiplier?: number;
}

/** How one input was used. */
export interface TContribution {
  unitId?: string;
  period?: string;
  /** The value used (for ratio units: numerator/denominator × multiplier), null if not reported. */
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** False when the input did not count (missing, or not expected). */
  used: boolean;
  /** For threshold rules: whether the value meets the threshold. */
  meets?: boolean;
  note?: "missing" | "not_expected" | "zero_denominator";
}

/** Result of an aggregation. */
export interface TAggregateResult {
  rule: TAggregationRule;
  /** The aggregate; null when nothing was reported or a denominator sums to zero. */
  value: number | null;
  /** Inputs that reported a usable value. */
  reported: number;
  /** Inputs expected. */
  expected: number;
  /** expected − reported, never negative. */
  missing: number;
  /** reported ≥ expected. */
  complete: boolean;
  /** Expected units (or periods) without a value, when they are known by id. */
  missingIds: string[];
  /** Inputs ignored because they were not expected (unit outside the list, period outside the span). */
  ignoredIds: string[];
  /** Σ numerator for ratio_of_sums; count meeting for threshold rules. */
  numerator?: number | null;
  /** Σ denominator for ratio_of_sums; units counted for threshold rules. */
  denominator?: number | null;
  multiplier: number;
  threshold?: TThreshold;
  contributions: TContribution[];
}

/** Error for invalid aggregation input (duplicate unit, missing threshold); bilingual. */
export class AggregationError extends Error {
  readonly messageVi: string;
  readonly messageEn: string;

  constructor(options: { messageVi: string; messageEn: string }) {
    super(options.messageEn);
    this.name = "AggregationError";
    this.messageVi = options.messageVi;
    this.messageEn = options.messageEn;
  }
}

function finite(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** True when `value` meets the threshold; compared in decimal so 0.3 = 0.1 + 0.2 holds. */
export function meetsThreshold(value: number, threshold: TThreshold): boolean {
  const a = new Dec(value);
  const b = new Dec(threshold.value);
  switch (threshold.comparator) {
    case ">=":
      return a.gte(b);
    case ">":
      return a.gt(b);
    case "<=":
      return a.lte(b);
    case "<":
      return a.lt(b);
    case "=":
      return a.eq(b);
  }
}

/** A unit's own value: `value`, else numerator/denominator × multiplier, else null. */
function unitValue(u: TUnitValue, multiplier: TDecimal): { value: TDecimal | null; zeroDen: boolean } {
  if (finite(u.value)) return { value: new Dec(u.value), zeroDen: false };
  if (finite(u.numerator) && finite(u.denominator)) {
    if (u.denominator === 0) return { value: null, zeroDen: true };
    return { value: new Dec(u.numerator).div(u.denominator).times(multiplier), zeroDen: false };
  }
  return { value: null, zeroDen: false };
}

function num(d: TDecimal | null): number | null {
  return d === null ? null : d.toNumber();
}

/**
 * Aggregates units' values by the rule. See {@link TAggregationRule}.
 * @throws AggregationError for a duplicate unit or a threshold rule without threshold.
 */
export function aggregateUnits(options: TAggregateOptions): TAggregateResult {
  const { rule, values } = options;
  const multiplier = options.multiplier ?? 1;
  const mult = new Dec(multiplier);
  if ((rule === "count_meeting" || rule === "share_meeting") && !options.threshold) {
    throw new AggregationError({
      messageVi: `Quy tắc ${rule} cần ngưỡng (ví dụ >= 1)`,
      messageEn: `Rule ${rule} needs a threshold (e.g. >= 1)`,
    });
  }
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.unitId)) {
      throw new AggregationError({
        messageVi: `Đơn vị ${v.unitId} có hai giá trị`,
        messageEn: `Unit ${v.unitId} has two values`,
      });
    }
    seen.add(v.unitId);
  }
  const expectedList = Array.isArray(options.expectedUnits)
    ? (options.expectedUnits as readonly string[])
    : null;
  const expectedSet = expectedList ? new Set(expectedList) : null;

  const contributions: TContribution[] = [];
  const ignoredIds: string[] = [];
  const usedInputs: Array<{ input: TUnitValue; value: TDecimal | null; c: TContribution }> = [];
  for (const input of values) {
    const c: TContribution = { unitId: input.unitId, value: null, used: false };
    if (input.period !== undefined) c.period = input.period;
    if (input.numerator !== undefined) c.numerator = input.numerator;
    if (input.denominator !== undefined) c.denominator = input.denominator;
    contributions.push(c);
    if (expectedSet && !expectedSet.has(input.unitId)) {
      c.note = "not_expected";
      ignoredIds.push(input.unitId);
      continue;
    }
    if (rule === "ratio_of_sums") {
      if (finite(input.numerator) && finite(input.denominator)) {
        c.used = true;
        const uv = unitValue(
          { unitId: input.unitId, numerator: input.numerator, denominator: input.denominator },
          mult,
        );
        c.value = num(uv.value);
        if (uv.zeroDen) c.note = "zero_denominator";
        usedInputs.push({ input, value: uv.value, c });
      } else {
        c.note = "missing";
      }
      continue;
    }
    const uv = unitValue(input, mult);
    if (uv.value === null) {
      c.note = uv.zeroDen ? "zero_denominator" : "missing";
      continue;
    }
    c.used = true;
    c.value = uv.value.toNumber();
    usedInputs.push({ input, value: uv.value, c });
  }

  const reported = usedInputs.length;
  const expected =
    expectedList !== null
      ? expectedList.length
      : typeof options.expectedUnits === "number"
        ? options.expectedUnits
        : values.length;
  const reportedIds = new Set(usedInputs.map((u) => u.input.unitId));
  const missingIds = expectedList ? expectedList.filter((id) => !reportedIds.has(id)) : [];
  for (const id of missingIds) {
    if (!seen.has(id)) contributions.push({ unitId: id, value: null, used: false, note: "missing" });
  }

  const result: TAggregateResult = {
    rule,
    value: null,
    reported,
    expected,
    missing: Math.max(0, expected - reported),
    complete: reported >= expected,
    missingIds,
    ignoredIds,
    multiplier,
    contributions,
  };
  if (options.threshold) result.threshold = options.threshold;
  if (reported === 0) {
    if (rule === "ratio_of_sums" || rule === "count_meeting" || rule === "share_meeting") {
      result.numerator = null;
      result.denominator = null;
    }
    return result;
  }
  const vals = usedInputs.map((u) => u.value).filter((v): v is TDecimal => v !== null);
  switch (rule) {
    case "sum":
      result.value = Dec.sum(...vals).toNumber();
      break;
    case "average":
      result.value = Dec.sum(...vals)
        .div(vals.length)
        .toNumber();
      break;
    case "min":
      result.value = Dec.min(...vals).toNumber();
      break;
    case "max":
      result.value = Dec.max(...vals).toNumber();
      break;
    case "last": {
      let best = usedInputs[usedInputs.length - 1];
      if (usedInputs.every((u) => u.input.period !== undefined)) {
        // Latest end date wins; among equal periods the later input (input order is arrival order).
        best = usedInputs[0];
        for (const u of usedInputs) {
          if (parsePeriod(u.input.period!).endDate >= parsePeriod(best.input.period!).endDate) best = u;
        }
      }
      result.value = num(best.value);
      break;
    }
    case "ratio_of_sums": {
      const n = Dec.sum(...usedInputs.map((u) => new Dec(u.input.numerator!)));
      const d = Dec.sum(...usedInputs.map((u) => new Dec(u.input.denominator!)));
      result.numerator = n.toNumber();
      result.denominator = d.toNumber();
      result.value = d.isZero() ? null : n.div(d).times(mult).toNumber();
      break;
    }
    case "count_meeting":
    case "share_meeting": {
      let count = 0;
      for (const u of usedInputs) {
        const meets = meetsThreshold(u.value!.toNumber(), options.threshold!);
        u.c.meets = meets;
        if (meets) count++;
      }
      const den = options.shareOf === "expected" ? expected : reported;
      result.numerator = count;
      result.denominator = den;
      result.value =
        rule === "count_meeting" ? count : den === 0 ? null : new Dec(count).div(den).times(mult).toNumber();
      break;
    }
  }
  return result;
}

/** How an indicator accumulates over time. */
export type TOverTime =
  /** A flow (new dossiers per month): the longer period is the sum of its parts; ratios are Σnum/Σden. */
  | "flow"
  /** A stock (number of teams, share of communes with fibre): the value at the latest part. */
  | "stock"
  /** The mean of the parts (average monthly uptime). */
  | "average";

/** One period's value of one unit. */
export interface TPeriodValue {
  period: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

/** Options of {@link aggregateOverTime}. */
export interface TOverTimeOptions {
  /** The longer period to compute ("2024N9"). */
  period: string;
  /** Values of the shorter periods. */
  values: readonly TPeriodValue[];
  overTime: TOverTime;
  /** Type of the parts (default: the type of the first value, else month). */
  granularity?: TPeriodType;
  /**
   * Treat values as ratios (numerator/denominator). Default: true when any value carries a
   * denominator.
   */
  ratio?: boolean;
  /** Scale of ratios: 1 (default) or 100. */
  multiplier?: number;
}

/** Result of {@link aggregateOverTime}: as {@link TAggregateResult}, ids are period codes. */
export interface TOverTimeResult extends Omit<TAggregateResult, "rule"> {
  overTime: TOverTime;
  period: string;
  /** Parts expected (e.g. 202401…202409). */
  expectedPeriods: string[];
  /** For a stock: the period whose value was taken. Behind the period's end when the latest part is missing. */
  asOf?: string;
}

/**
 * Aggregates the parts of a longer period: months into a quarter, quarters into a year, months into
 * 2024N9. Expected parts are the periods of `granularity` inside `period`; parts outside are
 * ignored and listed.
 * @throws AggregationError for duplicate periods or parts of another type
 */
export function aggregateOverTime(options: TOverTimeOptions): TOverTimeResult {
  const target = parsePeriod(options.period);
  const granularity =
    options.granularity ?? (options.values[0] ? parsePeriod(options.values[0].period).type : "month");
  const expectedPeriods = periodsWithin(target.code, granularity);
  const multiplier = options.multiplier ?? 1;
  const mult = new Dec(multiplier);
  const ratio =
    options.ratio ?? options.values.some((v) => v.denominator !== undefined && v.denominator !== null);
  const seen = new Set<string>();
  const contributions: TContribution[] = [];
  const ignoredIds: string[] = [];
  const used: Array<{ period: string; v: TPeriodValue; value: TDecimal | null }> = [];
  for (const v of options.values) {
    const p = parsePeriod(v.period);
    if (p.type !== granularity) {
      throw new AggregationError({
        messageVi: `Kỳ ${p.code} không cùng loại với các kỳ khác (${granularity})`,
        messageEn: `Period ${p.code} is not of the same type as the others (${granularity})`,
      });
    }
    if (seen.has(p.code)) {
      throw new AggregationError({
        messageVi: `Kỳ ${p.code} có hai giá trị`,
        messageEn: `Period ${p.code} has two values`,
      });
    }
    seen.add(p.code);
    const c: TContribution = { period: p.code, value: null, used: false };
    if (v.numerator !== undefined) c.numerator = v.numerator;
    if (v.denominator !== undefined) c.denominator = v.denominator;
    contributions.push(c);
    if (!periodContains(target.code, p.code)) {
      c.note = "not_expected";
      ignoredIds.push(p.code);
      continue;
    }
    if (ratio) {
      if (!finite(v.numerator) || !finite(v.denominator)) {
        c.note = "missing";
        continue;
      }
      const uv = unitValue({ unitId: "", numerator: v.numerator, denominator: v.denominator }, mult);
      c.value = num(uv.value);
      if (uv.zeroDen) c.note = "zero_denominator";
      c.used = true;
      used.push({ period: p.code, v, value: uv.value });
    } else {
      if (!finite(v.value)) {
        c.note = "missing";
        continue;
      }
      c.value = v.value;
      c.used = true;
      used.push({ period: p.code, v, value: new Dec(v.value) });
    }
  }
  used.sort((a, b) => comparePeriods(a.period, b.period));
  const reportedSet = new Set(used.map((u) => u.period));
  const missingIds = expectedPeriods.filter((p) => !reportedSet.has(p));
  for (const p of missingIds) {
    if (!seen.has(p)) contributions.push({ period: p, value: null, used: false, note: "missing" });
  }
  contributions.sort((a, b) => comparePeriods(a.period!, b.period!));
  const result: TOverTimeResult = {
    overTime: options.overTime,
    period: target.code,
    value: null,
    reported: used.length,
    expected: expectedPeriods.length,
    missing: Math.max(0, expectedPeriods.length - used.length),
    complete: used.length >= expectedPeriods.length,
    missingIds,
    ignoredIds,
    multiplier,
    expectedPeriods,
    contributions,
  };
  if (used.length === 0) {
    if (ratio) {
      result.numerator = null;
      result.denominator = null;
    }
    return result;
  }
  switch (options.overTime) {
    case "flow":
      if (ratio) {
        const n = Dec.sum(...used.map((u) => new Dec(u.v.numerator!)));
        const d = Dec.sum(...used.map((u) => new Dec(u.v.denominator!)));
        result.numerator = n.toNumber();
        result.denominator = d.toNumber();
        result.value = d.isZero() ? null : n.div(d).times(mult).toNumber();
      } else {
        result.value = Dec.sum(...used.map((u) => u.value!)).toNumber();
      }
      break;
    case "stock": {
      const last = used[used.length - 1];
      result.asOf = last.period;
      result.value = num(last.value);
      if (ratio) {
        result.numerator = last.v.numerator ?? null;
        result.denominator = last.v.denominator ?? null;
      }
      break;
    }
    case "average": {
      const vals = used.map((u) => u.value).filter((v): v is TDecimal => v !== null);
      result.value =
        vals.length === 0
          ? null
          : Dec.sum(...vals)
              .div(vals.length)
              .toNumber();
      break;
    }
  }
  return result;
}

const RULE_FORMULA: Record<TAggregationRule | TOverTime, { vi: string; en: string }> = {
  sum: { vi: "Σ giá trị các đơn vị", en: "Σ unit values" },
  ratio_of_sums: { vi: "Σ tử số / Σ mẫu số", en: "Σ numerators / Σ denominators" },
  average: { vi: "trung bình cộng", en: "mean" },
  min: { vi: "nhỏ nhất", en: "minimum" },
  max: { vi: "lớn nhất", en: "maximum" },
  last: { vi: "giá trị kỳ gần nhất", en: "latest value" },
  count_meeting: { vi: "số đơn vị đạt ngưỡng", en: "units meeting the threshold" },
  share_meeting: { vi: "số đơn vị đạt ngưỡng / số đơn vị", en: "units meeting the threshold / units" },
  flow: { vi: "cộng dồn các kỳ", en: "sum of the parts" },
  stock: { vi: "giá trị kỳ gần nhất", en: "value of the latest part" },
};

/**
 * Builds the explanation of an aggregation: the rule and its formula, each input (unit or period,
 * value, numerator/denominator, why it was left out), reported/expected counts and notes on
 * missing data.
 */
export function explainAggregate(
  result: TAggregateResult | TOverTimeResult,
  context: { label: string; code?: string; unitId?: string; period?: string; children?: TExplanation[] },
): TExplanation {
  const ruleName = "rule" in result ? result.rule : result.overTime;
  const f = RULE_FORMULA[ruleName];
  const inputs: TExplanationInput[] = result.contributions.map((c) => {
    const i: TExplanationInput = { value: c.value };
    if (c.unitId !== undefined) i.unitId = c.unitId;
    if (c.period !== undefined) i.period = c.period;
    if (c.numerator !== undefined) i.numerator = c.numerator;
    if (c.denominator !== undefined) i.denominator = c.denominator;
    const notes: string[] = [];
    if (c.note === "missing") notes.push("chưa báo cáo / not reported");
    if (c.note === "not_expected") notes.push("không thuộc phạm vi, bỏ qua / not expected, ignored");
    if (c.note === "zero_denominator") notes.push("mẫu số bằng 0 / zero denominator");
    if (c.meets !== undefined) notes.push(c.meets ? "đạt ngưỡng / meets" : "chưa đạt ngưỡng / does not meet");
    if (notes.length > 0) i.note = notes.join("; ");
    return i;
  });
  const details: Record<string, number | string | boolean | null> = {
    reported: result.reported,
    expected: result.expected,
    missing: result.missing,
    complete: result.complete,
  };
  if (result.numerator !== undefined) details.numerator = result.numerator;
  if (result.denominator !== undefined) details.denominator = result.denominator;
  if (result.multiplier !== 1) details.multiplier = result.multiplier;
  if (result.threshold) details.threshold = `${result.threshold.comparator} ${result.threshold.value}`;
  if ("asOf" in result && result.asOf !== undefined) details.asOf = result.asOf;
  const notes: string[] = [];
  if (result.reported === 0) notes.push("Không có số liệu / No data");
  else if (result.missing > 0)
    notes.push(
      `${result.missing}/${result.expected} chưa báo cáo / ${result.missing} of ${result.expected} not reported`,
    );
  if (result.ignoredIds.length > 0) notes.push(`Bỏ qua / ignored: ${result.ignoredIds.join(", ")}`);
  if (result.reported > 0 && result.value === null) notes.push("Mẫu số bằng 0 / Zero denominator");
  return explanation({
    label: context.label,
    kind: "aggregate",
    rule: ruleName,
    formula: `${f.vi} / ${f.en}`,
    code: context.code,
    unitId: context.unitId,
    period: context.period ?? ("period" in result ? result.period : undefined),
    inputs,
    result: result.value,
    details,
    notes,
    children: context.children,
  });
}

/** Convenience: the ratio as an exact decimal (Σnum/Σden) of a result, for exact display rounding. */
export function resultFraction(result: {
  numerator?: number | null;
  denominator?: number | null;
}): TDecimal | null {
  const n = toDecimal(result.numerator);
  const d = toDecimal(result.denominator);
  return n === null || d === null || d.isZero() ? null : n.div(d);
}
