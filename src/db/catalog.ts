import { type SQL, sql } from "drizzle-orm";
import { type Db, one, rows } from "./client.ts";

/** Plan as listed by the API. */
export interface TPlanRow {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  ownerUnitId: number;
  legalNumber: string | null;
  legalIssuer: string | null;
  legalDate: string | null;
  startYear: number | null;
  endYear: number | null;
  status: string;
  version: number;
  settings: Record<string, unknown>;
  targetCount: number;
}

/** Lists plans, optionally those owned by a unit, newest version first. */
export async function listPlans(
  db: Db,
  q: { ownerUnitId?: number; limit: number; offset: number },
): Promise<{ items: TPlanRow[]; total: number }> {
  const where = q.ownerUnitId === undefined ? sql`true` : sql`p.owner_unit_id = ${q.ownerUnitId}`;
  const items = await rows<TPlanRow>(
    db,
    sql`select p.id, p.code, p.name, p.name_en as "nameEn", p.owner_unit_id as "ownerUnitId",
        p.legal_number as "legalNumber", p.legal_issuer as "legalIssuer", p.legal_date::text as "legalDate",
        p.start_year as "startYear", p.end_year as "endYear", p.status, p.version, p.settings,
        (select count(*) from target t where t.plan_id = p.id)::int as "targetCount"
      from plan p where ${where} order by p.id desc limit ${q.limit} offset ${q.offset}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n from plan p where ${where}`);
  return { items, total: total?.n ?? 0 };
}

/** One plan by id. */
export async function getPlan(db: Db, id: number): Promise<TPlanRow | undefined> {
  return (await listPlansWhere(db, sql`p.id = ${id}`))[0];
}

function listPlansWhere(db: Db, where: SQL): Promise<TPlanRow[]> {
  return rows<TPlanRow>(
    db,
    sql`select p.id, p.code, p.name, p.name_en as "nameEn", p.owner_unit_id as "ownerUnitId",
        p.legal_number as "legalNumber", p.legal_issuer as "legalIssuer", p.legal_date::text as "legalDate",
        p.start_year as "startYear", p.end_year as "endYear", p.status, p.version, p.settings,
        (select count(*) from target t where t.plan_id = p.id)::int as "targetCount"
      from plan p where ${where}`,
  );
}

/** Pillar row. */
export interface TPillarRow {
  id: number;
  code: string;
  kind: "pillar" | "foundation";
  name: string;
  nameEn: string;
  sort: number;
}

/** All pillars and foundations in display order. */
export function listPillars(db: Db): Promise<TPillarRow[]> {
  return rows<TPillarRow>(
    db,
    sql`select id, code, kind, name, name_en as "nameEn", sort from pillar order by sort, id`,
  );
}

/** Target row with its yearly values. */
export interface TTargetRow {
  id: number;
  planId: number;
  pillarId: number | null;
  pillarCode: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  indicatorId: number | null;
  indicatorCode: string | null;
  direction: "higher" | "lower";
  nationalBenchmark: string | null;
  benchmarkNote: string | null;
  responsibleUnitId: number | null;
  responsibleUnitName: string | null;
  appliesTo: string;
  sort: number;
  source: string | null;
  values: Array<{ year: number; value: string }>;
}

/** Targets of a plan (optionally of one pillar), with yearly values. */
export function listTargets(db: Db, q: { planId: number; pillarId?: number }): Promise<TTargetRow[]> {
  const pillar = q.pillarId === undefined ? sql`true` : sql`t.pillar_id = ${q.pillarId}`;
  return rows<TTargetRow>(
    db,
    sql`select t.id, t.plan_id as "planId", t.pillar_id as "pillarId", pl.code as "pillarCode", t.code, t.name,
        t.name_en as "nameEn", t.indicator_id as "indicatorId", i.code as "indicatorCode", t.direction,
        t.national_benchmark::text as "nationalBenchmark", t.benchmark_note as "benchmarkNote",
        t.responsible_unit_id as "responsibleUnitId", ru.name as "responsibleUnitName",
        t.applies_to as "appliesTo", t.sort, t.source,
        coalesce((select json_agg(json_build_object('year', v.year, 'value', v.value::text) order by v.year)
          from target_value v where v.target_id = t.id), '[]'::json) as values
      from target t
      left join pillar pl on pl.id = t.pillar_id
      left join indicator i on i.id = t.indicator_id
      left join org_unit ru on ru.id = t.responsible_unit_id
      where t.plan_id = ${q.planId} and ${pillar}
      order by t.sort, t.id`,
  );
}

