/** Reporting forms (data_set) built from a plan: shapes shared by the server and the web form builder. */
import { z } from "zod";
import { ZUnitGroup } from "../plans/schemas.ts";

/** Period types a form is reported for. */
export const FORM_PERIOD_TYPES = ["month", "quarter", "half_year", "nine_months", "year"] as const;

/** One indicator on a form. */
export const ZFormElement = z.object({
  indicatorId: z.number().int(),
  indicatorCode: z.string(),
  indicatorName: z.string(),
  kind: z.string(),
  unit: z.string().nullable(),
  section: z.string(),
  sort: z.number().int(),
  required: z.boolean(),
});
/** Form element. */
export type TFormElement = z.infer<typeof ZFormElement>;

/** A form (read). */
export const ZForm = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  periodType: z.enum(FORM_PERIOD_TYPES),
  cumulative: z.boolean(),
  planId: z.number().int().nullable(),
  planName: z.string().nullable(),
  ownerUnitId: z.number().int(),
  appliesTo: z.string(),
  appliesToSet: z.array(ZUnitGroup),
  status: z.string(),
  version: z.number().int(),
  elementCount: z.number().int(),
});
/** Form. */
export type TForm = z.infer<typeof ZForm>;

/** A form with its elements. */
export const ZFormDetail = ZForm.extend({ elements: z.array(ZFormElement) });
/** Form detail. */
export type TFormDetail = z.infer<typeof ZFormDetail>;

/** Creating a form, or replacing it (every field sent). */
export const ZFormInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_.-]{1,40}$/u, "chữ, số, - _ . (tối đa 40 ký tự)"),
  name: z.string().trim().min(3).max(300),
  nameEn: z.string().trim().max(300).nullish(),
  description: z.string().trim().max(2000).nullish(),
  periodType: z.enum(FORM_PERIOD_TYPES),
  cumulative: z.boolean().default(true),
  planId: z.number().int().positive().nullish(),
  ownerUnitId: z.number().int().positive(),
  appliesTo: z.array(ZUnitGroup).min(1).max(3),
  status: z.enum(["draft", "active"]).default("active"),
  elements: z
    .array(
      z.object({
        indicatorId: z.number().int().positive(),
        section: z.string().trim().max(200).default(""),
        required: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(500)
    .refine((e) => new Set(e.map((x) => x.indicatorId)).size === e.length, {
      message: "Mỗi chỉ số chỉ xuất hiện một lần / each indicator once",
    }),
  reason: z.string().trim().max(500).optional(),
  version: z.number().int().positive().optional(),
});
/** Form input. */
export type TFormInput = z.infer<typeof ZFormInput>;
/** Form input as a client sends it. */
export type TFormInputRaw = z.input<typeof ZFormInput>;
