/**
 * Evaluation frameworks as data: a versioned tree of indices → sub-indices → criteria with maximum
 * points and a scoring rule on every criterion. Frameworks are stored as JSON and edited through
 * the API, so everything here is a Zod schema; the structural rules (unique codes, points that add
 * up) are checked by {@link checkFramework} and enforced by {@link ZFramework}.
 */
import { z } from "zod";
import { Dec, fmt, type TDec } from "./numeric.ts";

/** Legal basis of a framework version: "922/QĐ-BTTTT", Bộ Thông tin và Truyền thông, 2022-05-20. */
export const ZLegalBasis = z.object({
  /** Document number as printed, e.g. "922/QĐ-BTTTT". */
  number: z.string().min(1),
  /** Issuing body in Vietnamese, e.g. "Bộ Thông tin và Truyền thông". */
  issuer: z.string().min(1),
  /** Issuing date, ISO yyyy-mm-dd. */
  date: z.iso.date(),
  /** Title (trích yếu). */
  title: z.string().optional(),
  url: z.string().optional(),
});
/** Legal basis of a framework version. */
export type TLegalBasis = z.infer<typeof ZLegalBasis>;

/** Whether a criterion is required for recognition ("bắt buộc") or counts towards the advanced level ("mở rộng"). */
export const ZRequirement = z.enum(["mandatory", "extended"]);
/** Recognition flag of a node. */
export type TRequirement = z.infer<typeof ZRequirement>;

/** Pillar a node belongs to (nền tảng / chính quyền số / kinh tế số / xã hội số), for dashboards. */
export const ZPillar = z.enum(["foundation", "government", "economy", "society"]);
/** Pillar tag. */
export type TPillar = z.infer<typeof ZPillar>;

/** One threshold of a step rule: a value past `threshold` earns `points`. */
export const ZStep = z.object({
  threshold: z.number().finite(),
  points: z.number().finite().nonnegative(),
});
/** One step of a step rule. */
export type TStep = z.infer<typeof ZStep>;

const ZStepsFields = {
  /** Reached steps; the best reached step counts, a value short of every step scores 0. */
  steps: z.array(ZStep).min(1),
  /** "higher" (default): a step is reached when value ≥ threshold; "lower": when value ≤ threshold. */
  direction: z.enum(["higher", "lower"]).optional(),
};

/** a / b × max points, a/b capped at 1. */
export const ZRatioScoring = z.object({
  type: z.literal("ratio"),
  /** What b = 0 earns: "zero" (default; nothing to show) or "full" (nothing was due). */
  whenDenominatorZero: z.enum(["zero", "full"]).optional(),
});

/** Step thresholds on a count entered for the criterion (4 meetings = 20, 3 = 15, …). */
export const ZStepsScoring = z.object({ type: z.literal("steps"), ...ZStepsFields });

/** One option of a categorical criterion and the share of the maximum it earns. */
export const ZCategoricalOption = z.object({
  code: z.string().min(1),
  labelVi: z.string().min(1),
  labelEn: z.string().optional(),
  share: z.number().min(0).max(1),
});
/** Option of a categorical criterion. */
export type TCategoricalOption = z.infer<typeof ZCategoricalOption>;

/** One option chosen from a list, each worth a share of the maximum (chaired by the head = 1, by a deputy = ½). */
export const ZCategoricalScoring = z.object({
  type: z.literal("categorical"),
  options: z.array(ZCategoricalOption).min(1),
});

/** Yes/no that scores the maximum only when evidence is attached. */
export const ZBooleanEvidenceScoring = z.object({
  type: z.literal("boolean_evidence"),
  /** Minimum number of evidence attachments for a "yes" to count (default 1). */
  minEvidence: z.number().int().min(0).optional(),
});

/** How an indicator value is turned into points. */
export const ZIndicatorScale = z.discriminatedUnion("kind", [
  /** value / target × max, capped at the maximum (e.g. 89.5 % of a 100 % target). */
  z.object({ kind: z.literal("ratio"), target: z.number().finite().positive() }),
  /** Thresholds on the value. */
  z.object({ kind: z.literal("steps"), ...ZStepsFields }),
  /** Linear between two bounds: `worst` earns 0, `best` earns the maximum, clamped outside (best < worst means lower is better). */
  z.object({ kind: z.literal("linear"), worst: z.number().finite(), best: z.number().finite() }),
]);
/** Scale of an indicator-based criterion. */
export type TIndicatorScale = z.infer<typeof ZIndicatorScale>;

