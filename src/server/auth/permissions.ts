/**
 * Permissions and the role → permission matrix, kept as data so the security test, the docs and the
 * web menu all read the same table. Add a permission with one line in PERMISSIONS and list the roles
 * that hold it in ROLE_PERMISSIONS.
 */
import { ROLES } from "../../db/schema/users.ts";

/** Every permission a route can declare in `config.permission`. "public" needs no login. */
export const PERMISSIONS = [
  "public",
  // Any signed-in person, for their own account (me, password, logout); not API keys.
  "self",
  "data.read",
  "data.write",
  "data.review",
  "round.manage",
  "plan.manage",
  "units.manage",
  "users.manage",
  "index.self_assess",
  "index.appraise",
  "index.manage",
  "session.manage",
  "task.update",
  "teams.read",
  "teams.write",
  "teams.personal",
  "audit.read",
  "export",
] as const;

/** A permission string. */
export type TPermission = (typeof PERMISSIONS)[number];

/** Roles a person can hold over a unit subtree (role_assignment.role). */
export const ROLE_NAMES = ROLES;
/** A role name. */
export type TRoleName = (typeof ROLE_NAMES)[number];

/**
 * What each role may do inside the subtree it is assigned to. Administrators hold everything; the
 * leader only reads; "public" holds what an anonymous visitor holds.
 */
export const ROLE_PERMISSIONS: Record<TRoleName, readonly TPermission[]> = {
  admin: PERMISSIONS,
  secretariat: [
    "public",
    "self",
    "data.read",
    "data.write",
    "data.review",
    "round.manage",
    "plan.manage",
    "units.manage",
    "users.manage",
    "index.self_assess",
    "index.appraise",
    "index.manage",
    "session.manage",
    "task.update",
    "teams.read",
    "teams.write",
    "teams.personal",
    "audit.read",
    "export",
  ],
  reviewer: [
    "public",
    "self",
    "data.read",
    "data.review",
    "index.appraise",
    "task.update",
    "teams.read",
    "export",
  ],
  reporter: [
    "public",
    "self",
    "data.read",
    "data.write",
    "index.self_assess",
    "task.update",
    "teams.read",
    "teams.write",
    "teams.personal",
    "export",
  ],
  leader: ["public", "self", "data.read", "teams.read", "export"],
  public: ["public", "self"],
};

/** Permissions an API key (machine feed) may carry; anything else is refused when the key is created. */
export const API_KEY_PERMISSIONS: readonly TPermission[] = [
  "data.read",
  "data.write",
  "teams.read",
  "teams.write",
  "export",
];

/** Roles a holder of `users.manage` may grant: never wider than their own, and only admins make admins. */
export function grantableRoles(holderRoles: readonly string[]): TRoleName[] {
  if (holderRoles.includes("admin")) return [...ROLE_NAMES];
  if (holderRoles.includes("secretariat")) return ["secretariat", "reviewer", "reporter", "leader", "public"];
  return [];
}

/** True when the role holds the permission (anywhere in its subtree). */
export function roleHas(role: string, permission: TPermission): boolean {
  if (permission === "public") return true;
  const perms = ROLE_PERMISSIONS[role as TRoleName];
  return perms ? perms.includes(permission) : false;
}

/** True when the string names a permission. */
export function isPermission(value: unknown): value is TPermission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}
