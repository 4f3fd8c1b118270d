/** Drizzle schema: one file per area; SQL migrations in ../migrations are the source of truth. */
export * from "./data.ts";
export * from "./designer.ts";
export * from "./plans.ts";
export * from "./teams.ts";
export * from "./units.ts";
export * from "./users.ts";
