/**
 * Values of the progress engine's indicators for `indicator` criteria: each unit's own figure for the
 * evaluation year, as reported and not a draft — the year figure when there is one, else the latest
 * period of the year (Q4, 9 months, …). A ratio indicator's value is its numerator / denominator in percent,
 * the same convention as the progress rollup (migration 0003), so a criterion's scale is written in percent.
 */
import { sql } from "drizzle-orm";
import type { TIndicatorValues } from "../../core/evaluation/index.ts";
import { type Db, rows } from "../client.ts";

/** Indicator values per unit id for the given indicator codes and year. */
export async function indicatorValuesFor(
  db: Db,
  q: { unitIds: number[]; codes: string[]; year: number },
): Promise<Map<number, TIndicatorValues>> {
  const out = new Map<number, TIndicatorValues>();
  for (const id of q.unitIds) out.set(id, Object.fromEntries(q.codes.map((c) => [c, null])));
  if (q.unitIds.length === 0 || q.codes.length === 0) return out;
  const found = await rows<{ unitId: number; code: string; value: number | null }>(
    db,
    sql`select distinct on (dv.org_unit_id, i.code) dv.org_unit_id as "unitId", i.code,
        coalesce(dv.value, case when dv.denominator > 0
          then dv.numerator / dv.denominator * (case when i.kind = 'ratio' then 100 else 1 end) end)::float8 as value
      from data_value dv join indicator i on i.id = dv.indicator_id
      where dv.org_unit_id = any(${`{${q.unitIds.join(",")}}`}::int[])
        and i.code = any(${`{${q.codes.map((c) => `"${c.replace(/["\\]/g, "")}"`).join(",")}}`}::text[])
        and dv.period_start >= ${`${q.year}-01-01`}::date and dv.period_end <= ${`${q.year}-12-31`}::date
        and dv.deleted_at is null and dv.status <> 'draft'
      order by dv.org_unit_id, i.code, (dv.period_type = 'year') desc, dv.period_end desc, dv.period_start`,
  );
  for (const f of found) {
    const values = out.get(f.unitId);
    if (values && f.value !== null && Number.isFinite(f.value)) values[f.code] = f.value;
  }
  return out;
}
