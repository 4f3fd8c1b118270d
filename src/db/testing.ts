import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { type Database, openDatabase } from "./client.ts";
import { migrate, type TMigrateOptions } from "./migrate.ts";

/** Database kinds the suite runs against: PGlite always, PostgreSQL when TEST_DATABASE_URL/DATABASE_URL is set. */
export function testDatabaseKinds(): Array<"pglite" | "postgres"> {
  return serverUrl() ? ["pglite", "postgres"] : ["pglite"];
}

function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** A migrated throw-away database (up to `options.until`): in-memory PGlite, or a fresh schema on the server dropped by cleanup. */
export async function openTestDatabase(
  kind: "pglite" | "postgres",
  options: TMigrateOptions = {},
): Promise<Database & { cleanup(): Promise<void> }> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory" });
    await migrate(db, options);
    return { ...db, cleanup: () => db.close() };
  }
  const url = serverUrl();
  if (!url) throw new Error("no TEST_DATABASE_URL");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ url, poolSize: 1 });
  await admin.exec(`create schema ${schema}`);
  await admin.close();
  const db = await openDatabase({ url, searchPath: schema, poolSize: 4 });
  await migrate(db, options);
  return {
    ...db,
    cleanup: async () => {
      await db.close();
      const a = await openDatabase({ url, poolSize: 1 });
      await a.exec(`drop schema ${schema} cascade`);
      await a.close();
    },
  };
}

/** ../shared/data beside the checkout, where the official lists live (tests skip when it is absent). */
export const SHARED_DATA = path.resolve(import.meta.dirname, "../../../shared/data");
/** True when the shared data folder is present. */
export const hasSharedData = existsSync(path.join(SHARED_DATA, "units"));
