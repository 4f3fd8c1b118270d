/** Zod schemas of review sessions, snapshots, conclusions and the snapshot diff. */
import { z } from "zod";
import { ZPeriodCode, ZReportSettings } from "../reports/schemas.ts";
import { ZIsoDate } from "../schemas.ts";

/** A unit joining the session remotely. */
export const ZBridgePoint = z.object({
  unitId: z.number().int().positive().nullable(),
  name: z.string().min(1).max(300),
  /** Who chairs at that point. */
  host: z.string().max(300).nullable().default(null),
});
/** Bridge point type. */
export type TBridgePoint = z.infer<typeof ZBridgePoint>;

/** Fields a user writes when creating or editing a session. */
export const ZSessionInput = z.object({
  unitId: z.number().int().positive(),
  planId: z.number().int().positive(),
  period: ZPeriodCode,
  kind: z.enum(["interim", "annual", "thematic"]).default("interim"),
  title: z.string().trim().min(1).max(500),
  heldOn: ZIsoDate,
  location: z.string().max(500).nullable().default(null),
  chair: z.string().max(300).nullable().default(null),
  participants: z.array(z.string().min(1).max(300)).max(500).default([]),
  bridgePoints: z.array(ZBridgePoint).max(500).default([]),
  agenda: z.array(z.string().min(1).max(1000)).max(100).default([]),
  reportSettings: ZReportSettings.default({}),
});
/** Session input type. */
export type TSessionInput = z.infer<typeof ZSessionInput>;

/**
 * Edit of a session (optimistic concurrency on `version`). Written out without defaults: a field left
 * out stays as it is (a `.partial()` of the input would fill in the input's defaults and erase it).
 */
export const ZSessionPatch = z.object({
  version: z.number().int().positive(),
  planId: z.number().int().positive().optional(),
  period: ZPeriodCode.optional(),
  kind: z.enum(["interim", "annual", "thematic"]).optional(),
  title: z.string().trim().min(1).max(500).optional(),
  heldOn: ZIsoDate.optional(),
  location: z.string().max(500).nullable().optional(),
  chair: z.string().max(300).nullable().optional(),
  participants: z.array(z.string().min(1).max(300)).max(500).optional(),
  bridgePoints: z.array(ZBridgePoint).max(500).optional(),
  agenda: z.array(z.string().min(1).max(1000)).max(100).optional(),
  reportSettings: ZReportSettings.optional(),
  status: z.enum(["planned", "held", "closed"]).optional(),
});
/** Session patch type. */
export type TSessionPatch = z.infer<typeof ZSessionPatch>;

/** A conclusion. */
export const ZConclusion = z.object({
  id: z.number().int(),
  sessionId: z.number().int(),
  sort: z.number().int(),
  body: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
/** Conclusion type. */
export type TConclusion = z.infer<typeof ZConclusion>;

/** A generated file of a snapshot. */
export const ZSnapshotFile = z.object({
  format: z.enum(["docx", "pdf", "xlsx", "html"]),
  sha256: z.string(),
  sizeBytes: z.number().int(),
});

/** Snapshot metadata (the JSON is downloadable separately). */
export const ZSnapshotInfo = z.object({
  id: z.number().int(),
  takenAt: z.string(),
  takenBy: z.string(),
  summaryText: z.string(),
  files: z.array(ZSnapshotFile),
});

/** A session. */
export const ZSession = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  planId: z.number().int(),
  planName: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  kind: z.enum(["interim", "annual", "thematic"]),
  title: z.string(),
  heldOn: z.string(),
  location: z.string().nullable(),
  chair: z.string().nullable(),
  participants: z.array(z.string()),
  bridgePoints: z.array(ZBridgePoint),
  agenda: z.array(z.string()),
  reportSettings: ZReportSettings,
  status: z.enum(["planned", "held", "closed"]),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  taskCount: z.number().int(),
  tasksDone: z.number().int(),
  snapshot: ZSnapshotInfo.nullable(),
});
/** Session type. */
export type TSession = z.infer<typeof ZSession>;

/** A session with its conclusions. */
export const ZSessionDetail = ZSession.extend({ conclusions: z.array(ZConclusion) });
/** Session detail type. */
export type TSessionDetail = z.infer<typeof ZSessionDetail>;

/** List query. */
export const ZSessionListQuery = z.object({
  provinceId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** One changed figure between the snapshot and today. */
export const ZDiffTarget = z.object({
  code: z.string(),
  name: z.string(),
  pillarCode: z.string().nullable(),
  before: z.object({ actual: z.string(), status: z.string() }),
  after: z.object({ actual: z.string(), status: z.string() }),
});

/** GET /api/sessions/:id/diff. */
export const ZSnapshotDiff = z.object({
  sessionId: z.number().int(),
  takenAt: z.string(),
  comparedAt: z.string(),
  summary: z.object({
    before: z.object({ achieved: z.number().int(), total: z.number().int(), percent: z.string() }),
    after: z.object({ achieved: z.number().int(), total: z.number().int(), percent: z.string() }),
  }),
  pillars: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      before: z.object({ achieved: z.number().int(), total: z.number().int() }),
      after: z.object({ achieved: z.number().int(), total: z.number().int() }),
    }),
  ),
  targets: z.array(ZDiffTarget),
  unchanged: z.boolean(),
});
/** Diff type. */
export type TSnapshotDiff = z.infer<typeof ZSnapshotDiff>;
