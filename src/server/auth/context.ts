import { type SQL, sql } from "drizzle-orm";
import type { TPermission } from "./permissions.ts";

/** One scope the caller holds: a set of permissions over the unit subtree whose path is given. */
export interface TGrant {
  role: string;
  unitId: number;
  /** Materialised path of the unit ('/1/15/2680/'); every unit whose path starts with it is inside. */
  path: string;
  permissions: readonly TPermission[];
}

/** Who is calling: a signed-in person, an API key, or nobody. Set before every handler. */
export interface TAuth {
  userId?: number;
  apiKeyId?: number;
  sessionId?: number;
  username?: string;
  /** For withActor: "user:12", "apikey:3" or "anonymous". */
  actor: string;
  roles: Array<{ role: string; unitId: number }>;
  /** True until a person with a password set by the secretariat chooses their own. */
  mustChangePassword?: boolean;
  /** API keys only: the indicator codes the key may touch (null = every indicator). */
  indicatorCodes?: string[] | null;
  /** The scopes behind `roles`, with their permissions (what requireUnit checks). */
  grants: TGrant[];
}

/** The caller nobody signed in as. */
export const ANONYMOUS: TAuth = Object.freeze({ actor: "anonymous", roles: [], grants: [] }) as TAuth;

/** True when the caller holds the permission somewhere (or it is "public"). */
export function holds(auth: TAuth, permission: TPermission): boolean {
  if (permission === "public") return true;
  return auth.grants.some((g) => g.permissions.includes(permission));
}

/** True when the unit with this path lies inside a subtree where the caller holds the permission. */
export function pathInScope(auth: TAuth, permission: TPermission, path: string): boolean {
  if (permission === "public") return true;
  return auth.grants.some((g) => g.permissions.includes(permission) && path.startsWith(g.path));
}

/** The unit paths the caller may act on with this permission (prefixes; empty = nowhere). */
export function scopePaths(auth: TAuth, permission: TPermission): string[] {
  return auth.grants.filter((g) => g.permissions.includes(permission)).map((g) => g.path);
}

/**
 * A SQL condition true when the unit id in `unitColumn` lies in the caller's scope for the permission,
 * for list queries: `where ${unitScopeSql(req.auth, "data.read", sql`dv.org_unit_id`)}`.
 */
export function unitScopeSql(auth: TAuth, permission: TPermission, unitColumn: SQL): SQL {
  if (permission === "public") return sql`true`;
  const paths = scopePaths(auth, permission);
  if (paths.length === 0) return sql`false`;
  const likes = sql.join(
    paths.map((p) => sql`su.path like ${`${p.replace(/[\\%_]/g, "\\$&")}%`}`),
    sql` or `,
  );
  return sql`exists (select 1 from org_unit su where su.id = ${unitColumn} and (${likes}))`;
}
