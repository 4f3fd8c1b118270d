/**
 * Registry → progress engine. The community-team registry is the source of the figures "1,871 teams
 * with 10,217 members, 100% of villages": they are derived here, per commune and quarter, and written
 * as data values of the indicators linked to a registry measure (community_indicator_link: the CNS_*
 * indicators, and any plan indicator a province links, such as the demo's XHS05). The progress engine's
 * triggers then roll them up to the province inside the same transaction — nobody retypes them.
 *
 * Stock measures (teams, members, coverage) count teams that are active and founded by the end of the
 * quarter; flow measures (households helped, people guided, sessions) sum the activities reported for
 * the quarter and are written only where a team reported (no report ≠ zero); a team dissolved later keeps
 * the activity it reported (it happened).
 */
import { sql } from "drizzle-orm";
import { parsePeriod, periodOfDate } from "../../core/period.ts";
import { type Db, one } from "../client.ts";

/** The actor written in created_by/updated_by of derived data values. */
export const REGISTRY_ACTOR = "registry:community";

/** The quarter containing a date (default today), the period registry changes are written to. */
export function currentQuarter(now: Date = new Date()): string {
  return periodOfDate(now.toISOString().slice(0, 10), "quarter");
}

/** Options of {@link refreshCommunityFigures}. */
export interface TRefreshOptions {
  db: Db;
  provinceId: number;
  /** A quarter code ("2026Q3"); default the current quarter. */
  period?: string;
  /** Several quarters at once (one statement; the demo derives all its quarters this way). */
  periods?: readonly string[];
  /** Limit to these communes (default: every commune of the province). */
  communeIds?: readonly number[];
}

/**
 * Recomputes the registry figures of a province's communes for one or more quarters and upserts them as
 * approved data values (locked values are left alone; unchanged values are not rewritten, so the audit and
 * the rollup only see real changes). One statement of grouped joins, run inside the registry change's
 * transaction. Returns the number of data values inserted or changed.
 */
