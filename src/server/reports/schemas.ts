/**
 * Zod schemas of the report API: the query of a generated report, the report settings (header of
 * the document), the sentence templates. Declared once; the web client types its calls with them.
 */
import { z } from "zod";

/** Period code. */
export const ZPeriodCode = z
  .string()
  .regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/, "2024, 2024Q3, 2024S1, 2024N9 or 202409");

/** Report file formats. */
export const ZReportFormat = z.enum(["docx", "pdf", "xlsx", "html", "json"]);
/** Report format type. */
export type TReportFormat = z.infer<typeof ZReportFormat>;

/** Header and signature of the generated document (Decree 30); every field has a default. */
export const ZReportSettings = z.object({
  parentBody: z.string().max(200).optional(),
  body: z.string().max(200).optional(),
  place: z.string().max(100).optional(),
  number: z.string().max(30).optional(),
  symbol: z.string().max(50).optional(),
  signerTitle: z.string().max(100).optional(),
  signerName: z.string().max(100).optional(),
  recipients: z.array(z.string().max(300)).max(30).optional(),
});
/** Report settings type. */
export type TReportSettings = z.infer<typeof ZReportSettings>;

/** GET /api/reports/review?planId&unitId&period&format. */
export const ZReportQuery = z.object({
  planId: z.coerce.number().int().positive().max(2_147_483_647),
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  period: ZPeriodCode,
  format: ZReportFormat.default("html"),
  lang: z.enum(["vi", "en"]).default("vi"),
  /** Issue date of the document (default today). */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
    .optional(),
});

/** A sentence template in the editor. */
export const ZReportTemplate = z.object({
  key: z.string(),
  description: z.string(),
  descriptionEn: z.string(),
  placeholders: z.array(z.string()),
  body: z.string(),
  defaultBody: z.string(),
  edited: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
/** Template type. */
export type TReportTemplate = z.infer<typeof ZReportTemplate>;

/** PUT /api/reports/templates/:key body; null restores the default. */
export const ZTemplateUpdate = z.object({
  provinceId: z.number().int().positive(),
  body: z.string().max(2000).nullable(),
});
