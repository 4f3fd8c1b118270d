import { z } from "zod";

const ZNum = z.number().finite().nullable().optional();

/** One figure sent by a form (null clears it). */
export const ZValueInput = z.object({
  indicatorId: z.number().int().positive(),
  numerator: ZNum,
  denominator: ZNum,
  value: ZNum,
  comment: z.string().max(2000).nullable().optional(),
});
/** One figure sent by a form. */
export type TValueInputBody = z.infer<typeof ZValueInput>;

/** Narrative sections: results, shortcomings (tồn tại, hạn chế), causes, proposals (kiến nghị). */
export const ZNarrativeInput = z
  .object({
    results: z.string().max(50000),
    shortcomings: z.string().max(50000),
    causes: z.string().max(50000),
    proposals: z.string().max(50000),
  })
  .partial();

/** Body of PUT /submissions/:id/values. */
export const ZSaveBody = z.object({
  version: z.number().int().positive(),
  values: z.array(ZValueInput).max(2000),
  narrative: ZNarrativeInput.optional(),
});
/** Save body. */
export type TSaveBody = z.infer<typeof ZSaveBody>;

/** Body of a workflow step. */
export const ZStepBody = z.object({
  version: z.number().int().positive(),
  comment: z.string().max(5000).optional(),
});

/** A validation issue. */
export const ZIssue = z.object({
  field: z.string(),
  indicatorId: z.number().int().optional(),
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
/** A validation issue. */
export type TIssueBody = z.infer<typeof ZIssue>;

/** Result of a save. */
export const ZSaveResult = z.object({
  version: z.number().int(),
  changed: z.number().int(),
  state: z.string(),
  warnings: z.array(ZIssue),
});

/** Result of a workflow step. */
export const ZStepResult = z.object({
  state: z.string(),
  version: z.number().int(),
  reviewStep: z.number().int(),
  warnings: z.array(ZIssue),
});

/** A submission header. */
export const ZSubmission = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  roundId: z.number().int().nullable(),
  dataSetId: z.number().int(),
  formName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  period: z.string(),
  state: z.string(),
  version: z.number().int(),
  approvalChain: z.array(z.number().int()),
  reviewStep: z.number().int(),
  returnComment: z.string().nullable(),
  warnings: z.array(ZIssue),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
/** A submission header. */
export type TSubmissionBody = z.infer<typeof ZSubmission>;

/** A form field. */
export const ZField = z.object({
  indicatorId: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable().optional(),
  kind: z.string(),
  required: z.boolean(),
  minValue: z.number().nullable().optional(),
  maxValue: z.number().nullable().optional(),
  section: z.string(),
  sort: z.number().int(),
  unit: z.string().nullable(),
  numeratorLabel: z.string().nullable(),
  denominatorLabel: z.string().nullable(),
  decimals: z.number().int(),
});
/** A form field. */
export type TFieldBody = z.infer<typeof ZField>;

/** A stored figure (exact decimal strings). */
export const ZStoredValue = z.object({
  id: z.number().int(),
  indicatorId: z.number().int(),
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
  value: z.string().nullable(),
  comment: z.string().nullable(),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
/** A stored figure. */
export type TStoredValueBody = z.infer<typeof ZStoredValue>;

/** An evidence attachment. */
export const ZAttachment = z.object({
  id: z.number().int(),
  submissionId: z.number().int(),
  indicatorId: z.number().int().nullable(),
  fileName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
/** An evidence attachment. */
export type TAttachmentBody = z.infer<typeof ZAttachment>;

/** A workflow event. */
export const ZEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  version: z.number().int(),
  comment: z.string().nullable(),
  changed: z.number().int(),
});

/** Everything the entry and review pages need. */
export const ZSubmissionView = z.object({
  submission: ZSubmission,
  fields: z.array(ZField),
  values: z.array(ZStoredValue),
  narrative: z.array(
    z.object({ section: z.string(), body: z.string(), updatedBy: z.string(), updatedAt: z.string() }),
  ),
  events: z.array(ZEvent),
  attachments: z.array(ZAttachment),
  can: z.object({ edit: z.boolean(), review: z.boolean(), manage: z.boolean() }),
});
/** The submission view. */
export type TSubmissionViewBody = z.infer<typeof ZSubmissionView>;

/** Body of POST /submissions/open. */
export const ZOpenBody = z.object({
  dataSetId: z.number().int().positive(),
  orgUnitId: z.number().int().positive(),
  period: z.string().regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/),
  roundId: z.number().int().positive().optional(),
});

/** Body of POST /submissions/push (machine feeds: API keys scoped to a unit and indicators). */
export const ZPushBody = z.object({
  dataSetId: z.number().int().positive(),
  orgUnitId: z.number().int().positive().optional(),
  period: z.string().regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/),
  values: z
    .array(
      z.object({
        indicatorCode: z.string().min(1).max(100),
        numerator: ZNum,
        denominator: ZNum,
        value: ZNum,
        comment: z.string().max(2000).nullable().optional(),
      }),
    )
    .min(1)
    .max(2000),
  submit: z.boolean().optional(),
  version: z.number().int().positive().optional(),
});

/** One row-level problem of an uploaded file. */
export const ZRowError = z.object({
  sheet: z.string().optional(),
  row: z.number().int(),
  field: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
/** A row-level problem. */
export type TRowError = z.infer<typeof ZRowError>;

/** Result of an upload (file import). */
export const ZImportResult = z.object({
  ok: z.boolean(),
  submissions: z.number().int(),
  values: z.number().int(),
  changed: z.number().int(),
  errors: z.array(ZRowError),
});
/** Result of a file import. */
export type TImportResult = z.infer<typeof ZImportResult>;

/** One change of a figure in the audit trail. */
export const ZValueChange = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  indicatorId: z.number().int(),
  indicatorCode: z.string(),
  period: z.string(),
  before: z.record(z.string(), z.string().nullable()).nullable(),
  after: z.record(z.string(), z.string().nullable()).nullable(),
  reason: z.string().nullable(),
});