export async function refreshCommunityFigures(options: TRefreshOptions): Promise<number> {
  const codes = options.periods ?? [options.period ?? currentQuarter()];
  const periods = JSON.stringify(
    codes
      .map(parsePeriod)
      .map((p) => ({ code: p.code, type: p.type, start_date: p.startDate, end_date: p.endDate })),
  );
  const communeFilter =
    options.communeIds && options.communeIds.length > 0
      ? sql`and c.id = any(${`{${options.communeIds.map(Number).join(",")}}`}::int[])`
      : sql``;
  const r = await one<{ n: number }>(
    options.db,
    sql`with periods as (
        select * from jsonb_to_recordset(${periods}::jsonb) as p(code text, type text, start_date date, end_date date)
      ),
      communes as (
        select c.id from org_unit c
        where c.kind = 'commune' and c.province_id = ${options.provinceId} and c.valid_to is null ${communeFilter}
      ),
      live as (
        select t.id, t.commune_id, t.unit_id, p.code as period
        from community_team t join communes c on c.id = t.commune_id
        join periods p on t.founded_on is null or t.founded_on <= p.end_date
        where t.status = 'active'
      ),
      team_counts as (select commune_id, period, count(*) as teams from live group by commune_id, period),
      member_counts as (
        select l.commune_id, l.period, count(*) as members
        from live l join community_team_member m on m.team_id = l.id and m.status = 'active'
        group by l.commune_id, l.period
      ),
      village_counts as (
        select v.parent_id as commune_id, count(*) as villages
        from org_unit v join communes c on c.id = v.parent_id
        where v.kind = 'village' and v.valid_to is null
        group by v.parent_id
      ),
      covered as (
        select l.commune_id, l.period, count(distinct l.unit_id) as villages_with
        from live l join org_unit v on v.id = l.unit_id and v.kind = 'village' and v.valid_to is null
        group by l.commune_id, l.period
      ),
      stock as (
        select c.id as commune_id, p.code as period, coalesce(tc.teams, 0) as teams, coalesce(mc.members, 0) as members,
          coalesce(cv.villages_with, 0) as villages_with, coalesce(vc.villages, 0) as villages
        from communes c cross join periods p
        left join team_counts tc on tc.commune_id = c.id and tc.period = p.code
        left join member_counts mc on mc.commune_id = c.id and mc.period = p.code
        left join covered cv on cv.commune_id = c.id and cv.period = p.code
        left join village_counts vc on vc.commune_id = c.id
      ),
      flow as (
        select a.commune_id, a.period, sum(a.households_helped) as households, sum(a.people_guided) as people,
          sum(a.sessions) as sessions
        from community_team_activity a join communes c on c.id = a.commune_id join periods p on p.code = a.period
        group by a.commune_id, a.period
      ),
      figures as (
        select s.commune_id, s.period, l.indicator_id,
          case l.measure when 'village_coverage' then s.villages_with when 'commune_coverage' then (s.teams > 0)::int
            end::numeric as numerator,
          case l.measure when 'village_coverage' then s.villages when 'commune_coverage' then 1 end::numeric
            as denominator,
          case l.measure when 'teams' then s.teams when 'members' then s.members when 'households_helped' then f.households
            when 'people_guided' then f.people when 'sessions' then f.sessions end::numeric as value
        from stock s cross join community_indicator_link l
        left join flow f on f.commune_id = s.commune_id and f.period = s.period
        where not (l.measure = 'village_coverage' and s.villages = 0)
          and not (l.measure in ('households_helped', 'people_guided', 'sessions') and f.commune_id is null)
      ),
      up as (
        insert into data_value as d (province_id, indicator_id, org_unit_id, period, period_type, period_start,
          period_end, numerator, denominator, value, comment, status, created_by, updated_by)
        select ${options.provinceId}, f.indicator_id, f.commune_id, p.code, p.type, p.start_date, p.end_date,
          f.numerator, f.denominator, f.value, 'Tính từ sổ đăng ký Tổ công nghệ số cộng đồng',
          'approved', ${REGISTRY_ACTOR}, ${REGISTRY_ACTOR}
        from figures f join periods p on p.code = f.period
        on conflict (org_unit_id, indicator_id, period) do update set
          numerator = excluded.numerator, denominator = excluded.denominator, value = excluded.value,
          comment = excluded.comment, status = 'approved', deleted_at = null, updated_by = excluded.updated_by,
          updated_at = now(), version = d.version + 1
        where d.status <> 'locked'
          and (d.numerator, d.denominator, d.value, d.deleted_at, d.status)
            is distinct from (excluded.numerator, excluded.denominator, excluded.value, null::timestamptz, 'approved')
        returning 1
      )
      select count(*)::int as n from up`,
  );
  return r?.n ?? 0;
}

/** Links a plan indicator (e.g. the demo's MH_XHS05) to a registry measure so its values come from the registry. */
export async function linkIndicatorToMeasure(options: {
  db: Db;
  indicatorId: number;
  measure:
    | "teams"
    | "members"
    | "village_coverage"
    | "commune_coverage"
    | "households_helped"
    | "people_guided"
    | "sessions";
}): Promise<void> {
  await options.db.execute(sql`insert into community_indicator_link (indicator_id, measure)
    values (${options.indicatorId}, ${options.measure})
    on conflict (indicator_id) do update set measure = excluded.measure`);
}

/**
 * After a change in one commune's registry: refreshes that commune's figures for the current quarter, or
 * the whole province's on the quarter's first change (so the province rollup covers every commune, not
 * only those edited this quarter). Returns the number of data values written.
 */
export async function refreshAfterChange(options: {
  db: Db;
  provinceId: number;
  communeId: number;
}): Promise<number> {
  const period = currentQuarter();
  const r = await one<{ missing: boolean }>(
    options.db,
    sql`select exists (
        select 1 from org_unit c where c.kind = 'commune' and c.province_id = ${options.provinceId} and c.valid_to is null
          and not exists (select 1 from data_value v join indicator i on i.id = v.indicator_id
            where i.code = 'CNS_TEAMS' and v.province_id = ${options.provinceId} and v.org_unit_id = c.id
              and v.period = ${period} and v.deleted_at is null)) as missing`,
  );
  return refreshCommunityFigures({
    db: options.db,
    provinceId: options.provinceId,
    period,
    communeIds: r?.missing ? undefined : [options.communeId],
  });
}
