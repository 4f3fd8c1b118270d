import { type SQL, sql } from "drizzle-orm";
import { type Db, one, rows } from "../../db/client.ts";
import type { TApiKey, TUser } from "./schemas.ts";

const USER_COLUMNS = sql`a.id, a.username, a.display_name as "displayName", a.email, a.phone,
  a.unit_id as "unitId", u.name as "unitName", a.status, a.must_change_password as "mustChangePassword",
  a.locked_until::text as "lockedUntil", a.created_at::text as "createdAt",
  coalesce((select jsonb_agg(jsonb_build_object('id', ra.id, 'role', ra.role, 'unitId', ra.unit_id,
      'unitName', ru.name) order by ra.id)
    from role_assignment ra join org_unit ru on ru.id = ra.unit_id where ra.user_id = a.id), '[]'::jsonb) as roles`;

/** Users matching a filter (already limited to the caller's scope by `scope`). */
export async function listUsers(
  db: Db,
  options: { scope: SQL; q?: string; unitId?: number; limit: number; offset: number },
): Promise<{ items: TUser[]; total: number }> {
  const conds = [options.scope];
  if (options.q) {
    const like = `%${options.q.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`;
    conds.push(
      sql`(lower(a.username) like ${like} or lower(a.display_name) like ${like} or lower(coalesce(a.email, '')) like ${like})`,
    );
  }
  if (options.unitId !== undefined) conds.push(sql`a.unit_id = ${options.unitId}`);
  const where = sql.join(conds, sql` and `);
  const items = await rows<TUser>(
    db,
    sql`select ${USER_COLUMNS} from app_user a left join org_unit u on u.id = a.unit_id
      where ${where} order by a.username limit ${options.limit} offset ${options.offset}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n from app_user a where ${where}`);
  return { items, total: total?.n ?? 0 };
}

/** One user by id. */
export function getUser(db: Db, id: number): Promise<TUser | undefined> {
  return one<TUser>(
    db,
    sql`select ${USER_COLUMNS} from app_user a left join org_unit u on u.id = a.unit_id where a.id = ${id}`,
  );
}

const KEY_COLUMNS = sql`k.id, k.name, k.prefix, k.unit_id as "unitId", u.name as "unitName",
  k.indicator_codes as "indicatorCodes", k.permissions, k.created_at::text as "createdAt",
  k.expires_at::text as "expiresAt", k.revoked_at::text as "revokedAt", k.last_used_at::text as "lastUsedAt"`;

/** API keys in scope. */
export function listApiKeys(db: Db, scope: SQL): Promise<TApiKey[]> {
  return rows<TApiKey>(
    db,
    sql`select ${KEY_COLUMNS} from api_key k join org_unit u on u.id = k.unit_id where ${scope} order by k.id desc limit 1000`,
  );
}

/** One API key. */
export function getApiKey(db: Db, id: number): Promise<TApiKey | undefined> {
  return one<TApiKey>(
    db,
    sql`select ${KEY_COLUMNS} from api_key k join org_unit u on u.id = k.unit_id where k.id = ${id}`,
  );
}