/** Value taken from a progress-engine indicator, then scored on a scale. */
export const ZIndicatorScoring = z.object({
  type: z.literal("indicator"),
  /** Indicator code in the progress engine. */
  indicatorCode: z.string().min(1),
  scale: ZIndicatorScale,
});

/** Points entered directly (e.g. by the appraisal council), clamped to [0, max]. */
export const ZDirectScoring = z.object({ type: z.literal("direct") });

/** Scoring rule of a criterion. */
export const ZScoring = z.discriminatedUnion("type", [
  ZRatioScoring,
  ZStepsScoring,
  ZCategoricalScoring,
  ZBooleanEvidenceScoring,
  ZIndicatorScoring,
  ZDirectScoring,
]);
/** Scoring rule of a criterion. */
export type TScoring = z.infer<typeof ZScoring>;

/** The scoring types. */
export const ZScoringType = z.enum([
  "ratio",
  "steps",
  "categorical",
  "boolean_evidence",
  "indicator",
  "direct",
]);
/** The scoring types. */
export type TScoringType = z.infer<typeof ZScoringType>;

/** Fields common to indices and criteria. */
export const ZNodeBase = z.object({
  /** Unique within the framework, e.g. "1", "1.2", "CQS-3". */
  code: z.string().min(1).max(64),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  /** Maximum points of the node. */
  maxPoints: z.number().finite().positive(),
  /**
   * Relative weight inside a weighted parent. When any sibling has a weight the parent becomes
   * weighted (value = Σ wᵢ·valueᵢ / Σ wᵢ, a missing weight counting as the node's max points);
   * otherwise the parent's points are the plain sum of its children's points.
   */
  weight: z.number().finite().positive().optional(),
  /** Recognition flag; criteria inherit it from the nearest flagged ancestor. */
  requirement: ZRequirement.optional(),
  pillar: ZPillar.optional(),
  descriptionVi: z.string().optional(),
  descriptionEn: z.string().optional(),
  /** True when the node is a placeholder, not taken from the legal text. */
  illustrative: z.boolean().optional(),
  note: z.string().optional(),
});

/** A leaf: something a unit answers and that is scored. */
export const ZCriterion = ZNodeBase.extend({
  kind: z.literal("criterion"),
  scoring: ZScoring,
  /** Unit of the entered value, e.g. "cuộc họp", "%". */
  unit: z.string().optional(),
});
/** A criterion (leaf). */
export type TCriterion = z.infer<typeof ZCriterion>;

/** An index or sub-index: a node with children. */
export const ZIndexNode = ZNodeBase.extend({
  kind: z.literal("index"),
  // A recursive getter (Zod 4); a plain union in it because TypeScript cannot infer a recursive
  // discriminated union, and `.extend` rather than an object spread for the same reason.
  get children(): z.ZodArray<z.ZodUnion<[typeof ZIndexNode, typeof ZCriterion]>> {
    return z.array(z.union([ZIndexNode, ZCriterion]));
  },
});
/** An index or sub-index. */
export type TIndexNode = z.infer<typeof ZIndexNode>;

/** Any node of a framework tree. */
export const ZFrameworkNode = z.discriminatedUnion("kind", [ZIndexNode, ZCriterion]);
/** Any node of a framework tree. */
export type TFrameworkNode = z.infer<typeof ZFrameworkNode>;

/**
 * A framework without the consistency rules: what an editor may save as a draft while the points
 * do not add up yet. {@link ZFramework} is the same shape with the rules enforced.
 */
export const ZFrameworkShape = z.object({
  /** Stable code of the framework family, e.g. "DTI-PROVINCE". */
  code: z.string().min(1),
  /** Version label, e.g. "2022". A new legal basis makes a new version. */
  version: z.string().min(1),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  /** Kind of unit evaluated. */
  scope: z.enum(["nation", "province", "ministry", "department", "commune", "other"]),
  legalBasis: ZLegalBasis,
  status: z.enum(["draft", "active", "retired"]).optional(),
  /** Total maximum points (1000 for the DTI). */
  maxPoints: z.number().finite().positive(),
  /** Decimals of the published values (4 for the DTI: "0,8002"). */
  publishedDecimals: z.number().int().min(0).max(10).optional(),
  /** Where the content comes from, and how reliable it is. */
  source: z.string().min(1),
  illustrative: z.boolean().optional(),
  note: z.string().optional(),
  /** Top indices. */
  children: z.array(ZFrameworkNode),
});

