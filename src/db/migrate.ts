import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { type Database, rows } from "./client.ts";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** A migration file: `NNNN_name.sql`, applied in name order, once. */
export interface TMigration {
  version: string;
  file: string;
}

/** Lists migration files in order. */
export function listMigrations(dir = MIGRATIONS_DIR): TMigration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ""), file: path.join(dir, f) }));
}

/** Options of {@link migrate}. */
export interface TMigrateOptions {
  /** Stop after this version (tests of a migration build the state before it). */
  until?: string;
}

/**
 * Applies pending migrations, each in its own transaction, recording them in schema_migrations.
 * On a server an advisory lock keeps two starting processes from migrating at once.
 * Returns the versions applied now.
 */
export async function migrate(db: Database, options: TMigrateOptions = {}): Promise<string[]> {
  const client = db.pool ? await db.pool.connect() : undefined;
  const exec = async (script: string) => {
    if (client) await client.query(script);
    else await db.exec(script);
  };
  try {
    if (client) await client.query("select pg_advisory_lock(727001)");
    await exec(`create table if not exists schema_migrations (
      version text primary key, applied_at timestamptz not null default now())`);
    // On the held connection: a pool of one would otherwise wait for itself.
    const versions = client
      ? (await client.query<{ version: string }>("select version from schema_migrations")).rows
      : await rows<{ version: string }>(db.orm, sql`select version from schema_migrations`);
    const done = new Set(versions.map((r) => r.version));
    const applied: string[] = [];
    for (const m of listMigrations()) {
      if (options.until !== undefined && m.version > options.until) break;
      if (done.has(m.version)) continue;
      const body = readFileSync(m.file, "utf8");
      // One simple-protocol script per migration: the whole file and its record commit together or not at all.
      await exec(
        `begin;\n${body}\n;insert into schema_migrations (version) values ('${m.version}');\ncommit;`,
      ).catch(async (e: unknown) => {
        await exec("rollback").catch(() => undefined);
        throw new Error(`migration ${m.version} failed: ${(e as Error).message}`);
      });
      applied.push(m.version);
    }
    return applied;
  } finally {
    if (client) {
      await client.query("select pg_advisory_unlock(727001)").catch(() => undefined);
      client.release();
    }
  }
}

/** The latest applied migration version, or null on an empty database. */
export async function currentVersion(db: Database): Promise<string | null> {
  const r = await rows<{ version: string | null }>(
    db.orm,
    sql`select max(version) as version from schema_migrations`,
  );
  return r[0]?.version ?? null;
}