/** Indicator row. */
export interface TIndicatorRow {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  definition: string | null;
  kind: string;
  unit: string | null;
  numeratorLabel: string | null;
  denominatorLabel: string | null;
  aggregation: string;
  overTime: string;
  threshold: string | null;
  thresholdOp: string | null;
  formula: string | null;
  decimals: number;
  source: string | null;
  status: string;
  version: number;
}

const INDICATOR_COLUMNS = sql`i.id, i.code, i.name, i.name_en as "nameEn", i.definition, i.kind, i.unit,
  i.numerator_label as "numeratorLabel", i.denominator_label as "denominatorLabel", i.aggregation,
  i.over_time as "overTime", i.threshold::text as threshold, i.threshold_op as "thresholdOp", i.formula,
  i.decimals, i.source, i.status, i.version`;

/** Lists indicators (search by code or name), paginated. */
export async function listIndicators(
  db: Db,
  q: { q?: string; status?: string; limit: number; offset: number },
): Promise<{ items: TIndicatorRow[]; total: number }> {
  const conds = [sql`true`];
  if (q.q) conds.push(sql`(i.code ilike ${`%${q.q}%`} or i.name ilike ${`%${q.q}%`})`);
  if (q.status) conds.push(sql`i.status = ${q.status}`);
  const where = sql.join(conds, sql` and `);
  const items = await rows<TIndicatorRow>(
    db,
    sql`select ${INDICATOR_COLUMNS} from indicator i where ${where} order by i.code limit ${q.limit} offset ${q.offset}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n from indicator i where ${where}`);
  return { items, total: total?.n ?? 0 };
}

/** One indicator by id. */
export async function getIndicator(db: Db, id: number): Promise<TIndicatorRow | undefined> {
  return one<TIndicatorRow>(db, sql`select ${INDICATOR_COLUMNS} from indicator i where i.id = ${id}`);
}

/** Data value row. */
export interface TDataValueRow {
  id: number;
  indicatorId: number;
  indicatorCode: string;
  orgUnitId: number;
  orgUnitName: string;
  period: string;
  periodType: string;
  numerator: string | null;
  denominator: string | null;
  value: string | null;
  comment: string | null;
  status: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/** Filters for data values. */
export interface TDataValueQuery {
  indicatorId?: number;
  orgUnitId?: number;
  /** Include the whole subtree under this unit. */
  underUnitId?: number;
  period?: string;
  periodType?: string;
  limit: number;
  offset: number;
}

/** Lists data values with filters, paginated. */
export async function listDataValues(
  db: Db,
  q: TDataValueQuery,
): Promise<{ items: TDataValueRow[]; total: number }> {
  const conds = [sql`v.deleted_at is null`];
  if (q.indicatorId !== undefined) conds.push(sql`v.indicator_id = ${q.indicatorId}`);
  if (q.orgUnitId !== undefined) conds.push(sql`v.org_unit_id = ${q.orgUnitId}`);
  if (q.underUnitId !== undefined)
    conds.push(sql`u.path like (select path from org_unit where id = ${q.underUnitId}) || '%'`);
  if (q.period) conds.push(sql`v.period = ${q.period}`);
  if (q.periodType) conds.push(sql`v.period_type = ${q.periodType}`);
  const where = sql.join(conds, sql` and `);
  const from = sql`from data_value v join org_unit u on u.id = v.org_unit_id join indicator i on i.id = v.indicator_id`;
  const items = await rows<TDataValueRow>(
    db,
    sql`select v.id, v.indicator_id as "indicatorId", i.code as "indicatorCode", v.org_unit_id as "orgUnitId",
        u.name as "orgUnitName", v.period, v.period_type as "periodType", v.numerator::text as numerator,
        v.denominator::text as denominator, v.value::text as value, v.comment, v.status, v.version,
        v.updated_by as "updatedBy", v.updated_at as "updatedAt"
      ${from} where ${where} order by v.period_start, u.code, i.code limit ${q.limit} offset ${q.offset}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n ${from} where ${where}`);
  return {
    items: items.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() })),
    total: total?.n ?? 0,
  };
}
