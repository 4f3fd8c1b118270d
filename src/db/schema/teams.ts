import { date, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Community digital technology team (tổ công nghệ số cộng đồng) of a village or commune. */
export const communityTeam = pgTable("community_team", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  provinceId: integer("province_id").notNull(),
  communeId: integer("commune_id").notNull(),
  unitId: integer("unit_id").notNull(),
  name: text("name").notNull(),
  leaderName: text("leader_name"),
  foundingDecision: text("founding_decision"),
  foundedOn: date("founded_on"),
  status: text("status", { enum: ["active", "inactive", "dissolved"] })
    .notNull()
    .default("active"),
  version: integer("version").notNull().default(1),
  note: text("note"),
  createdBy: text("created_by").notNull().default("system"),
  updatedBy: text("updated_by").notNull().default("system"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Member of a community team (personal data: name and phone). */
export const communityTeamMember = pgTable("community_team_member", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  provinceId: integer("province_id").notNull(),
  teamId: integer("team_id").notNull(),
  fullName: text("full_name").notNull(),
  role: text("role", { enum: ["leader", "deputy", "member"] })
    .notNull()
    .default("member"),
  phone: text("phone"),
  status: text("status", { enum: ["active", "left"] })
    .notNull()
    .default("active"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
