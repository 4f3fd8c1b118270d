/** Forms as the collection module reads them: fields (indicators in sections) and cross-field rules. */
import { sql } from "drizzle-orm";
import type { TFieldSpec, TIndicatorKind, TRuleSpec } from "../../core/validation.ts";
import { type Db, one, rows } from "../client.ts";

/** A form field with what the entry page and the Excel template show. */
export interface TFormField extends TFieldSpec {
  section: string;
  sort: number;
  unit: string | null;
  numeratorLabel: string | null;
  denominatorLabel: string | null;
  decimals: number;
}

/** A form (data_set) header. */
export interface TFormHeader {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  periodType: string;
  appliesTo: string;
  ownerUnitId: number;
}

/** The form header, or undefined. */
export function getForm(db: Db, dataSetId: number): Promise<TFormHeader | undefined> {
  return one<TFormHeader>(
    db,
    sql`select id, code, name, name_en as "nameEn", period_type as "periodType", applies_to as "appliesTo",
      owner_unit_id as "ownerUnitId" from data_set where id = ${dataSetId}`,
  );
}

/** The form's fields in section/sort order, with their indicators' kinds and bounds. */
export async function loadFormFields(db: Db, dataSetId: number): Promise<TFormField[]> {
  const r = await rows<
    Omit<TFormField, "minValue" | "maxValue"> & { minValue: string | null; maxValue: string | null }
  >(
    db,
    sql`select e.indicator_id as "indicatorId", i.code, i.name, i.name_en as "nameEn", i.kind, e.required,
        i.min_value::text as "minValue", i.max_value::text as "maxValue", e.section, e.sort, i.unit,
        i.numerator_label as "numeratorLabel", i.denominator_label as "denominatorLabel", i.decimals
      from data_set_element e join indicator i on i.id = e.indicator_id
      where e.data_set_id = ${dataSetId} order by e.sort, e.id`,
  );
  return r.map((f) => ({
    ...f,
    kind: f.kind as TIndicatorKind,
    minValue: f.minValue === null ? null : Number(f.minValue),
    maxValue: f.maxValue === null ? null : Number(f.maxValue),
  }));
}

/** Active cross-field rules of the form. */
export function loadRules(db: Db, dataSetId: number): Promise<Array<TRuleSpec & { id: number }>> {
  return rows(
    db,
    sql`select id, expression, message, message_en as "messageEn", severity from validation_rule
      where data_set_id = ${dataSetId} and status = 'active' order by id`,
  );
}

/** Adds a cross-field rule to a form (the form designer's UI will call this too). */
export async function addRule(db: Db, rule: TRuleSpec & { dataSetId: number }): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into validation_rule (data_set_id, expression, message, message_en, severity)
      values (${rule.dataSetId}, ${rule.expression}, ${rule.message}, ${rule.messageEn}, ${rule.severity}) returning id`,
  );
  return r!.id;
}

/**
 * Earlier values of a unit for the form's indicators, in periods of the same type before `period`,
 * oldest first, the single number per field (percentage for ratios): the history outliers are judged on.
 */
export async function unitHistory(
  db: Db,
  q: { orgUnitId: number; indicatorIds: number[]; period: string; periodType: string },
): Promise<Map<number, number[]>> {
  const r = await rows<{ indicatorId: number; v: string | null }>(
    db,
    sql`select indicator_id as "indicatorId",
        case when numerator is not null and denominator > 0 then (numerator / denominator * 100)::text
          else value::text end as v
      from data_value
      where org_unit_id = ${q.orgUnitId} and indicator_id = any(${`{${q.indicatorIds.join(",")}}`}::int[])
        and period_type = ${q.periodType} and period < ${q.period} and deleted_at is null
      order by period`,
  );
  const out = new Map<number, number[]>();
  for (const x of r) {
    if (x.v === null) continue;
    const list = out.get(x.indicatorId) ?? [];
    list.push(Number(x.v));
    out.set(x.indicatorId, list.slice(-8));
  }
  return out;
}
