import { sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "./client.ts";
import * as schema from "./schema/index.ts";
import { openTestDatabase } from "./testing.ts";

// The SQL migrations are the source of truth; the Drizzle schema must not drift from them.
describe("Drizzle schema matches the migrated database", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
  });
  afterAll(async () => db?.cleanup());

  const tables = (Object.values(schema) as unknown[]).filter(
    (v): v is PgTable => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
  );

  it("declares at least the foundation tables", () => {
    expect(tables.length).toBeGreaterThanOrEqual(14);
  });

  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))(
    "%s has the same columns",
    async (name, table) => {
      const cfg = getTableConfig(table);
      const dbCols = await rows<{ column_name: string; is_nullable: string }>(
        db.orm,
        sql`select column_name, is_nullable from information_schema.columns
        where table_schema = current_schema() and table_name = ${name} order by column_name`,
      );
      expect(cfg.columns.map((c) => c.name).sort()).toEqual(dbCols.map((c) => c.column_name).sort());
      for (const c of cfg.columns) {
        const d = dbCols.find((x) => x.column_name === c.name);
        expect(`${c.name}:${c.notNull}`).toBe(`${c.name}:${d?.is_nullable === "NO"}`);
      }
    },
  );
});