/** Severity and location of a problem found in a framework. */
export const ZFrameworkIssue = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.enum([
    "duplicate_code",
    "points_mismatch",
    "partial_weights",
    "step_exceeds_max",
    "duplicate_threshold",
    "duplicate_option",
    "max_unreachable",
    "degenerate_bounds",
    "empty_node",
  ]),
  /** Code of the node concerned; the framework code for the root. */
  nodeCode: z.string(),
  message: z.string(),
});
/** A problem found in a framework. */
export type TFrameworkIssue = z.infer<typeof ZFrameworkIssue>;

/** Framework shape as stored (consistency not guaranteed). */
export type TFramework = z.infer<typeof ZFrameworkShape>;

/** Whether any sibling carries an explicit weight (the parent is then a weighted node). */
export function isWeighted(children: readonly TFrameworkNode[]): boolean {
  return children.some((c) => c.weight !== undefined);
}

/** Effective weight of a node inside a weighted parent: its weight, or its max points. */
export function effectiveWeight(node: TFrameworkNode): number {
  return node.weight ?? node.maxPoints;
}

function sumMax(children: readonly TFrameworkNode[]): TDec {
  return children.reduce((acc, c) => acc.plus(String(c.maxPoints)), new Dec(0));
}

function checkScoring(node: TCriterion, issues: TFrameworkIssue[]): void {
  const s = node.scoring;
  const steps =
    s.type === "steps" ? s.steps : s.type === "indicator" && s.scale.kind === "steps" ? s.scale.steps : [];
  for (const step of steps) {
    if (step.points > node.maxPoints) {
      issues.push({
        severity: "error",
        code: "step_exceeds_max",
        nodeCode: node.code,
        message: `Step at ${step.threshold} gives ${step.points} points, more than the criterion's maximum ${node.maxPoints}.`,
      });
    }
  }
  const thresholds = new Set<number>();
  for (const step of steps) {
    if (thresholds.has(step.threshold)) {
      issues.push({
        severity: "error",
        code: "duplicate_threshold",
        nodeCode: node.code,
        message: `Threshold ${step.threshold} appears twice.`,
      });
    }
    thresholds.add(step.threshold);
  }
  if (steps.length > 0 && !steps.some((st) => st.points === node.maxPoints)) {
    issues.push({
      severity: "warning",
      code: "max_unreachable",
      nodeCode: node.code,
      message: `No step gives the maximum ${node.maxPoints} points.`,
    });
  }
  if (s.type === "categorical") {
    const seen = new Set<string>();
    for (const o of s.options) {
      if (seen.has(o.code)) {
        issues.push({
          severity: "error",
          code: "duplicate_option",
          nodeCode: node.code,
          message: `Option "${o.code}" appears twice.`,
        });
      }
      seen.add(o.code);
    }
    if (!s.options.some((o) => o.share === 1)) {
      issues.push({
        severity: "warning",
        code: "max_unreachable",
        nodeCode: node.code,
        message: "No option gives the full maximum (share 1).",
      });
    }
  }
  if (s.type === "indicator" && s.scale.kind === "linear" && s.scale.worst === s.scale.best) {
    issues.push({
      severity: "error",
      code: "degenerate_bounds",
      nodeCode: node.code,
      message: `Linear bounds are equal (${s.scale.worst}); the scale has no width.`,
    });
  }
}

function checkChildren(options: {
  code: string;
  maxPoints: number;
  children: readonly TFrameworkNode[];
  issues: TFrameworkIssue[];
}): void {
  const { code, maxPoints, children, issues } = options;
  if (children.length === 0) {
    // An empty node is an unfinished draft, not an inconsistency: warn and skip the sum rule.
    issues.push({
      severity: "warning",
      code: "empty_node",
      nodeCode: code,
      message: "No children yet; the node cannot be scored.",
    });
    return;
  }
  if (isWeighted(children)) {
    if (children.some((c) => c.weight === undefined)) {
      issues.push({
        severity: "warning",
        code: "partial_weights",
        nodeCode: code,
        message:
          "Some children have a weight and some do not; those without count with their max points as weight.",
      });
    }
    return;
  }
  const total = sumMax(children);
  if (!total.eq(String(maxPoints))) {
    issues.push({
      severity: "error",
      code: "points_mismatch",
      nodeCode: code,
      message: `Children's maximum points add up to ${fmt(total)}, the node's maximum is ${maxPoints}; they must be equal.`,
    });
  }
}

