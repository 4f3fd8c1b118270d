import { bigint, date, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { PERIOD_TYPES } from "./plans.ts";

/** One figure: indicator × unit × period (the unique key); provinceId is its unit's province (moves with the unit). */
export const dataValue = pgTable("data_value", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  provinceId: integer("province_id").notNull(),
  indicatorId: integer("indicator_id").notNull(),
  orgUnitId: integer("org_unit_id").notNull(),
  period: text("period").notNull(),
  periodType: text("period_type", { enum: PERIOD_TYPES }).notNull(),
  periodStart: date("period_start").notNull(),
  periodEnd: date("period_end").notNull(),
  numerator: numeric("numerator"),
  denominator: numeric("denominator"),
  value: numeric("value"),
  comment: text("comment"),
  status: text("status", { enum: ["draft", "submitted", "approved", "locked"] })
    .notNull()
    .default("draft"),
  dataSetId: integer("data_set_id"),
  indicatorVersion: integer("indicator_version").notNull().default(1),
  createdBy: text("created_by").notNull().default("system"),
  updatedBy: text("updated_by").notNull().default("system"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

/** Append-only audit row (written by database triggers, never by hand). */
export const auditLog = pgTable("audit_log", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  actor: text("actor").notNull(),
  tableName: text("table_name").notNull(),
  rowId: text("row_id"),
  action: text("action").notNull(),
  before: jsonb("before"),
  after: jsonb("after"),
  reason: text("reason"),
  provinceId: integer("province_id"),
});

/** Key/value settings of the installation (e.g. which province is the demo). */
export const appSetting = pgTable("app_setting", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
