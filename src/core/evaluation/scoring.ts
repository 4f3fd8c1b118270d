/**
 * Scoring of one unit against a framework: points per criterion, per node, per top index and in
 * total, each with an explanation (inputs, rule, formula, result) so that every figure on a
 * dashboard can show how it was computed.
 */
import { z } from "zod";
import {
  explanation,
  type TExplanation,
  type TExplanationInput,
  withDisplay,
  ZExplanation,
} from "../explain.ts";
import { formatNumber } from "../vn-number.ts";
import {
  effectiveWeight,
  isWeighted,
  type TCriterion,
  type TFramework,
  type TFrameworkNode,
  type TIndicatorScale,
  type TRequirement,
  type TStep,
  walkFramework,
  ZPillar,
  ZRequirement,
  ZScoringType,
} from "./framework.ts";
import { Dec, fmt, formatViDecimal, roundHalfUp, stored, type TDec } from "./numeric.ts";

/**
 * What a unit entered for one criterion. One flat shape for every scoring type, so that forms and
 * the database store answers uniformly; each rule reads the fields it needs:
 * ratio → numerator, denominator; steps → value; categorical → option; boolean_evidence → met,
 * evidence; indicator → value (only when the indicator value is not supplied); direct → points.
 */
export const ZAnswer = z.object({
  numerator: z.number().finite().optional(),
  denominator: z.number().finite().optional(),
  value: z.number().finite().optional(),
  met: z.boolean().optional(),
  option: z.string().optional(),
  points: z.number().finite().optional(),
  /** Identifiers of attached evidence files or links. */
  evidence: z.array(z.string()).optional(),
  comment: z.string().optional(),
});
/** One answer. */
export type TAnswer = z.infer<typeof ZAnswer>;

/** Answers of one unit keyed by criterion code. */
export const ZAnswers = z.record(z.string(), ZAnswer);
/** Answers of one unit keyed by criterion code. */
export type TAnswers = z.infer<typeof ZAnswers>;

/** Indicator values from the progress engine keyed by indicator code (null: no data). */
export const ZIndicatorValues = z.record(z.string(), z.number().finite().nullable());
/** Indicator values keyed by indicator code. */
export type TIndicatorValues = z.infer<typeof ZIndicatorValues>;

/** Why a criterion's score deserves a look. */
export const ZScoreFlag = z.enum([
  /** No answer at all: scored 0. */
  "no_answer",
  /** An answer without the field the rule needs: scored 0. */
  "missing_input",
  /** A negative count or ratio part: scored 0. */
  "invalid_input",
  /** "Yes" without the required evidence: scored 0. */
  "missing_evidence",
  /** Direct points outside [0, max]: clamped. */
  "clamped",
  /** Numerator larger than denominator: ratio capped at 1. */
  "numerator_exceeds_denominator",
  /** Denominator 0: scored by the rule's `whenDenominatorZero`. */
  "denominator_zero",
  /** Option not among the criterion's options: scored 0. */
  "unknown_option",
  /** Indicator value neither supplied nor entered: scored 0. */
  "indicator_missing",
]);
/** Flag on a criterion score. */
export type TScoreFlag = z.infer<typeof ZScoreFlag>;

/** What each flag tells the reporter and the reviewer, in both languages. */
export const SCORE_FLAG_MESSAGES: Record<TScoreFlag, { vi: string; en: string }> = {
  no_answer: { vi: "Chưa trả lời: 0 điểm.", en: "Not answered: 0 points." },
  missing_input: {
    vi: "Thiếu số liệu cần để chấm: 0 điểm.",
    en: "A value needed for scoring is missing: 0 points.",
  },
  invalid_input: { vi: "Số liệu âm không hợp lệ: 0 điểm.", en: "Negative value is invalid: 0 points." },
  missing_evidence: {
    vi: "Chọn “Có” nhưng chưa đính kèm minh chứng: 0 điểm.",
    en: "“Yes” without the required evidence: 0 points.",
  },
  clamped: {
    vi: "Điểm nhập ngoài khoảng [0, điểm tối đa] đã được giới hạn.",
    en: "Entered points were clamped to [0, max].",
  },
  numerator_exceeds_denominator: {
    vi: "Tử số lớn hơn mẫu số: tỷ lệ được tính tối đa 100%.",
    en: "Numerator exceeds denominator: the ratio is capped at 100%.",
  },
  denominator_zero: { vi: "Mẫu số bằng 0.", en: "Denominator is 0." },
  unknown_option: {
    vi: "Lựa chọn không có trong danh sách: 0 điểm.",
    en: "Option not in the list: 0 points.",
  },
  indicator_missing: { vi: "Chưa có giá trị chỉ số: 0 điểm.", en: "No indicator value: 0 points." },
};

