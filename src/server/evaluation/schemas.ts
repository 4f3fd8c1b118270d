/**
 * Request and response schemas of the evaluation-index API (frameworks, rounds, self-assessment,
 * appraisal, results, sensitivity, recognition). Shared with the web client.
 */
import { z } from "zod";
import {
  ZAnswer,
  ZCriterionScore,
  ZDistribution,
  ZFrameworkIssue,
  ZFrameworkShape,
  ZGapItem,
  ZLegalBasis,
  ZNodeScore,
  ZRankInterval,
  ZRecognitionResult,
  ZRecognitionRule,
  ZUnitScore,
} from "../../core/evaluation/index.ts";
import { ZExplanation } from "../../core/explain.ts";

const ZId = z.coerce.number().int().positive().max(2_147_483_647);

/** `/:id` of a framework or round. */
export const ZEvalIdParams = z.object({ id: ZId });
/** `/rounds/:id/units/:unitId`. */
export const ZRoundUnitParams = z.object({ id: ZId, unitId: ZId });

/** A template offered when creating a framework. */
export const ZTemplate = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  scope: z.string(),
  legalBasis: z.string(),
  illustrative: z.boolean(),
});
/** A template. */
export type TTemplate = z.infer<typeof ZTemplate>;

/** A stored framework version (list item). */
export const ZFrameworkSummary = z.object({
  id: z.number().int(),
  ownerUnitId: z.number().int(),
  code: z.string(),
  version: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  scope: z.string(),
  status: z.enum(["draft", "active", "retired"]),
  templateId: z.string().nullable(),
  rowVersion: z.number().int(),
  legalBasis: z.string(),
  updatedAt: z.string(),
});
/** Framework list item. */
export type TFrameworkSummary = z.infer<typeof ZFrameworkSummary>;

/** A framework with its definition, validation and recognition rule. */
export const ZFrameworkDetail = ZFrameworkSummary.extend({
  definition: ZFrameworkShape,
  recognitionRule: ZRecognitionRule.nullable(),
  issues: z.array(ZFrameworkIssue),
  criteria: z.number().int(),
});
/** Framework detail. */
export type TFrameworkDetail = z.infer<typeof ZFrameworkDetail>;

/** Create a framework from a template, or from a full definition. */
export const ZFrameworkCreate = z
  .object({
    ownerUnitId: ZId,
    /** "dti-province-2022", "dti-province-2025", "local-commune", "local-department". */
    templateId: z.string().optional(),
    /** A draft definition (shape only); overrides the template. */
    definition: z.unknown().optional(),
    /** For the local templates: code, version and legal basis of the province's decision. */
    code: z.string().min(1).max(64).optional(),
    version: z.string().min(1).max(32).optional(),
    legalBasis: ZLegalBasis.optional(),
  })
  .refine((b) => b.templateId !== undefined || b.definition !== undefined, {
    message: "templateId or definition is required",
    path: ["templateId"],
  });
/** Create body. */
export type TFrameworkCreate = z.infer<typeof ZFrameworkCreate>;

/** Save a draft definition (optimistic concurrency on rowVersion). */
export const ZFrameworkUpdate = z.object({ rowVersion: z.number().int(), definition: z.unknown() });

/** Composite of published index values (e.g. a province's DTI from the ministry's table). */
export const ZCompositeRequest = z.object({
  values: z.record(z.string(), z.number().min(0).max(1).nullable()),
});
/** Composite response. */
export const ZCompositeResponse = z.object({
  value: z.number(),
  published: z.number(),
  publishedText: z.string(),
  explanation: ZExplanation,
});

/** A round as listed. */
export const ZRound = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  provinceName: z.string(),
  frameworkId: z.number().int(),
  frameworkCode: z.string(),
  frameworkVersion: z.string(),
  frameworkName: z.string(),
  year: z.number().int(),
  name: z.string(),
  unitGroup: z.enum(["commune", "agency", "province", "other"]),
  selfDeadline: z.string(),
  appraisalDeadline: z.string().nullable(),
  status: z.enum(["open", "published"]),
  phase: z.enum(["self_assessment", "appraisal", "published"]),
  publishedAt: z.string().nullable(),
  rowVersion: z.number().int(),
  participants: z.number().int(),
  submitted: z.number().int(),
  appraised: z.number().int(),
});
/** A round. */
export type TRound = z.infer<typeof ZRound>;

