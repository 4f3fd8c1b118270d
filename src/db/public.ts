/**
 * The publication rule of the public pages (docs/public-pages.md):
 *
 *   A province's figures for a period are published when at least one value of that province lies in
 *   the period and every non-draft value in it (the period itself and every shorter period inside it)
 *   is approved or locked — nothing is still awaiting review.
 *
 * So the public sees exactly the figures the steering committee sees, computed by the same engine, but
 * only once the reviewers have finished with the period. No separate "publish" button to forget.
 */
import { sql } from "drizzle-orm";
import { parsePeriod } from "../core/period.ts";
import { type Db, one, rows } from "./client.ts";

/** A published period with its counts. */
export interface TPublishedPeriod {
  period: string;
  values: number;
}

/** The province a unit belongs to (itself for a province), or undefined for the nation / unknown ids. */
export async function provinceOf(db: Db, unitId: number): Promise<number | undefined> {
  const r = await one<{ id: number | null }>(
    db,
    sql`select case when kind = 'province' then id else province_id end as id from org_unit where id = ${unitId}`,
  );
  return r?.id ?? undefined;
}

/** True when the period's values of the province are all approved or locked (and some exist). */
export async function isPublished(options: { db: Db; provinceId: number; period: string }): Promise<boolean> {
  const p = parsePeriod(options.period);
  const r = await one<{ n: number; pending: number }>(
    options.db,
    sql`select count(*)::int as n, count(*) filter (where status = 'submitted')::int as pending
      from data_value
      where org_unit_id = any(province_unit_ids(${options.provinceId})) and deleted_at is null and status <> 'draft'
        and period_start >= ${p.startDate}::date and period_end <= ${p.endDate}::date`,
  );
  return (r?.n ?? 0) > 0 && (r?.pending ?? 0) === 0;
}

/** Published periods of a province that have values of their own, newest first. */
export async function publishedPeriods(options: { db: Db; provinceId: number }): Promise<TPublishedPeriod[]> {
  const candidates = await rows<{ period: string; n: number }>(
    options.db,
    sql`select period, count(*)::int as n from data_value
      where org_unit_id = any(province_unit_ids(${options.provinceId})) and deleted_at is null and status <> 'draft'
        and period_type in ('year', 'nine_months', 'half_year', 'quarter')
      group by period order by min(period_end) desc, max(period_start) asc`,
  );
  const pending = await rows<{ start: string; end: string }>(
    options.db,
    sql`select distinct period_start::text as start, period_end::text as "end" from data_value
      where org_unit_id = any(province_unit_ids(${options.provinceId})) and deleted_at is null and status = 'submitted'`,
  );
  return candidates
    .filter((c) => {
      const p = parsePeriod(c.period);
      return !pending.some((x) => x.start >= p.startDate && x.end <= p.endDate);
    })
    .map((c) => ({ period: c.period, values: c.n }));
}

/** The plan shown publicly for a province: its oldest active plan. */
export async function publicPlanOf(db: Db, provinceId: number): Promise<number | undefined> {
  const r = await one<{ id: number }>(
    db,
    sql`select id from plan where owner_unit_id = ${provinceId} and status = 'active' order by id limit 1`,
  );
  return r?.id;
}

/** Provinces that have a public plan (for the public unit picker). */
export async function publicProvinces(db: Db): Promise<Array<{ id: number; code: string; name: string }>> {
  return rows(
    db,
    sql`select distinct u.id, u.code, u.name from plan p join org_unit u on u.id = p.owner_unit_id
      where p.status = 'active' and u.kind = 'province' order by u.code`,
  );
}
