import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Roles, from widest to narrowest. */
export const ROLES = ["admin", "secretariat", "reviewer", "reporter", "leader", "public"] as const;

/** A person who signs in. */
export const appUser = pgTable("app_user", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  email: text("email"),
  phone: text("phone"),
  unitId: integer("unit_id"),
  passwordHash: text("password_hash"),
  mustChangePassword: boolean("must_change_password").notNull().default(true),
  status: text("status", { enum: ["active", "disabled"] })
    .notNull()
    .default("active"),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A role held over a unit subtree. */
export const roleAssignment = pgTable("role_assignment", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  userId: integer("user_id").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  unitId: integer("unit_id").notNull(),
});