/** A participant of a round. */
export const ZParticipant = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  status: z.enum(["not_started", "draft", "submitted", "appraised"]),
  submittedAt: z.string().nullable(),
  appraiserUserId: z.number().int().nullable(),
  appraiserName: z.string().nullable(),
  evidenceRequested: z.number().int(),
});
/** A participant. */
export type TParticipant = z.infer<typeof ZParticipant>;

/** A round with its participants. */
export const ZRoundDetail = ZRound.extend({ items: z.array(ZParticipant) });
/** A round with participants. */
export type TRoundDetail = z.infer<typeof ZRoundDetail>;

const ZDateTime = z.iso.datetime({ offset: true });

/** Open a round. */
export const ZRoundCreate = z.object({
  provinceId: ZId,
  frameworkId: ZId,
  year: z.number().int().min(2000).max(2100),
  name: z.string().min(1).max(300).optional(),
  unitGroup: z.enum(["commune", "agency", "province", "other"]),
  selfDeadline: ZDateTime,
  appraisalDeadline: ZDateTime.optional(),
  /** Units taking part; default: every unit of the group's kind in the province. */
  unitIds: z.array(ZId).min(1).max(5000).optional(),
});
/** Change a round's name or deadlines. */
export const ZRoundUpdate = z.object({
  rowVersion: z.number().int(),
  name: z.string().min(1).max(300).optional(),
  selfDeadline: ZDateTime.optional(),
  appraisalDeadline: ZDateTime.nullable().optional(),
});
/** Open-round body. */
export type TRoundCreate = z.infer<typeof ZRoundCreate>;
/** Assign an appraiser to units of a round. */
export const ZAppraiserAssign = z.object({ unitIds: z.array(ZId).min(1).max(5000), userId: ZId.nullable() });
/** Assign-appraiser body. */
export type TAppraiserAssign = z.infer<typeof ZAppraiserAssign>;

/** A person who may be assigned to appraise units of a round. */
export const ZAppraiserCandidate = z.object({
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  /** The units over which the person appraises ("Tỉnh Minh Họa"). */
  scopeNames: z.string(),
});
/** An appraiser candidate. */
export type TAppraiserCandidate = z.infer<typeof ZAppraiserCandidate>;

/** Query of the round list. */
export const ZRoundQuery = z.object({
  provinceId: ZId.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(["open", "published"]).optional(),
  /** Only rounds in which some children of this unit take part. */
  parentUnitId: ZId.optional(),
});