/** Score of one criterion. */
export const ZCriterionScore = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  type: ZScoringType,
  parentCode: z.string().nullable(),
  topCode: z.string(),
  /** Own or inherited recognition flag. */
  requirement: ZRequirement.nullable(),
  maxPoints: z.number(),
  points: z.number(),
  /** points / maxPoints, 0..1. */
  share: z.number(),
  flags: z.array(ZScoreFlag),
  explanation: ZExplanation,
});
/** Score of one criterion. */
export type TCriterionScore = z.infer<typeof ZCriterionScore>;

/** Score of any node (index, sub-index or criterion). */
export const ZNodeScore = z.object({
  code: z.string(),
  kind: z.enum(["index", "criterion"]),
  nameVi: z.string(),
  nameEn: z.string(),
  /** 1 for a top index. */
  depth: z.number().int(),
  parentCode: z.string().nullable(),
  topCode: z.string(),
  pillar: ZPillar.nullable(),
  maxPoints: z.number(),
  points: z.number(),
  /** Index value: points / maxPoints, 0..1. */
  value: z.number(),
  /** Explicit weight of the node in a weighted parent, null when the parent sums points. */
  weight: z.number().nullable(),
  explanation: ZExplanation,
});
/** Score of any node. */
export type TNodeScore = z.infer<typeof ZNodeScore>;

/** Score of one unit against one framework. */
export const ZUnitScore = z.object({
  frameworkCode: z.string(),
  frameworkVersion: z.string(),
  total: z.object({
    maxPoints: z.number(),
    points: z.number(),
    /** points / maxPoints, 0..1 (the DTI itself). */
    value: z.number(),
    /** value rounded half-up to the framework's published decimals (default 4). */
    published: z.number(),
    /** The published value in Vietnamese notation, e.g. "0,8002". */
    publishedText: z.string(),
    explanation: ZExplanation,
  }),
  /** Top indices in framework order. */
  indices: z.array(ZNodeScore),
  /** Every node, depth-first in framework order. */
  nodes: z.array(ZNodeScore),
  /** Every criterion in framework order. */
  criteria: z.array(ZCriterionScore),
  /** Answer codes that match no criterion (typos or an answer for another framework version). */
  unknownAnswerCodes: z.array(z.string()),
});
/** Score of one unit. */
export type TUnitScore = z.infer<typeof ZUnitScore>;

/** Default decimals of published index values ("0,8002"). */
export const DEFAULT_PUBLISHED_DECIMALS = 4;

interface TRaw {
  points: TDec;
  flags: TScoreFlag[];
  /** The rule in words. */
  rule: string;
  inputs: TExplanationInput[];
  /** The arithmetic with the numbers filled in. */
  formula: string;
}

const zero = (options: {
  rule: string;
  inputs: TExplanationInput[];
  why: string;
  flag: TScoreFlag;
}): TRaw => ({
  points: new Dec(0),
  flags: [options.flag],
  rule: options.rule,
  inputs: options.inputs,
  formula: `${options.why} → 0`,
});

function scoreSteps(options: {
  steps: readonly TStep[];
  direction: "higher" | "lower";
  value: number;
  rule: string;
  inputs: TExplanationInput[];
}): TRaw {
  const { steps, direction, value, rule, inputs } = options;
  const reached = steps.filter((s) => (direction === "higher" ? value >= s.threshold : value <= s.threshold));
  if (reached.length === 0) {
    return { points: new Dec(0), flags: [], rule, inputs, formula: `${value} reaches no step → 0` };
  }
  // The best reached step counts, whatever order the steps were written in.
  const best = reached.reduce((a, b) => (b.points > a.points ? b : a));
  const op = direction === "higher" ? "≥" : "≤";
  return {
    points: new Dec(String(best.points)),
    flags: [],
    rule,
    inputs,
    formula: `${value} ${op} ${best.threshold} → ${best.points}`,
  };
}

const describeSteps = (steps: readonly TStep[], direction: "higher" | "lower"): string =>
  `steps (${direction === "higher" ? "≥" : "≤"}): ${[...steps]
    .sort((a, b) => (direction === "higher" ? b.threshold - a.threshold : a.threshold - b.threshold))
    .map((s) => `${s.threshold} → ${s.points}`)
    .join("; ")}; otherwise 0`;