/**
 * Checks the consistency rules of a framework and returns every problem found:
 * - codes are unique across the whole tree (error);
 * - the children's maximum points add up exactly to the parent's maximum, and the top indices to
 *   the framework's total (error) — *equal*, not "at most", because a shortfall would make the
 *   parent's maximum unreachable and silently cap every unit's index value below 1. Nodes whose
 *   children carry weights are exempt: their value is a weighted mean of the children's values;
 * - steps give no more than the criterion's maximum, thresholds and option codes are unique,
 *   linear bounds differ (errors); the maximum is reachable (warning);
 * - nodes without children (warning: a draft).
 */
export function checkFramework(framework: TFramework): TFrameworkIssue[] {
  const issues: TFrameworkIssue[] = [];
  const seen = new Set<string>();
  const visit = (node: TFrameworkNode): void => {
    if (seen.has(node.code)) {
      issues.push({
        severity: "error",
        code: "duplicate_code",
        nodeCode: node.code,
        message: `Code "${node.code}" is used by more than one node.`,
      });
    }
    seen.add(node.code);
    if (node.kind === "criterion") {
      checkScoring(node, issues);
      return;
    }
    checkChildren({ code: node.code, maxPoints: node.maxPoints, children: node.children, issues });
    for (const child of node.children) visit(child);
  };
  checkChildren({
    code: framework.code,
    maxPoints: framework.maxPoints,
    children: framework.children,
    issues,
  });
  for (const child of framework.children) visit(child);
  return issues;
}

/**
 * A complete, consistent framework: {@link ZFrameworkShape} plus every error-level rule of
 * {@link checkFramework}. Use it to activate a framework or before scoring; warnings do not fail.
 */
export const ZFramework = ZFrameworkShape.superRefine((framework, ctx) => {
  for (const issue of checkFramework(framework)) {
    if (issue.severity === "error") {
      ctx.addIssue({ code: "custom", message: `${issue.nodeCode}: ${issue.message}`, params: { issue } });
    }
  }
});

/** Result of {@link validateFramework}. */
export interface TFrameworkValidation {
  /** True when the input has the right shape and no error-level issue. */
  ok: boolean;
  /** The parsed framework when the shape is right (even if issues remain). */
  framework: TFramework | null;
  issues: TFrameworkIssue[];
  /** Shape errors from Zod, as "path: message". */
  shapeErrors: string[];
}

/** Parses unknown JSON as a framework and lists shape errors and consistency issues together, for an editor. */
export function validateFramework(input: unknown): TFrameworkValidation {
  const parsed = ZFrameworkShape.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      framework: null,
      issues: [],
      shapeErrors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    };
  }
  const issues = checkFramework(parsed.data);
  return {
    ok: !issues.some((i) => i.severity === "error"),
    framework: parsed.data,
    issues,
    shapeErrors: [],
  };
}

/** A node visited by {@link walkFramework}, with its place in the tree. */
export interface TVisitedNode {
  node: TFrameworkNode;
  depth: number;
  parentCode: string | null;
  /** Code of the top index the node belongs to (its own code for a top index). */
  topCode: string;
  /** Recognition flag, own or inherited from the nearest flagged ancestor. */
  requirement: TRequirement | null;
}

/** Lists every node depth-first in document order (parents before children). */
export function walkFramework(framework: TFramework): TVisitedNode[] {
  const out: TVisitedNode[] = [];
  const visit = (options: {
    node: TFrameworkNode;
    depth: number;
    parentCode: string | null;
    topCode: string;
    inherited: TRequirement | null;
  }): void => {
    const { node, depth, parentCode, topCode, inherited } = options;
    const requirement = node.requirement ?? inherited;
    out.push({ node, depth, parentCode, topCode, requirement });
    if (node.kind === "index") {
      for (const child of node.children) {
        visit({ node: child, depth: depth + 1, parentCode: node.code, topCode, inherited: requirement });
      }
    }
  };
  for (const top of framework.children) {
    visit({ node: top, depth: 1, parentCode: null, topCode: top.code, inherited: null });
  }
  return out;
}

/** All criteria (leaves) of a framework in document order. */
export function listCriteria(framework: TFramework): TCriterion[] {
  return walkFramework(framework)
    .map((v) => v.node)
    .filter((n): n is TCriterion => n.kind === "criterion");
}

/** Finds a node by code, or null. */
export function findNode(framework: TFramework, code: string): TFrameworkNode | null {
  return walkFramework(framework).find((v) => v.node.code === code)?.node ?? null;
}
