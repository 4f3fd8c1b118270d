import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Db, one, rows, withActor } from "./client.ts";

/** SHA-256 (hex) of a high-entropy token: enough for random tokens, which cannot be guessed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh random token (256 bits, base64url). */
export function newToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** What login needs to know about an account. */
export interface TLoginUser {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string | null;
  status: "active" | "disabled";
  failedLogins: number;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  unitId: number | null;
}

/** Finds an account by username or e-mail (case-insensitive). */
export function findLoginUser(db: Db, login: string): Promise<TLoginUser | undefined> {
  return one<TLoginUser>(
    db,
    sql`select id, username, display_name as "displayName", password_hash as "passwordHash", status,
        failed_logins as "failedLogins", locked_until::text as "lockedUntil",
        must_change_password as "mustChangePassword", unit_id as "unitId"
      from app_user where lower(username) = lower(${login}) or lower(email) = lower(${login})
      order by (lower(username) = lower(${login})) desc limit 1`,
  );
}

/** A role held over a unit subtree, with the subtree's materialised path. */
export interface TRoleGrant {
  role: string;
  unitId: number;
  path: string;
  provinceId: number | null;
}

/** The roles of a user with their unit paths. */
export function userGrants(db: Db, userId: number): Promise<TRoleGrant[]> {
  return rows<TRoleGrant>(
    db,
    sql`select ra.role, ra.unit_id as "unitId", u.path, u.province_id as "provinceId"
      from role_assignment ra join org_unit u on u.id = ra.unit_id
      where ra.user_id = ${userId} order by ra.id`,
  );
}

/** The materialised path of a unit ('/1/15/2680/'), or undefined when it does not exist. */
export async function unitPath(db: Db, unitId: number): Promise<string | undefined> {
  const r = await one<{ path: string }>(db, sql`select path from org_unit where id = ${unitId}`);
  return r?.path;
}

/** Deletes sessions that ended more than 30 days ago (run at login; sessions hold no user data). */
export async function purgeOldSessions(db: Db): Promise<void> {
  await db.execute(sql`delete from user_session
    where expires_at < now() - interval '30 days' or revoked_at < now() - interval '30 days'`);
}

/** Creates a session; returns the raw token (only its hash is stored). */
export async function createSession(
  db: Db,
  options: { userId: number; absoluteMs: number; ip?: string; userAgent?: string },
): Promise<{ id: number; token: string }> {
  const token = newToken();
  const r = await one<{ id: number }>(
    db,
    sql`insert into user_session (user_id, token_hash, expires_at, ip, user_agent)
      values (${options.userId}, ${hashToken(token)}, now() + ${`${options.absoluteMs} milliseconds`}::interval,
        ${options.ip ?? null}, ${(options.userAgent ?? "").slice(0, 300) || null})
      returning id`,
  );
  return { id: r!.id, token };
}

/** A live session with its user. */
export interface TSessionRow {
  id: number;
  userId: number;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  status: string;
  /** Milliseconds since the session was last used. */
  idleMs: number;
  expired: boolean;
  revoked: boolean;
  /** The user's roles with their unit paths (loaded in the same query: one round trip per request). */
  grants: TRoleGrant[];
}

/** Looks a session up by its token hash (expired and revoked ones too, flagged, so the caller can say 401). */
export function findSession(db: Db, tokenHash: string): Promise<TSessionRow | undefined> {
  return one<TSessionRow>(
    db,
    sql`select s.id, s.user_id as "userId", u.username, u.display_name as "displayName",
        u.must_change_password as "mustChangePassword", u.status,
        (extract(epoch from (now() - s.last_seen_at)) * 1000)::float8 as "idleMs",
        (s.expires_at <= now()) as expired, (s.revoked_at is not null) as revoked,
        coalesce((select jsonb_agg(jsonb_build_object('role', ra.role, 'unitId', ra.unit_id, 'path', ou.path,
            'provinceId', ou.province_id) order by ra.id)
          from role_assignment ra join org_unit ou on ou.id = ra.unit_id where ra.user_id = s.user_id), '[]'::jsonb) as grants
      from user_session s join app_user u on u.id = s.user_id
      where s.token_hash = ${tokenHash}`,
  );
}

/** Marks a session as used now (called at most once a minute per session). */
export async function touchSession(db: Db, id: number): Promise<void> {
  await db.execute(sql`update user_session set last_seen_at = now() where id = ${id}`);
}

/** Revokes one session. */
export async function revokeSession(db: Db, id: number): Promise<void> {
  await db.execute(sql`update user_session set revoked_at = now() where id = ${id} and revoked_at is null`);
}

/** Revokes every session of a user (logout everywhere, password change, disable); returns how many. */
export async function revokeUserSessions(db: Db, userId: number, exceptId?: number): Promise<number> {
  const r = await rows<{ id: number }>(
    db,
    sql`update user_session set revoked_at = now()
      where user_id = ${userId} and revoked_at is null and id <> ${exceptId ?? -1} returning id`,
  );
  return r.length;
}

