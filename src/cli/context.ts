import { type Database, openFromEnv } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

/** A CLI failure: printed as one line (Vietnamese, then English), exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(
    readonly messageVi: string,
    messageEn: string,
    readonly details: string[] = [],
  ) {
    super(messageEn);
  }
}

/** Opens the database the environment names, migrated, runs fn, closes it. */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openFromEnv();
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}
