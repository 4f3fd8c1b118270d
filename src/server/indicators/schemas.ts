/** Indicator catalogue shapes, shared by the server and the web designer. */
import { z } from "zod";

/** Indicator kinds. */
export const INDICATOR_KIND_VALUES = ["ratio", "percent", "count", "number", "boolean", "rank"] as const;
/** Aggregation rules up the unit hierarchy. */
export const AGGREGATION_VALUES = [
  "sum",
  "ratio_of_sums",
  "average",
  "min",
  "max",
  "last",
  "count_meeting",
  "share_meeting",
  "none",
] as const;
/** Aggregation over time within a period. */
export const OVER_TIME_VALUES = ["sum", "last", "ratio_of_sums", "average"] as const;

/** Indicator definition (read). */
export const ZIndicator = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  definition: z.string().nullable(),
  kind: z.string(),
  unit: z.string().nullable(),
  numeratorLabel: z.string().nullable(),
  denominatorLabel: z.string().nullable(),
  aggregation: z.string(),
  overTime: z.string(),
  threshold: z.string().nullable(),
  thresholdOp: z.string().nullable(),
  formula: z.string().nullable(),
  decimals: z.number().int(),
  source: z.string().nullable(),
  status: z.string(),
  version: z.number().int(),
});
/** Indicator. */
export type TIndicator = z.infer<typeof ZIndicator>;

/** Where an indicator is used: figures, targets and forms that name it. */
export const ZIndicatorUsage = z.object({
  dataValues: z.number().int(),
  targets: z.number().int(),
  forms: z.number().int(),
  formulas: z.array(z.string()),
});
/** Usage. */
export type TIndicatorUsage = z.infer<typeof ZIndicatorUsage>;

/** Indicator with its owner, forms and usage (designer view). */
export const ZIndicatorDetail = ZIndicator.extend({
  ownerUnitId: z.number().int().nullable(),
  minValue: z.string().nullable(),
  maxValue: z.string().nullable(),
  forms: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  usage: ZIndicatorUsage,
});
/** Indicator detail. */
export type TIndicatorDetail = z.infer<typeof ZIndicatorDetail>;

/** Indicator code: the name formulas use (letters, digits, underscore, dot; starts with a letter). */
export const ZIndicatorCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.]{0,39}$/, "bắt đầu bằng chữ cái; chữ, số, _ . (tối đa 40 ký tự)")
  .refine((s) => !s.endsWith(".") && !["and", "or", "not", "true", "false"].includes(s.toLowerCase()), {
    message: "không dùng từ khóa của công thức / formula keyword",
  });

const ZDec = z
  .union([
    z.number().finite(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,15}(\.\d{1,10})?$/),
  ])
  .transform((v) => String(v));

/** Creating an indicator, or replacing its definition (every field sent). */
export const ZIndicatorInput = z
  .object({
    code: ZIndicatorCode,
    name: z.string().trim().min(3).max(500),
    nameEn: z.string().trim().max(500).nullish(),
    definition: z.string().trim().max(4000).nullish(),
    kind: z.enum(INDICATOR_KIND_VALUES),
    unit: z.string().trim().max(50).nullish(),
    numeratorLabel: z.string().trim().max(300).nullish(),
    denominatorLabel: z.string().trim().max(300).nullish(),
    aggregation: z.enum(AGGREGATION_VALUES).default("sum"),
    overTime: z.enum(OVER_TIME_VALUES).default("last"),
    threshold: ZDec.nullish(),
    thresholdOp: z.enum([">=", ">", "<=", "<", "="]).nullish(),
    formula: z.string().trim().max(2000).nullish(),
    decimals: z.number().int().min(0).max(6).default(1),
    minValue: ZDec.nullish(),
    maxValue: ZDec.nullish(),
    source: z.string().trim().max(500).nullish(),
    ownerUnitId: z.number().int().positive().nullish(),
    /** Why the definition changes (kept in the audit log). */
    reason: z.string().trim().max(500).optional(),
    /** The version read, to refuse a lost update. */
    version: z.number().int().positive().optional(),
  })
  .refine((i) => i.kind !== "ratio" || (i.numeratorLabel && i.denominatorLabel), {
    message: "Chỉ số tỷ lệ cần nhãn tử số và mẫu số / a ratio needs numerator and denominator labels",
    path: ["numeratorLabel"],
  })
  .refine(
    (i) => !["count_meeting", "share_meeting"].includes(i.aggregation) || (i.threshold && i.thresholdOp),
    {
      message: "Cần ngưỡng và phép so sánh / threshold and operator required",
      path: ["threshold"],
    },
  );
/** Indicator input. */
export type TIndicatorInput = z.infer<typeof ZIndicatorInput>;
/** Indicator input as a client sends it. */
export type TIndicatorInputRaw = z.input<typeof ZIndicatorInput>;

/** Formula check request. */
export const ZFormulaCheckInput = z.object({
  formula: z.string().max(2000),
  /** The indicator being edited (its own code may not appear in its formula). */
  code: z.string().max(40).optional(),
});

/** Formula check answer: ok with the codes it uses, or the error with its position. */
export const ZFormulaCheck = z.object({
  ok: z.boolean(),
  codes: z.array(z.string()),
  valueType: z.string().optional(),
  error: z
    .object({
      kind: z.string(),
      position: z.number().int(),
      length: z.number().int(),
      message: z.string(),
      messageEn: z.string(),
    })
    .optional(),
});
/** Formula check answer. */
export type TFormulaCheck = z.infer<typeof ZFormulaCheck>;

/** One version of an indicator's definition, from the audit log. */
export const ZIndicatorVersion = z.object({
  version: z.number().int(),
  at: z.string().nullable(),
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
  /** Figures currently recorded under this version. */
  dataValues: z.number().int(),
});
/** Indicator version. */
export type TIndicatorVersion = z.infer<typeof ZIndicatorVersion>;
