/** Zod schemas of tasks assigned by review sessions and their progress reports. */
import { z } from "zod";
import { ZIsoDate } from "../schemas.ts";

/** Task states. */
export const ZTaskStatus = z.enum(["open", "in_progress", "done", "cancelled"]);

/** Creating a task from a conclusion (or directly on the session). */
export const ZTaskInput = z.object({
  conclusionId: z.number().int().positive().nullable().default(null),
  title: z.string().trim().min(1).max(1000),
  responsibleUnitId: z.number().int().positive(),
  cooperatingUnitIds: z.array(z.number().int().positive()).max(200).default([]),
  deadline: ZIsoDate.nullable().default(null),
  expectedResult: z.string().max(5000).nullable().default(null),
});
/** Task input type. */
export type TTaskInput = z.infer<typeof ZTaskInput>;

/** A progress report. */
export const ZTaskProgressInput = z.object({
  unitId: z.number().int().positive().optional(),
  note: z.string().trim().min(1).max(5000),
  percent: z.number().int().min(0).max(100).nullable().default(null),
  status: z.enum(["open", "in_progress", "done"]),
  evidenceUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  evidenceText: z.string().max(5000).nullable().default(null),
  attachmentIds: z.array(z.number().int().positive()).max(50).default([]),
  /** The task's version the reporter saw (optimistic concurrency). */
  version: z.number().int().positive(),
});
/** Progress input type. */
export type TTaskProgressInput = z.infer<typeof ZTaskProgressInput>;

/** One progress report. */
export const ZTaskProgress = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  reportedAt: z.string(),
  reportedBy: z.string(),
  note: z.string(),
  percent: z.number().int().nullable(),
  statusAfter: z.string(),
  evidenceUrl: z.string().nullable(),
  evidenceText: z.string().nullable(),
  attachmentIds: z.array(z.number().int()),
});

/** A task. `overdue`/`dueSoon` are computed against today. */
export const ZTask = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  sessionId: z.number().int(),
  sessionTitle: z.string(),
  conclusionId: z.number().int().nullable(),
  title: z.string(),
  responsibleUnitId: z.number().int(),
  responsibleUnitName: z.string(),
  cooperatingUnits: z.array(z.object({ id: z.number().int(), name: z.string() })),
  deadline: z.string().nullable(),
  expectedResult: z.string().nullable(),
  status: ZTaskStatus,
  progressPercent: z.number().int(),
  completedOn: z.string().nullable(),
  version: z.number().int(),
  overdue: z.boolean(),
  /** Days until the deadline (negative when overdue); null without a deadline. */
  daysLeft: z.number().int().nullable(),
  lastProgress: z.string().nullable(),
  createdAt: z.string(),
});
/** Task type. */
export type TTask = z.infer<typeof ZTask>;

/** A task with its progress history. */
export const ZTaskDetail = ZTask.extend({ progress: z.array(ZTaskProgress) });

/** GET /api/tasks query. */
export const ZTaskListQuery = z.object({
  sessionId: z.coerce.number().int().positive().optional(),
  unitId: z.coerce.number().int().positive().optional(),
  status: ZTaskStatus.optional(),
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
/** Task list query type. */
export type TTaskListQuery = z.infer<typeof ZTaskListQuery>;
