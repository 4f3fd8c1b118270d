/**
 * Plans, pillars, groups and targets: the shapes the API answers with and accepts, shared by the server
 * and the web designer.
 */
import { z } from "zod";
import { ZAnnexMapping } from "../../core/annex/mapping.ts";
import { PILLAR_CODES } from "../../core/annex/pillar.ts";
import { ZIsoDate } from "../schemas.ts";

/** A decimal number as text ("80", "36.8"); numbers are accepted and kept exact through their text. */
export const ZDecimal = z
  .union([
    z.number().finite(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,15}(\.\d{1,10})?$/, "số thập phân, ví dụ 36.8"),
  ])
  .transform((v) => String(v));

/** Plan code: letters, digits, dash, underscore, dot, slash (as legal numbers are written). */
export const ZPlanCode = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}_.\-/]{1,40}$/u, "chữ, số, - _ . / (tối đa 40 ký tự)");

/** Unit groups a target or form applies to. */
export const UNIT_GROUPS = ["province", "agency", "commune"] as const;
/** A unit group. */
export const ZUnitGroup = z.enum(UNIT_GROUPS);
/** A unit group. */
export type TUnitGroup = z.infer<typeof ZUnitGroup>;

/** Plan (read). */
export const ZPlan = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  ownerUnitId: z.number().int(),
  legalNumber: z.string().nullable(),
  legalIssuer: z.string().nullable(),
  legalDate: z.string().nullable(),
  startYear: z.number().int().nullable(),
  endYear: z.number().int().nullable(),
  status: z.string(),
  version: z.number().int(),
  settings: z.record(z.string(), z.unknown()),
  targetCount: z.number().int(),
});
/** Plan (read). */
export type TPlan = z.infer<typeof ZPlan>;

/** Plan with what the designer needs: legal file, lineage and whether it may still be edited. */
export const ZPlanDetail = ZPlan.extend({
  provinceId: z.number().int().nullable(),
  ownerUnitName: z.string().nullable(),
  legalFile: z.string().nullable(),
  legalSummary: z.string().nullable(),
  previousVersionId: z.number().int().nullable(),
  supersededById: z.number().int().nullable(),
  retiredAt: z.string().nullable(),
  readOnly: z.boolean(),
  documentCount: z.number().int(),
});
/** Plan detail. */
export type TPlanDetail = z.infer<typeof ZPlanDetail>;

/** Creating a plan. */
export const ZPlanInput = z
  .object({
    code: ZPlanCode,
    name: z.string().trim().min(3).max(500),
    nameEn: z.string().trim().max(500).nullish(),
    ownerUnitId: z.number().int().positive(),
    legalNumber: z.string().trim().max(100).nullish(),
    legalIssuer: z.string().trim().max(200).nullish(),
    legalDate: ZIsoDate.nullish(),
    legalFile: z.string().trim().max(500).nullish(),
    legalSummary: z.string().trim().max(4000).nullish(),
    startYear: z.number().int().min(2000).max(2100).nullish(),
    endYear: z.number().int().min(2000).max(2100).nullish(),
    status: z.enum(["draft", "active"]).default("active"),
  })
  .refine((p) => !p.startYear || !p.endYear || p.endYear >= p.startYear, {
    message: "Năm kết thúc phải sau năm bắt đầu / end year before start year",
    path: ["endYear"],
  });
/** Creating a plan. */
export type TPlanInput = z.infer<typeof ZPlanInput>;

/** Editing a plan: any field but the owner; `version` (the one read) guards against lost updates. */
export const ZPlanPatch = z.object({
  version: z.number().int().positive().optional(),
  code: ZPlanCode.optional(),
  name: z.string().trim().min(3).max(500).optional(),
  nameEn: z.string().trim().max(500).nullish(),
  legalNumber: z.string().trim().max(100).nullish(),
  legalIssuer: z.string().trim().max(200).nullish(),
  legalDate: ZIsoDate.nullish(),
  legalFile: z.string().trim().max(500).nullish(),
  legalSummary: z.string().trim().max(4000).nullish(),
  startYear: z.number().int().min(2000).max(2100).nullish(),
  endYear: z.number().int().min(2000).max(2100).nullish(),
  status: z.enum(["draft", "active"]).optional(),
  reason: z.string().trim().max(500).optional(),
});
/** Editing a plan. */
export type TPlanPatch = z.infer<typeof ZPlanPatch>;

