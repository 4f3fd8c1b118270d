/** Plan template shapes, shared by the server and the web designer. */
import { z } from "zod";
import { ZPlanCode, ZUnitGroup } from "../plans/schemas.ts";

/** One template target. */
export const ZTemplateTarget = z.object({
  code: z.string(),
  pillar: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.string(),
  unit: z.string().nullable(),
  direction: z.enum(["higher", "lower"]),
  values: z.record(z.string(), z.string()),
  appliesTo: z.array(ZUnitGroup),
  source: z.string(),
  note: z.string().optional(),
});

/** A template: legal basis and targets. */
export const ZTemplate = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  legalNumber: z.string(),
  legalIssuer: z.string(),
  legalDate: z.string(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  summary: z.string(),
  targets: z.array(ZTemplateTarget),
});
/** Template. */
export type TTemplate = z.infer<typeof ZTemplate>;

/** Copying a template into a province's own plan (a draft the province then adjusts). */
export const ZTemplateCopyInput = z.object({
  ownerUnitId: z.number().int().positive(),
  code: ZPlanCode,
  name: z.string().trim().min(3).max(500).optional(),
  /** Only these targets (default: all). */
  targetCodes: z.array(z.string()).max(200).optional(),
  /** Only these years (default: all). */
  years: z.array(z.number().int().min(2000).max(2100)).max(10).optional(),
});
/** Copy input. */
export type TTemplateCopyInput = z.infer<typeof ZTemplateCopyInput>;