/** One criterion of a unit's assessment: its self answer, the appraisal and both scores. */
export const ZAssessmentItem = z.object({
  code: z.string(),
  selfAnswer: ZAnswer.nullable(),
  selfPoints: z.number().nullable(),
  appraisal: z.enum(["pending", "accepted", "adjusted", "evidence_requested"]),
  appraisedAnswer: ZAnswer.nullable(),
  appraisalReason: z.string().nullable(),
  appraisedBy: z.string().nullable(),
  finalPoints: z.number(),
  indicatorValue: z.number().nullable(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
/** One criterion of an assessment. */
export type TAssessmentItem = z.infer<typeof ZAssessmentItem>;

/** A unit's assessment in a round (what the self-assessment and appraisal pages show). */
export const ZAssessment = z.object({
  round: ZRound,
  participant: ZParticipant,
  framework: ZFrameworkShape,
  /** True while the unit may change its answers (before the deadline, or criteria awaiting evidence). */
  selfEditable: z.boolean(),
  /** Criteria the unit may still change after the deadline (evidence requested). */
  editableCodes: z.array(z.string()),
  appraisable: z.boolean(),
  items: z.array(ZAssessmentItem),
  selfScore: ZUnitScore.pick({ total: true, indices: true }),
  finalScore: ZUnitScore.pick({ total: true, indices: true }),
  criteria: z.array(ZCriterionScore.pick({ code: true, flags: true, points: true, maxPoints: true })),
});
/** A unit's assessment. */
export type TAssessment = z.infer<typeof ZAssessment>;

/** Save self-assessed answers (and optionally submit). */
export const ZSelfAssessmentWrite = z.object({
  answers: z.record(z.string(), ZAnswer),
  submit: z.boolean().optional(),
});
/** Self-assessment body. */
export type TSelfAssessmentWrite = z.infer<typeof ZSelfAssessmentWrite>;

/** One appraisal decision. */
export const ZAppraisalItem = z.object({
  code: z.string().min(1),
  action: z.enum(["accept", "adjust", "request_evidence"]),
  /** The appraised answer (adjust). */
  answer: ZAnswer.optional(),
  /** Why (required for adjust and request_evidence). */
  reason: z.string().max(2000).optional(),
});
/** Appraisal body. */
export const ZAppraisalWrite = z.object({ items: z.array(ZAppraisalItem).min(1).max(1000) });
/** Appraisal body type. */
export type TAppraisalWriteBody = z.infer<typeof ZAppraisalWrite>;

/** One change in a unit's trail. */
export const ZTrailEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  criterionCode: z.string().nullable(),
  reason: z.string().nullable(),
  selfAnswer: z.unknown().nullable(),
  selfPoints: z.number().nullable(),
  appraisal: z.string().nullable(),
  appraisedAnswer: z.unknown().nullable(),
  appraisedPoints: z.number().nullable(),
});

const ZRanked = z.object({
  value: z.number().nullable(),
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  of: z.number().int(),
  change: z.number().nullable(),
  rankChange: z.number().int().nullable(),
});

/** One unit's row of the results table. */
export const ZResultRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  unitCode: z.string(),
  publishedText: z.string(),
  selfValue: z.number(),
  points: z.number(),
  total: ZRanked,
  indices: z.record(z.string(), ZRanked),
  pillars: z.record(z.string(), ZRanked),
});
/** A results row. */
export type TResultRow = z.infer<typeof ZResultRow>;

/** Results of a round. */
export const ZResults = z.object({
  round: ZRound,
  previousRound: ZRound.nullable(),
  published: z.boolean(),
  decimals: z.number().int(),
  indices: z.array(
    z.object({
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      maxPoints: z.number(),
      pillar: z.string().nullable(),
    }),
  ),
  pillars: z.array(z.string()),
  rows: z.array(ZResultRow),
  distribution: ZDistribution,
});
/** Results of a round. */
export type TResults = z.infer<typeof ZResults>;

/** One unit's analysis: indices and strengths/weaknesses. */
export const ZUnitAnalysis = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  total: ZUnitScore.shape.total,
  indices: z.array(ZNodeScore.omit({ explanation: true })),
  strengths: z.array(ZGapItem),
  weaknesses: z.array(ZGapItem),
});
/** Unit analysis. */
export type TUnitAnalysis = z.infer<typeof ZUnitAnalysis>;

/** Query of the sensitivity analysis. */
export const ZSensitivityQuery = z.object({
  seed: z.coerce.number().int().min(0).max(2_147_483_647).default(1),
  runs: z.coerce.number().int().min(1).max(20_000).default(1000),
  perturbation: z.coerce.number().min(0).max(0.9).default(0.2),
});
/** Sensitivity of ranks. */
export const ZSensitivity = z.object({
  runs: z.number().int(),
  seed: z.number().int(),
  perturbation: z.number(),
  baseWeights: z.record(z.string(), z.number()),
  units: z.array(ZRankInterval.extend({ unitName: z.string() })),
});
/** Sensitivity response. */
export type TSensitivity = z.infer<typeof ZSensitivity>;

/** Recognition results of a round. */
export const ZRecognition = z.object({
  round: ZRound,
  rule: ZRecognitionRule,
  summary: z.object({ none: z.number().int(), basic: z.number().int(), advanced: z.number().int() }),
  units: z.array(ZRecognitionResult.extend({ unitId: z.number().int(), unitName: z.string() })),
});
/** Recognition response. */
export type TRecognition = z.infer<typeof ZRecognition>;
