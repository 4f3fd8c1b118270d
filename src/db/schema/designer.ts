import { customType, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/** A group of targets inside a pillar of one plan (migration 0005_designer). */
export const planGroup = pgTable("plan_group", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  planId: integer("plan_id").notNull(),
  provinceId: integer("province_id"),
  pillarId: integer("pillar_id"),
  code: text("code").notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  sort: integer("sort").notNull().default(0),
});

/** A legal document (decision, resolution) uploaded with a plan. */
export const planDocument = pgTable("plan_document", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  planId: integer("plan_id").notNull(),
  provinceId: integer("province_id"),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  content: bytea("content").notNull(),
  uploadedBy: text("uploaded_by").notNull().default("system"),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
});
