import {
  boolean,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** Pillar (trụ cột) or foundation (nền tảng). */
export const pillar = pgTable("pillar", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  code: text("code").notNull().unique(),
  kind: text("kind", { enum: ["pillar", "foundation"] }).notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  sort: integer("sort").notNull().default(0),
});

/** Per-plan settings: status thresholds and display rounding. */
export interface TPlanSettings {
  nearThreshold?: number;
  rounding?: "half_up" | "truncate";
}

/** Plan, programme, resolution or decision with its legal basis. */
export const plan = pgTable("plan", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  ownerUnitId: integer("owner_unit_id").notNull(),
  provinceId: integer("province_id"),
  legalNumber: text("legal_number"),
  legalIssuer: text("legal_issuer"),
  legalDate: date("legal_date"),
  legalFile: text("legal_file"),
  legalSummary: text("legal_summary"),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  startYear: integer("start_year"),
  endYear: integer("end_year"),
  status: text("status", { enum: ["draft", "active", "retired"] })
    .notNull()
    .default("active"),
  version: integer("version").notNull().default(1),
  previousVersionId: integer("previous_version_id"),
  settings: jsonb("settings").$type<TPlanSettings>().notNull().default({}),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Indicator kinds. */
export const INDICATOR_KINDS = ["ratio", "percent", "count", "number", "boolean", "rank"] as const;
/** Aggregation rules up the unit hierarchy. */
export const AGGREGATIONS = [
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

/** Indicator (chỉ số) definition. */
export const indicator = pgTable("indicator", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  definition: text("definition"),
  kind: text("kind", { enum: INDICATOR_KINDS }).notNull(),
  unit: text("unit"),
  numeratorLabel: text("numerator_label"),
  denominatorLabel: text("denominator_label"),
  aggregation: text("aggregation", { enum: AGGREGATIONS }).notNull().default("sum"),
  overTime: text("over_time", { enum: ["sum", "last", "ratio_of_sums", "average"] })
    .notNull()
    .default("last"),
  threshold: numeric("threshold"),
  thresholdOp: text("threshold_op", { enum: [">=", ">", "<=", "<", "="] }),
  formula: text("formula"),
  decimals: smallint("decimals").notNull().default(1),
  minValue: numeric("min_value"),
  maxValue: numeric("max_value"),
  source: text("source"),
  ownerUnitId: integer("owner_unit_id"),
  status: text("status", { enum: ["active", "retired"] })
    .notNull()
    .default("active"),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Target (mục tiêu, chỉ tiêu) of a plan. */
export const target = pgTable("target", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  planId: integer("plan_id").notNull(),
  provinceId: integer("province_id"),
  pillarId: integer("pillar_id"),
  code: text("code").notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  indicatorId: integer("indicator_id"),
  direction: text("direction", { enum: ["higher", "lower"] })
    .notNull()
    .default("higher"),
  nationalBenchmark: numeric("national_benchmark"),
  benchmarkNote: text("benchmark_note"),
  responsibleUnitId: integer("responsible_unit_id"),
  appliesTo: text("applies_to", { enum: ["province", "agency", "commune", "all"] })
    .notNull()
    .default("province"),
  sort: integer("sort").notNull().default(0),
  source: text("source"),
  groupId: integer("group_id"),
  appliesToSet: text("applies_to_set").array().notNull().default([]),
  responsibleText: text("responsible_text"),
  unitLabel: text("unit_label"),
});

/** Yearly target value (2022, 2025, 2030…). */
export const targetValue = pgTable("target_value", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  targetId: integer("target_id").notNull(),
  year: integer("year").notNull(),
  value: numeric("value").notNull(),
});

/** Period types: the core's list, so the column and the period logic cannot disagree. */
export { PERIOD_TYPES } from "../../core/period.ts";

import { PERIOD_TYPES } from "../../core/period.ts";

/** Reporting form (biểu mẫu). */
export const dataSet = pgTable("data_set", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  periodType: text("period_type", { enum: PERIOD_TYPES }).notNull(),
  cumulative: boolean("cumulative").notNull().default(true),
  planId: integer("plan_id"),
  ownerUnitId: integer("owner_unit_id").notNull(),
  appliesTo: text("applies_to", { enum: ["province", "agency", "commune", "all"] })
    .notNull()
    .default("commune"),
  status: text("status", { enum: ["draft", "active", "retired"] })
    .notNull()
    .default("active"),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  appliesToSet: text("applies_to_set").array().notNull().default([]),
  description: text("description"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An indicator on a form, in a section. */
export const dataSetElement = pgTable("data_set_element", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  dataSetId: integer("data_set_id").notNull(),
  indicatorId: integer("indicator_id").notNull(),
  section: text("section").notNull().default(""),
  sort: integer("sort").notNull().default(0),
  required: boolean("required").notNull().default(false),
});
