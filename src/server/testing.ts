import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createSession, hashToken, newToken } from "../db/auth.ts";
import { one, withActor } from "../db/client.ts";
import { API_KEY_PREFIX, CSRF_COOKIE, CSRF_HEADER, csrfFor, SESSION_COOKIE } from "./auth/plugin.ts";

/** Headers that make app.inject act as a signed-in person: the session cookie and the CSRF header. */
export interface TTestHeaders extends Record<string, string> {
  cookie: string;
  "x-csrf-token": string;
}

/**
 * Signs a user in for a test and returns headers for `app.inject({ headers })`. The session is created
 * directly (no password check, no rate limit) so tests can call it as often as they like; login itself
 * is tested through POST /api/auth/login. Throws when the user does not exist or is disabled.
 */
export async function loginAs(app: FastifyInstance, username: string): Promise<TTestHeaders> {
  const db = app.database.orm;
  const user = await one<{ id: number; status: string }>(
    db,
    sql`select id, status from app_user where username = ${username}`,
  );
  if (!user) throw new Error(`loginAs: no user ${username}`);
  if (user.status !== "active") throw new Error(`loginAs: user ${username} is disabled`);
  const session = await createSession(db, { userId: user.id, absoluteMs: app.authOptions.absoluteMs });
  const csrf = csrfFor(session.token);
  return {
    cookie: `${SESSION_COOKIE}=${session.token}; ${CSRF_COOKIE}=${csrf}`,
    [CSRF_HEADER]: csrf,
  } as TTestHeaders;
}

/**
 * Creates an API key for a test and returns the Authorization header. Defaults: data.read and
 * data.write over the unit, every indicator.
 */
export async function apiKeyHeaders(
  app: FastifyInstance,
  options: { unitId: number; permissions?: string[]; indicatorCodes?: string[] | null; name?: string },
): Promise<{ authorization: string }> {
  const secret = newToken(API_KEY_PREFIX);
  await withActor(app.database.orm, { actor: "system:test" }, async (tx) => {
    await tx.execute(sql`insert into api_key (name, prefix, key_hash, unit_id, province_id, indicator_codes, permissions)
      values (${options.name ?? "test key"}, ${secret.slice(0, 10)}, ${hashToken(secret)}, ${options.unitId},
        (select coalesce(province_id, id) from org_unit where id = ${options.unitId}),
        ${options.indicatorCodes === undefined || options.indicatorCodes === null ? null : sql`${`{${options.indicatorCodes.map((c) => `"${c}"`).join(",")}}`}::text[]`},
        ${`{${(options.permissions ?? ["data.read", "data.write"]).join(",")}}`}::text[])`);
  });
  return { authorization: `Bearer ${secret}` };
}