function scoreIndicatorScale(options: {
  scale: TIndicatorScale;
  value: number;
  max: number;
  inputs: TExplanationInput[];
}): TRaw {
  const { scale, value, max, inputs } = options;
  const maxD = new Dec(String(max));
  if (scale.kind === "steps") {
    const direction = scale.direction ?? "higher";
    return scoreSteps({
      steps: scale.steps,
      direction,
      value,
      rule: describeSteps(scale.steps, direction),
      inputs,
    });
  }
  if (scale.kind === "ratio") {
    const rule = "min(value / target, 1) × max points";
    if (value < 0) return zero({ rule, inputs, why: `negative value ${value}`, flag: "invalid_input" });
    const points = Dec.min(new Dec(String(value)).div(String(scale.target)), 1).times(maxD);
    return {
      points,
      flags: [],
      rule,
      inputs,
      formula: `min(${value} / ${scale.target}, 1) × ${max} = ${fmt(points)}`,
    };
  }
  const rule = `linear from ${scale.worst} (0 points) to ${scale.best} (${max} points), clamped`;
  const raw = new Dec(String(value))
    .minus(String(scale.worst))
    .div(new Dec(String(scale.best)).minus(String(scale.worst)));
  const points = Dec.max(0, Dec.min(1, raw)).times(maxD);
  return {
    points,
    flags: [],
    rule,
    inputs,
    formula: `clamp((${value} − ${scale.worst}) / (${scale.best} − ${scale.worst}), 0, 1) × ${max} = ${fmt(points)}`,
  };
}

function rawScore(options: {
  criterion: TCriterion;
  answer: TAnswer | undefined;
  indicatorValues: TIndicatorValues;
}): TRaw {
  const { criterion, answer, indicatorValues } = options;
  const s = criterion.scoring;
  const max = criterion.maxPoints;
  const maxD = new Dec(String(max));

  if (s.type === "indicator") {
    // The progress engine's value is authoritative; an entered value is the fallback for units
    // whose indicator is not (yet) computed.
    const supplied = indicatorValues[s.indicatorCode];
    const fromIndicator = typeof supplied === "number";
    const value = fromIndicator ? supplied : answer?.value;
    const inputs: TExplanationInput[] = [
      { code: s.indicatorCode, label: fromIndicator ? "indicator" : "entered", value: value ?? null },
    ];
    if (value === undefined) {
      return zero({
        rule: `indicator ${s.indicatorCode}`,
        inputs,
        why: "no indicator value",
        flag: "indicator_missing",
      });
    }
    return scoreIndicatorScale({ scale: s.scale, value, max, inputs });
  }

  if (answer === undefined) {
    return zero({ rule: s.type, inputs: [], why: "no answer", flag: "no_answer" });
  }

  switch (s.type) {
    case "ratio": {
      const rule = "min(a / b, 1) × max points";
      const a = answer.numerator;
      const b = answer.denominator;
      const inputs: TExplanationInput[] = [
        { label: "numerator", value: a ?? null },
        { label: "denominator", value: b ?? null },
      ];
      if (a === undefined || b === undefined) {
        return zero({ rule, inputs, why: "numerator or denominator missing", flag: "missing_input" });
      }
      if (a < 0 || b < 0) {
        return zero({ rule, inputs, why: "negative numerator or denominator", flag: "invalid_input" });
      }
      if (b === 0) {
        const full = s.whenDenominatorZero === "full";
        return {
          points: full ? maxD : new Dec(0),
          flags: ["denominator_zero"],
          rule: `${rule}; b = 0 scores ${full ? "the maximum" : "0"}`,
          inputs,
          formula: `b = 0 → ${full ? max : 0}`,
        };
      }
      const points = Dec.min(new Dec(String(a)).div(String(b)), 1).times(maxD);
      return {
        points,
        flags: a > b ? ["numerator_exceeds_denominator"] : [],
        rule,
        inputs,
        formula: `min(${a} / ${b}, 1) × ${max} = ${fmt(points)}`,
      };
    }
    case "steps": {
      const direction = s.direction ?? "higher";
      const rule = describeSteps(s.steps, direction);
      const inputs: TExplanationInput[] = [{ label: "value", value: answer.value ?? null }];
      if (answer.value === undefined)
        return zero({ rule, inputs, why: "value missing", flag: "missing_input" });
      return scoreSteps({ steps: s.steps, direction, value: answer.value, rule, inputs });
    }
    case "categorical": {
      const rule = s.options.map((o) => `${o.code} → ${fmt(o.share)} × max`).join("; ");
      const inputs: TExplanationInput[] = [{ label: "option", value: answer.option ?? null }];
      if (answer.option === undefined)
        return zero({ rule, inputs, why: "no option chosen", flag: "missing_input" });
      const option = s.options.find((o) => o.code === answer.option);
      if (option === undefined) {
        return zero({ rule, inputs, why: `unknown option "${answer.option}"`, flag: "unknown_option" });
      }
      const points = new Dec(String(option.share)).times(maxD);
      return {
        points,
        flags: [],
        rule,
        inputs,
        formula: `${option.code}: ${fmt(option.share)} × ${max} = ${fmt(points)}`,
      };
    }
    case "boolean_evidence": {
      const minEvidence = s.minEvidence ?? 1;
      const rule = `yes with at least ${minEvidence} evidence attachment(s) → max points; otherwise 0`;
      const evidence = answer.evidence?.length ?? 0;
      const inputs: TExplanationInput[] = [
        { label: "met", value: answer.met ?? null },
        { label: "evidence", value: evidence },
      ];
      if (answer.met === undefined)
        return zero({ rule, inputs, why: "yes/no missing", flag: "missing_input" });
      if (!answer.met) return { points: new Dec(0), flags: [], rule, inputs, formula: "no → 0" };
      if (evidence < minEvidence) {
        return zero({
          rule,
          inputs,
          why: `yes with ${evidence} of ${minEvidence} required evidence`,
          flag: "missing_evidence",
        });
      }
      return { points: maxD, flags: [], rule, inputs, formula: `yes with ${evidence} evidence → ${max}` };
    }
    case "direct": {
      const rule = "points entered directly, clamped to [0, max]";
      const inputs: TExplanationInput[] = [{ label: "points", value: answer.points ?? null }];
      if (answer.points === undefined)
        return zero({ rule, inputs, why: "points missing", flag: "missing_input" });
      const entered = new Dec(String(answer.points));
      const points = Dec.max(0, Dec.min(maxD, entered));
      const clamped = !points.eq(entered);
      return {
        points,
        flags: clamped ? ["clamped"] : [],
        rule,
        inputs,
        formula: clamped ? `clamp(${answer.points}, 0, ${max}) = ${fmt(points)}` : fmt(points),
      };
    }
  }
}