/** Creating a new version of a plan from an old one (a new decision replaces the old). */
export const ZPlanVersionInput = z.object({
  name: z.string().trim().min(3).max(500).optional(),
  legalNumber: z.string().trim().max(100).nullish(),
  legalIssuer: z.string().trim().max(200).nullish(),
  legalDate: ZIsoDate.nullish(),
  reason: z.string().trim().max(500).optional(),
});
/** New version input. */
export type TPlanVersionInput = z.infer<typeof ZPlanVersionInput>;

/** Pillar. */
export const ZPillar = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: z.enum(["pillar", "foundation"]),
  name: z.string(),
  nameEn: z.string(),
  sort: z.number().int(),
});
/** Pillar. */
export type TPillar = z.infer<typeof ZPillar>;

/** A group of targets in a plan. */
export const ZPlanGroup = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  pillarId: z.number().int().nullable(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  sort: z.number().int(),
});
/** Plan group. */
export type TPlanGroup = z.infer<typeof ZPlanGroup>;

/** Creating or editing a group. */
export const ZPlanGroupInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_.-]{1,20}$/u),
  name: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().max(300).nullish(),
  pillarId: z.number().int().positive().nullish(),
  sort: z.number().int().min(0).max(100000).optional(),
});
/** Group input. */
export type TPlanGroupInput = z.infer<typeof ZPlanGroupInput>;

/** Target with yearly values (decimal strings). */
export const ZTarget = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  pillarId: z.number().int().nullable(),
  pillarCode: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  indicatorId: z.number().int().nullable(),
  indicatorCode: z.string().nullable(),
  direction: z.enum(["higher", "lower"]),
  nationalBenchmark: z.string().nullable(),
  benchmarkNote: z.string().nullable(),
  responsibleUnitId: z.number().int().nullable(),
  responsibleUnitName: z.string().nullable(),
  appliesTo: z.string(),
  sort: z.number().int(),
  source: z.string().nullable(),
  values: z.array(z.object({ year: z.number().int(), value: z.string() })),
});
/** Target. */
export type TTarget = z.infer<typeof ZTarget>;

/** Target as the designer edits it. */
export const ZTargetDetail = ZTarget.extend({
  groupId: z.number().int().nullable(),
  appliesToSet: z.array(ZUnitGroup),
  responsibleText: z.string().nullable(),
  unitLabel: z.string().nullable(),
});
/** Target detail. */
export type TTargetDetail = z.infer<typeof ZTargetDetail>;

/** One yearly target value. */
export const ZTargetValueInput = z.object({ year: z.number().int().min(2000).max(2100), value: ZDecimal });

/** A target's yearly values: at most one per year. */
const ZTargetValues = z
  .array(ZTargetValueInput)
  .max(30)
  .refine((v) => new Set(v.map((x) => x.year)).size === v.length, "mỗi năm một giá trị / one value per year");

/** Creating a target. */
export const ZTargetInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_.-]{1,30}$/u, "chữ, số, - _ . (tối đa 30 ký tự)"),
  name: z.string().trim().min(3).max(1000),
  nameEn: z.string().trim().max(1000).nullish(),
  pillarId: z.number().int().positive(),
  groupId: z.number().int().positive().nullish(),
  indicatorId: z.number().int().positive().nullish(),
  direction: z.enum(["higher", "lower"]).default("higher"),
  nationalBenchmark: ZDecimal.nullish(),
  benchmarkNote: z.string().trim().max(500).nullish(),
  responsibleUnitId: z.number().int().positive().nullish(),
  responsibleText: z.string().trim().max(300).nullish(),
  appliesTo: z.array(ZUnitGroup).min(1).max(3).default(["province"]),
  unitLabel: z.string().trim().max(50).nullish(),
  sort: z.number().int().min(0).max(100000).optional(),
  source: z.string().trim().max(500).nullish(),
  values: ZTargetValues.default([]),
});
/** Target input. */
export type TTargetInput = z.infer<typeof ZTargetInput>;

