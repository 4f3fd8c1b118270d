import { z } from "zod";
import { ZIsoDate } from "../schemas.ts";

const ZPeriodCode = z
  .string()
  .regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/, "2026, 2026Q3, 2026S1, 2026N9 or 202609");

/** Body of POST /rounds. */
export const ZCreateRound = z.object({
  ownerUnitId: z.number().int().positive(),
  name: z.string().trim().min(1).max(300),
  period: ZPeriodCode,
  opensOn: ZIsoDate,
  deadline: ZIsoDate,
  dataSetIds: z.array(z.number().int().positive()).min(1).max(50),
  unitIds: z.array(z.number().int().positive()).max(20000).optional(),
  approvalLevel: z.enum(["province", "district"]).optional(),
  status: z.enum(["draft", "open"]).optional(),
});
/** Round creation input. */
export type TCreateRoundBody = z.infer<typeof ZCreateRound>;

/** A reporting round. */
export const ZRound = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  ownerUnitId: z.number().int(),
  name: z.string(),
  period: z.string(),
  periodType: z.string(),
  opensOn: z.string(),
  deadline: z.string(),
  status: z.string(),
  approvalLevel: z.string(),
  dataSetIds: z.array(z.number().int()),
  unitCount: z.number().int(),
});
/** A reporting round. */
export type TRound = z.infer<typeof ZRound>;

/** One form a unit owes in an open round. */
export const ZOwed = z.object({
  roundId: z.number().int(),
  roundName: z.string(),
  period: z.string(),
  opensOn: z.string(),
  deadline: z.string(),
  dataSetId: z.number().int(),
  formName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  submissionId: z.number().int().nullable(),
  state: z.string(),
  version: z.number().int().nullable(),
  returnComment: z.string().nullable(),
  overdue: z.boolean(),
});
/** One owed form. */
export type TOwed = z.infer<typeof ZOwed>;

/** Completeness of a round. */
export const ZCompleteness = z.object({
  roundId: z.number().int(),
  expected: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  late: z.array(
    z.object({
      orgUnitId: z.number().int(),
      name: z.string(),
      dataSetId: z.number().int(),
      state: z.string(),
    }),
  ),
  returned: z.array(
    z.object({
      orgUnitId: z.number().int(),
      name: z.string(),
      dataSetId: z.number().int(),
      comment: z.string().nullable(),
    }),
  ),
  submittedShare: z.number(),
});
/** Completeness of a round. */
export type TCompletenessBody = z.infer<typeof ZCompleteness>;

/** Result of sending reminders. */
export const ZRemindResult = z.object({
  kind: z.enum(["before", "overdue"]),
  units: z.number().int(),
  notifications: z.number().int(),
  emails: z.number().int(),
});
