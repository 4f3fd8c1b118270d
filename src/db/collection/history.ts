/** The audit trail of collected figures: per value and per unit, value changes and workflow steps together. */
import { sql } from "drizzle-orm";
import { type Db, rows } from "../client.ts";

/** One change of a figure, from the append-only audit_log. */
export interface TValueChange {
  at: string;
  actor: string;
  action: string;
  indicatorId: number;
  indicatorCode: string;
  period: string;
  before: {
    numerator: string | null;
    denominator: string | null;
    value: string | null;
    comment: string | null;
    status: string;
  } | null;
  after: {
    numerator: string | null;
    denominator: string | null;
    value: string | null;
    comment: string | null;
    status: string;
  } | null;
  reason: string | null;
}

const pick = (col: string) =>
  sql.raw(`case when ${col} is null then null else jsonb_build_object(
  'numerator', ${col} ->> 'numerator', 'denominator', ${col} ->> 'denominator', 'value', ${col} ->> 'value',
  'comment', ${col} ->> 'comment', 'status', ${col} ->> 'status') end`);

/**
 * Changes of the figures of a unit (optionally one indicator and one period), newest first: who, when,
 * old, new, why. Bulk imports appear as one summary row each in audit_log and are not itemised here.
 */
export function valueHistory(
  db: Db,
  q: { provinceId: number; orgUnitId: number; indicatorId?: number; period?: string; limit?: number },
): Promise<TValueChange[]> {
  return rows<TValueChange>(
    db,
    sql`select a.at::text, a.actor, a.action, (coalesce(a.after, a.before) ->> 'indicator_id')::int as "indicatorId",
        i.code as "indicatorCode", coalesce(a.after, a.before) ->> 'period' as period,
        ${pick("a.before")} as before, ${pick("a.after")} as after, a.reason
      from audit_log a join indicator i on i.id = (coalesce(a.after, a.before) ->> 'indicator_id')::int
      where a.table_name = 'data_value' and a.province_id = ${q.provinceId}
        and (coalesce(a.after, a.before) ->> 'org_unit_id')::int = ${q.orgUnitId}
        ${q.indicatorId ? sql`and (coalesce(a.after, a.before) ->> 'indicator_id')::int = ${q.indicatorId}` : sql``}
        ${q.period ? sql`and coalesce(a.after, a.before) ->> 'period' = ${q.period}` : sql``}
      order by a.id desc limit ${q.limit ?? 500}`,
  );
}

/** Workflow steps of every submission of a unit, newest first. */
export function unitWorkflowHistory(
  db: Db,
  q: { orgUnitId: number; limit?: number },
): Promise<
  Array<{
    submissionId: number;
    period: string;
    formName: string;
    at: string;
    actor: string;
    action: string;
    fromState: string | null;
    toState: string | null;
    comment: string | null;
    version: number;
  }>
> {
  return rows(
    db,
    sql`select e.submission_id as "submissionId", s.period, d.name as "formName", e.at::text, e.actor, e.action,
        e.from_state as "fromState", e.to_state as "toState", e.comment, e.version
      from submission_event e join submission s on s.id = e.submission_id join data_set d on d.id = s.data_set_id
      where s.org_unit_id = ${q.orgUnitId} order by e.id desc limit ${q.limit ?? 500}`,
  );
}