/** Counts a failed password; locks the account for lockMs after maxFailures in a row. Returns the new state. */
export function recordLoginFailure(
  db: Db,
  options: { userId: number; maxFailures: number; lockMs: number },
): Promise<{ failedLogins: number; locked: boolean }> {
  return withActor(db, { actor: "system:auth", reason: "đăng nhập sai" }, async (tx) => {
    const r = await one<{ failedLogins: number; locked: boolean }>(
      tx,
      sql`update app_user set failed_logins = failed_logins + 1,
          locked_until = case when failed_logins + 1 >= ${options.maxFailures}
            then now() + ${`${options.lockMs} milliseconds`}::interval else locked_until end
        where id = ${options.userId}
        returning failed_logins as "failedLogins", (locked_until is not null and locked_until > now()) as locked`,
    );
    return r ?? { failedLogins: 0, locked: false };
  });
}

/** Clears the failure counter after a good password. */
export async function recordLoginSuccess(db: Db, userId: number): Promise<void> {
  await withActor(db, { actor: "system:auth", reason: "đăng nhập" }, async (tx) => {
    await tx.execute(sql`update app_user set failed_logins = 0, locked_until = null
      where id = ${userId} and (failed_logins <> 0 or locked_until is not null)`);
  });
}

/** Stores a new password hash; clears must_change_password unless asked to set it (reset by the secretariat). */
export async function setPasswordHash(
  db: Db,
  options: { userId: number; passwordHash: string; mustChange: boolean; actor: string; reason: string },
): Promise<void> {
  await withActor(db, { actor: options.actor, reason: options.reason }, async (tx) => {
    await tx.execute(sql`update app_user set password_hash = ${options.passwordHash},
        must_change_password = ${options.mustChange}, password_changed_at = now(),
        failed_logins = 0, locked_until = null, updated_at = now()
      where id = ${options.userId}`);
  });
}

/** The stored hash of a user's password. */
export async function passwordHashOf(db: Db, userId: number): Promise<string | null> {
  const r = await one<{ h: string | null }>(
    db,
    sql`select password_hash as h from app_user where id = ${userId}`,
  );
  return r?.h ?? null;
}

/** An API key as the auth layer sees it. */
export interface TApiKeyRow {
  id: number;
  name: string;
  unitId: number;
  path: string;
  provinceId: number | null;
  indicatorCodes: string[] | null;
  permissions: string[];
  usable: boolean;
}

/** Looks an API key up by the hash of the presented secret. */
export function findApiKey(db: Db, keyHash: string): Promise<TApiKeyRow | undefined> {
  return one<TApiKeyRow>(
    db,
    sql`select k.id, k.name, k.unit_id as "unitId", u.path, k.province_id as "provinceId",
        k.indicator_codes as "indicatorCodes", k.permissions,
        (k.revoked_at is null and (k.expires_at is null or k.expires_at > now())) as usable
      from api_key k join org_unit u on u.id = k.unit_id where k.key_hash = ${keyHash}`,
  );
}

/** Notes when a key was last used (at most once a minute). */
export async function touchApiKey(db: Db, id: number): Promise<void> {
  await db.execute(sql`update api_key set last_used_at = now()
    where id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`);
}

/** Events the access log records. */
export const ACCESS_EVENTS = [
  "login",
  "login_failed",
  "login_locked",
  "logout",
  "logout_all",
  "session_expired",
  "password_change",
  "password_reset",
  "user_create",
  "user_update",
  "user_disable",
  "role_grant",
  "role_revoke",
  "apikey_create",
  "apikey_revoke",
  "export",
  "denied",
] as const;
/** An access-log event. */
export type TAccessEvent = (typeof ACCESS_EVENTS)[number];

/** One access-log entry. Never put passwords, tokens or phone numbers in detail. */
export interface TAccessEntry {
  event: TAccessEvent;
  actor: string;
  userId?: number | null;
  username?: string | null;
  apiKeyId?: number | null;
  targetUserId?: number | null;
  unitId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends to the access log (province taken from the unit). Exports call this with event "export". */
export async function recordAccess(db: Db, e: TAccessEntry): Promise<void> {
  await db.execute(sql`insert into access_log (event, actor, user_id, username, api_key_id, target_user_id,
      unit_id, province_id, ip, user_agent, detail)
    values (${e.event}, ${e.actor}, ${e.userId ?? null}, ${e.username ?? null}, ${e.apiKeyId ?? null},
      ${e.targetUserId ?? null}, ${e.unitId ?? null},
      (select coalesce(province_id, case when kind = 'province' then id end) from org_unit where id = ${e.unitId ?? null}),
      ${e.ip ?? null}, ${(e.userAgent ?? "").slice(0, 300) || null}, ${JSON.stringify(e.detail ?? {})}::jsonb)`);
}