/**
 * Editing a target: code, name and pillar are sent; any other field left out keeps its stored value
 * (no defaults here), and an optional one sent as null is cleared. `values`, when sent, replaces the
 * yearly values whole.
 */
export const ZTargetUpdate = ZTargetInput.extend({
  direction: z.enum(["higher", "lower"]).optional(),
  appliesTo: z.array(ZUnitGroup).min(1).max(3).optional(),
  values: ZTargetValues.optional(),
});
/** Target edit. */
export type TTargetUpdate = z.infer<typeof ZTargetUpdate>;
/** Target input before defaults (what a client sends). */
export type TTargetInputRaw = z.input<typeof ZTargetInput>;

/** Annex import step 1 answer: the table read, where the header is, and the guessed mapping. */
export const ZAnnexTable = z.object({
  rows: z.array(z.array(z.string().max(4000)).max(60)).max(2000),
  rowNumbers: z.array(z.number().int()).max(2000),
  headerRow: z.number().int().min(0),
  bodyStart: z.number().int().min(0),
  headers: z.array(z.string()),
  mapping: ZAnnexMapping,
  sheetName: z.string().nullable(),
});
/** The annex table. */
export type TAnnexTableDto = z.infer<typeof ZAnnexTable>;

/** Annex import step 2 and 3 input: the table, the mapping the user confirmed, the default pillar. */
export const ZAnnexPreviewInput = z.object({
  rows: ZAnnexTable.shape.rows,
  rowNumbers: ZAnnexTable.shape.rowNumbers.optional(),
  bodyStart: z.number().int().min(0),
  mapping: ZAnnexMapping,
  defaultPillar: z.enum(PILLAR_CODES).nullish(),
  /** Province (or unit) whose departments the responsible bodies are matched against. */
  ownerUnitId: z.number().int().positive(),
});
/** Preview input. */
export type TAnnexPreviewInput = z.infer<typeof ZAnnexPreviewInput>;

/** One issue of an annex. */
export const ZAnnexIssue = z.object({
  row: z.number().int(),
  field: z.string().optional(),
  message: z.string(),
  messageEn: z.string(),
});

/** A previewed target. */
export const ZAnnexTargetPreview = z.object({
  row: z.number().int(),
  stt: z.string(),
  code: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  kind: z.string(),
  direction: z.enum(["higher", "lower"]),
  values: z.array(z.object({ year: z.number().int(), value: z.string() })),
  benchmark: z.string().nullable(),
  responsible: z.string().nullable(),
  responsibleUnitId: z.number().int().nullable(),
  responsibleUnitName: z.string().nullable(),
  pillarCode: z.string().nullable(),
  group: z.string().nullable(),
  note: z.string().nullable(),
  indicatorId: z.number().int().nullable(),
});

/** The preview: targets as they will be created, sections, errors and warnings. */
export const ZAnnexPreview = z.object({
  targets: z.array(ZAnnexTargetPreview),
  sections: z.array(
    z.object({
      row: z.number().int(),
      title: z.string(),
      kind: z.string(),
      pillarCode: z.string().nullable(),
    }),
  ),
  errors: z.array(ZAnnexIssue),
  warnings: z.array(ZAnnexIssue),
  years: z.array(z.number().int()),
});
/** Preview. */
export type TAnnexPreview = z.infer<typeof ZAnnexPreview>;

/** Annex import step 3: create the plan from the previewed annex. */
export const ZAnnexImportInput = ZAnnexPreviewInput.extend({
  plan: ZPlanInput,
  /** Applies to every imported target (the user fixes single targets afterwards). */
  appliesTo: z.array(ZUnitGroup).min(1).max(3).default(["province"]),
});
/** Import input. */
export type TAnnexImportInput = z.infer<typeof ZAnnexImportInput>;
