import { boolean, date, integer, numeric, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

/** Administrative unit or agency, with its validity interval [validFrom, validTo). */
export const orgUnit = pgTable("org_unit", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  code: text("code").notNull(),
  kind: text("kind", { enum: ["nation", "province", "district", "commune", "village", "agency"] }).notNull(),
  level: smallint("level").notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  fullName: text("full_name"),
  fullNameEn: text("full_name_en"),
  unitType: text("unit_type"),
  parentId: integer("parent_id"),
  provinceId: integer("province_id"),
  path: text("path").notNull().default("/"),
  searchText: text("search_text").notNull().default(""),
  validFrom: date("valid_from").notNull().default("1900-01-01"),
  validTo: date("valid_to"),
  isDemo: boolean("is_demo").notNull().default(false),
  source: text("source"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Dated reorganisation event: a merge or split with a full or partial share. */
export const orgUnitEvent = pgTable("org_unit_event", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  eventDate: date("event_date").notNull(),
  kind: text("kind", { enum: ["merge", "split", "rename", "create", "abolish"] }).notNull(),
  fromUnitId: integer("from_unit_id").notNull(),
  toUnitId: integer("to_unit_id"),
  share: text("share", { enum: ["full", "partial"] })
    .notNull()
    .default("full"),
  weight: numeric("weight"),
  legalBasis: text("legal_basis"),
});