/** Points as shown: Vietnamese notation, up to 2 decimals ("17,91", "15"). */
const showPoints = (points: number): string => formatNumber(points, { decimals: 2, trimZeros: true });

interface TCriterionOptions {
  criterion: TCriterion;
  answer?: TAnswer;
  indicatorValues?: TIndicatorValues;
  parentCode?: string | null;
  topCode?: string;
  requirement?: TRequirement | null;
}

/** The score and its exact decimal points (the stored number is rounded to 10 decimals). */
function scoreCriterionExact(options: TCriterionOptions): { score: TCriterionScore; exact: TDec } {
  const { criterion } = options;
  const raw = rawScore({ criterion, answer: options.answer, indicatorValues: options.indicatorValues ?? {} });
  const points = stored(raw.points);
  const share = stored(raw.points.div(String(criterion.maxPoints)));
  return {
    exact: raw.points,
    score: {
      code: criterion.code,
      nameVi: criterion.nameVi,
      nameEn: criterion.nameEn,
      type: criterion.scoring.type,
      parentCode: options.parentCode ?? null,
      topCode: options.topCode ?? criterion.code,
      requirement: options.requirement ?? criterion.requirement ?? null,
      maxPoints: criterion.maxPoints,
      points,
      share,
      flags: raw.flags,
      explanation: explanation({
        label: `${criterion.code}. ${criterion.nameVi}`,
        kind: "formula",
        rule: criterion.scoring.type,
        formula: raw.formula,
        code: criterion.code,
        inputs: raw.inputs,
        result: points,
        display: showPoints(points),
        details: { rule: raw.rule, maxPoints: criterion.maxPoints, share },
        notes: raw.flags.map((f) => SCORE_FLAG_MESSAGES[f].vi),
      }),
    },
  };
}

/**
 * Scores one criterion. Pure: the same criterion, answer and indicator values give the same score.
 * A missing or incomplete answer scores 0 with a flag rather than failing, because a unit that did
 * not report earns nothing for that criterion (the DTI rule) and the flag tells the reviewer why.
 */
