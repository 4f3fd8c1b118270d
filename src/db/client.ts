import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema/index.ts";

/** Drizzle database (or transaction) over either driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: the ORM plus what only the driver can do. */
export interface Database {
  kind: "pglite" | "postgres";
  /** Where the data lives: the PGlite folder, ":memory:", or the server URL without password. */
  location: string;
  orm: Db;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /** The pg pool, when on a PostgreSQL server (for COPY). */
  pool?: pg.Pool;
  /** The PGlite instance, when embedded. */
  pglite?: PGlite;
  close(): Promise<void>;
}

// Dates stay ISO strings and int8 becomes a number (ids and counts are far below 2^53).
const keepString = (v: string) => v;
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, keepString);

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder, or "memory" for a throw-away in-memory database. */
  dataDir?: string;
  /** search_path schema (tests isolate themselves this way on a shared server). */
  searchPath?: string;
  /** Pool size on a server. */
  poolSize?: number;
}

/** Opens PGlite (data folder or memory) or a PostgreSQL server, per options. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
    });
    await pool.query("select 1");
    const orm = drizzleNodePg(pool, { schema }) as unknown as Db;
    return {
      kind: "postgres",
      location: redactUrl(options.url),
      orm,
      pool,
      exec: async (script) => {
        await pool.query(script);
      },
      close: () => pool.end(),
    };
  }
  const dir = options.dataDir ?? "data";
  const memory = dir === "memory" || dir === ":memory:";
  if (!memory) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(memory ? undefined : path.resolve(dir), {
    parsers: { 1082: keepString },
  });
  const orm = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    location: memory ? ":memory:" : path.resolve(dir),
    orm,
    pglite,
    exec: async (script) => {
      await pglite.exec(script);
    },
    close: () => pglite.close(),
  };
}

/** Opens the database the environment names: DATABASE_URL, else PGlite in DXM_DATA_DIR (default ./data). */
export function openFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  return openDatabase({ url: env.DATABASE_URL || undefined, dataDir: env.DXM_DATA_DIR || "data" });
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}

/** Runs a typed SQL query and returns its rows (the same shape on both drivers). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * {@link rows} for large results (thousands of rows): the rows travel as one JSON text. PGlite decodes
 * every field of every row in JavaScript, which costs several times one JSON.parse; PostgreSQL is
 * unaffected. Columns must already be JSON-safe: cast numeric to text (exact), keep int and text.
 */
export async function jsonRows<T>(db: Db, query: SQL): Promise<T[]> {
  const r = await one<{ j: string }>(
    db,
    sql`select coalesce(json_agg(x), '[]')::text as j from (${query}) x`,
  );
  return JSON.parse(r?.j ?? "[]") as T[];
}

/** Runs a typed SQL query expected to return at most one row. */
export async function one<T>(db: Db, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0];
}

/** Who is changing data, and why: recorded by the audit triggers. */
export interface TActor {
  /** "user:12", "apikey:3", "cli", "system". */
  actor: string;
  reason?: string;
  /** Bulk mode: a statement is audited as one summary row naming the import. */
  bulkImportId?: string;
}

/** Runs fn in one transaction with the actor (and reason) set for the audit triggers. */
export function withActor<T>(db: Db, who: TActor, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select set_config('dxm.actor', ${who.actor}, true),
      set_config('dxm.reason', ${who.reason ?? ""}, true),
      set_config('dxm.bulk', ${who.bulkImportId ? "on" : "off"}, true),
      set_config('dxm.import_id', ${who.bulkImportId ?? ""}, true)`);
    return fn(t);
  });
}
