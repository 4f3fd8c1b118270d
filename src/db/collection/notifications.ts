/** In-app notifications: reminders before/after a round's deadline, returns and approvals. */
import { sql } from "drizzle-orm";
import { type Db, rows } from "../client.ts";

/** A notification as the bell shows it. */
export interface TNotification {
  id: number;
  kind: string;
  title: string;
  titleEn: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A notification to create; with a dedupe key the same one is never created twice for a user. */
export interface TNewNotification {
  userIds: number[];
  provinceId?: number | null;
  unitId?: number | null;
  roundId?: number | null;
  kind: string;
  title: string;
  titleEn: string;
  body?: string;
  link?: string;
  dedupeKey?: string;
}

/** Creates notifications; returns the ids of those created (duplicates by key are skipped). */
export async function notify(db: Db, n: TNewNotification): Promise<Array<{ id: number; userId: number }>> {
  if (n.userIds.length === 0) return [];
  return rows(
    db,
    sql`insert into notification (province_id, user_id, unit_id, round_id, kind, title, title_en, body, link, dedupe_key)
      select ${n.provinceId ?? null}, u, ${n.unitId ?? null}, ${n.roundId ?? null}, ${n.kind}, ${n.title}, ${n.titleEn},
        ${n.body ?? null}, ${n.link ?? null}, ${n.dedupeKey ?? null}
      from unnest(${`{${n.userIds.join(",")}}`}::int[]) as u
      on conflict (user_id, dedupe_key) do nothing returning id, user_id as "userId"`,
  );
}

/** A user's notifications, newest first. */
export function listNotifications(
  db: Db,
  q: { userId: number; unreadOnly?: boolean; limit?: number },
): Promise<TNotification[]> {
  return rows(
    db,
    sql`select id, kind, title, title_en as "titleEn", body, link, created_at::text as "createdAt", read_at::text as "readAt"
      from notification where user_id = ${q.userId} ${q.unreadOnly ? sql`and read_at is null` : sql``}
      order by id desc limit ${q.limit ?? 50}`,
  );
}

/** Marks notifications read (only the user's own). */
export async function markRead(db: Db, q: { userId: number; ids: number[] }): Promise<number> {
  const r = await rows<{ id: number }>(
    db,
    sql`update notification set read_at = now() where user_id = ${q.userId} and read_at is null
      and id = any(${`{${q.ids.join(",")}}`}::bigint[]) returning id`,
  );
  return r.length;
}

/** People with a role assigned exactly at one of these units (reporters of a commune, reviewers of a province). */
export async function usersAtUnits(
  db: Db,
  q: { unitIds: number[]; roles: string[] },
): Promise<Array<{ id: number; email: string | null }>> {
  if (q.unitIds.length === 0) return [];
  return rows(
    db,
    sql`select distinct u.id, u.email from role_assignment ra join app_user u on u.id = ra.user_id
      where ra.unit_id = any(${`{${q.unitIds.join(",")}}`}::int[]) and ra.role = any(${`{${q.roles.join(",")}}`}::text[])
        and u.status = 'active'`,
  );
}

/** Units of a round that still owe a form (not submitted, approved or locked). */
export function unitsOwing(
  db: Db,
  roundId: number,
): Promise<Array<{ orgUnitId: number; name: string; provinceId: number }>> {
  return rows(
    db,
    sql`select distinct ru.org_unit_id as "orgUnitId", u.full_name as name, ru.province_id as "provinceId"
      from reporting_round r join reporting_round_form f on f.round_id = r.id
      join reporting_round_unit ru on ru.round_id = r.id join org_unit u on u.id = ru.org_unit_id
      left join submission s on s.data_set_id = f.data_set_id and s.org_unit_id = ru.org_unit_id and s.period = r.period
      where r.id = ${roundId} and coalesce(s.state, 'draft') in ('draft', 'returned')`,
  );
}