export function scoreCriterion(options: TCriterionOptions): TCriterionScore {
  return scoreCriterionExact(options).score;
}

interface TAggregate {
  points: TDec;
  value: TDec;
  explanation: TExplanation;
}

/** Combines children into a parent: a plain sum of points, or a weighted mean of values when any child has a weight. */
function aggregate(options: {
  label: string;
  code?: string;
  maxPoints: number;
  children: ReadonlyArray<{ node: TFrameworkNode; points: TDec; value: TDec }>;
}): TAggregate {
  const { label, code, maxPoints, children } = options;
  const maxD = new Dec(String(maxPoints));
  if (children.length === 0) {
    return {
      points: new Dec(0),
      value: new Dec(0),
      explanation: explanation({
        label,
        kind: "aggregate",
        rule: "empty",
        code,
        result: 0,
        notes: ["no children"],
      }),
    };
  }
  if (!isWeighted(children.map((c) => c.node))) {
    const points = children.reduce((acc, c) => acc.plus(c.points), new Dec(0));
    const value = points.div(maxD);
    return {
      points,
      value,
      explanation: explanation({
        label,
        kind: "aggregate",
        rule: "sum",
        formula: `${children.map((c) => fmt(c.points)).join(" + ")} = ${fmt(points)}; ${fmt(points)} / ${maxPoints} = ${fmt(value)}`,
        code,
        inputs: children.map((c) => ({ code: c.node.code, label: c.node.nameVi, value: stored(c.points) })),
        result: stored(points),
        display: showPoints(stored(points)),
        details: { maxPoints, value: stored(value) },
      }),
    };
  }
  let weightSum = new Dec(0);
  let acc = new Dec(0);
  const terms: string[] = [];
  for (const c of children) {
    const w = new Dec(String(effectiveWeight(c.node)));
    weightSum = weightSum.plus(w);
    acc = acc.plus(w.times(c.value));
    terms.push(`${fmt(w)} × ${fmt(c.value)}`);
  }
  const value = acc.div(weightSum);
  const points = value.times(maxD);
  return {
    points,
    value,
    explanation: explanation({
      label,
      kind: "aggregate",
      rule: "weighted_mean",
      formula: `(${terms.join(" + ")}) / ${fmt(weightSum)} = ${fmt(value)}; × ${maxPoints} = ${fmt(points)}`,
      code,
      inputs: children.map((c) => ({
        code: c.node.code,
        label: c.node.nameVi,
        value: stored(c.value),
        note: `weight ${effectiveWeight(c.node)}`,
      })),
      result: stored(points),
      display: showPoints(stored(points)),
      details: { maxPoints, value: stored(value) },
    }),
  };
}

/**
 * Scores one unit: every criterion from its answer (or indicator value), every index from its
 * children, the top indices and the total. The total value is Σ points / framework max points —
 * for the DTI, Σ(index value × index max points) / 1000 — published rounded half-up to the
 * framework's `publishedDecimals` (default 4).
 */
export function scoreUnit(options: {
  framework: TFramework;
  answers: TAnswers;
  /** Values of `indicator` criteria, keyed by indicator code. */
  indicatorValues?: TIndicatorValues;
}): TUnitScore {
  const { framework, answers } = options;
  const indicatorValues = options.indicatorValues ?? {};
  const visited = walkFramework(framework);
  const meta = new Map(visited.map((v) => [v.node.code, v]));
  const nodes: TNodeScore[] = [];
  const criteria: TCriterionScore[] = [];

  const visit = (node: TFrameworkNode, parentWeighted: boolean): { points: TDec; value: TDec } => {
    const m = meta.get(node.code)!;
    const slot = nodes.length;
    nodes.push(undefined as unknown as TNodeScore); // reserve the parent's place before its children
    let points: TDec;
    let value: TDec;
    let trail: TExplanation;
    if (node.kind === "criterion") {
      const { score: cs, exact } = scoreCriterionExact({
        criterion: node,
        answer: answers[node.code],
        indicatorValues,
        parentCode: m.parentCode,
        topCode: m.topCode,
        requirement: m.requirement,
      });
      criteria.push(cs);
      // Aggregate the exact decimal, not the stored (rounded) number, so sums carry no rounding.
      points = exact;
      value = points.div(String(node.maxPoints));
      trail = cs.explanation;
    } else {
      const weighted = isWeighted(node.children);
      const children = node.children.map((child) => ({ node: child, ...visit(child, weighted) }));
      const agg = aggregate({
        label: `${node.code}. ${node.nameVi}`,
        code: node.code,
        maxPoints: node.maxPoints,
        children,
      });
      points = agg.points;
      value = agg.value;
      trail = agg.explanation;
    }
    nodes[slot] = {
      code: node.code,
      kind: node.kind,
      nameVi: node.nameVi,
      nameEn: node.nameEn,
      depth: m.depth,
      parentCode: m.parentCode,
      topCode: m.topCode,
      pillar: node.pillar ?? null,
      maxPoints: node.maxPoints,
      points: stored(points),
      value: stored(value),
      weight: parentWeighted ? effectiveWeight(node) : null,
      explanation: trail,
    };
    return { points, value };
  };

  const rootWeighted = isWeighted(framework.children);
  const tops = framework.children.map((child) => ({ node: child, ...visit(child, rootWeighted) }));
  const agg = aggregate({ label: framework.nameVi, maxPoints: framework.maxPoints, children: tops });
  const decimals = framework.publishedDecimals ?? DEFAULT_PUBLISHED_DECIMALS;
  const codes = new Set(visited.map((v) => v.node.code));
  const value = stored(agg.value);
  return {
    frameworkCode: framework.code,
    frameworkVersion: framework.version,
    total: {
      maxPoints: framework.maxPoints,
      points: stored(agg.points),
      value,
      published: roundHalfUp(agg.value, decimals),
      publishedText: formatViDecimal(agg.value, decimals),
      // The total's trail shows the value (0..1), rounded as published, not the points.
      explanation: withDisplay({ ...agg.explanation, result: value }, { decimals }),
    },
    indices: nodes.filter((n) => n.depth === 1),
    nodes,
    criteria,
    unknownAnswerCodes: Object.keys(answers).filter((c) => !codes.has(c)),
  };
}

/**
 * The whole explanation trail of a unit's score as one tree (total → top indices → sub-indices →
 * criteria), for the "how was this computed" panel. Node explanations in {@link TUnitScore} list
 * their children as inputs only, so that the score stays small; this joins them.
 */
export function explainUnitScore(score: TUnitScore): TExplanation {
  const childrenOf = new Map<string | null, TNodeScore[]>();
  for (const n of score.nodes) {
    const list = childrenOf.get(n.parentCode) ?? [];
    list.push(n);
    childrenOf.set(n.parentCode, list);
  }
  const build = (n: TNodeScore): TExplanation =>
    explanation({ ...n.explanation, children: (childrenOf.get(n.code) ?? []).map(build) });
  return explanation({ ...score.total.explanation, children: (childrenOf.get(null) ?? []).map(build) });
}

/**
 * Recomputes a composite from published index values, the way the DTI table is read:
 * Σ(index value × index max points) / framework max points, rounded half-up to the published
 * decimals. Published index values are themselves rounded, so the result can differ from the
 * published composite by one unit in the last decimal (see docs/evaluation-index.md).
 */
export function compositeFromIndexValues(options: {
  framework: TFramework;
  /** Index value (0..1) per top index code; a missing index counts as 0. */
  values: Record<string, number | null>;
}): { value: number; published: number; publishedText: string; explanation: TExplanation } {
  const { framework, values } = options;
  const tops = framework.children.map((node) => {
    const v = new Dec(String(values[node.code] ?? 0));
    return { node, value: v, points: v.times(String(node.maxPoints)) };
  });
  const agg = aggregate({ label: framework.nameVi, maxPoints: framework.maxPoints, children: tops });
  const decimals = framework.publishedDecimals ?? DEFAULT_PUBLISHED_DECIMALS;
  const value = stored(agg.value);
  return {
    value,
    published: roundHalfUp(agg.value, decimals),
    publishedText: formatViDecimal(agg.value, decimals),
    explanation: withDisplay(
      explanation({
        label: framework.nameVi,
        kind: "formula",
        rule: "index_values_times_max_points",
        formula: `(${tops.map((t) => `${fmt(t.value)} × ${t.node.maxPoints}`).join(" + ")}) / ${framework.maxPoints} = ${fmt(agg.value)}`,
        inputs: tops.map((t) => ({
          code: t.node.code,
          label: t.node.nameVi,
          value: values[t.node.code] ?? null,
        })),
        result: value,
      }),
      { decimals },
    ),
  };
}
