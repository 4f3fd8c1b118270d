/**
 * Reporting forms built from a plan: the indicators to collect, in sections, for a period type, from
 * the unit groups the form is assigned to. Editing a form bumps its version (audited).
 */
import { type SQL, sql } from "drizzle-orm";
import type { TForm, TFormDetail, TFormInput } from "../../server/forms/schemas.ts";
import { type Db, one, rows, type TActor, withActor } from "../client.ts";
import { DesignerError } from "./errors.ts";
import { summariseAppliesTo } from "./targets.ts";

const FORM_COLUMNS = sql`d.id, d.code, d.name, d.name_en as "nameEn", d.description, d.period_type as "periodType",
  d.cumulative, d.plan_id as "planId", p.name as "planName", d.owner_unit_id as "ownerUnitId",
  d.applies_to as "appliesTo",
  case when cardinality(d.applies_to_set) > 0 then d.applies_to_set
    when d.applies_to = 'all' then array['province', 'agency', 'commune'] else array[d.applies_to] end as "appliesToSet",
  d.status, d.version, (select count(*) from data_set_element e where e.data_set_id = d.id)::int as "elementCount"`;

/** Forms, newest first; `where` narrows (scope, plan). */
export function listForms(db: Db, where: SQL = sql`true`): Promise<TForm[]> {
  return rows<TForm>(
    db,
    sql`select ${FORM_COLUMNS} from data_set d left join plan p on p.id = d.plan_id where ${where}
      order by d.id desc limit 500`,
  );
}

/** One form with its elements. */
export async function getForm(db: Db, id: number): Promise<TFormDetail | undefined> {
  const form = (await listForms(db, sql`d.id = ${id}`))[0];
  if (!form) return undefined;
  const elements = await rows<TFormDetail["elements"][number]>(
    db,
    sql`select e.indicator_id as "indicatorId", i.code as "indicatorCode", i.name as "indicatorName", i.kind,
        i.unit, e.section, e.sort, e.required
      from data_set_element e join indicator i on i.id = e.indicator_id
      where e.data_set_id = ${id} order by e.sort, e.id`,
  );
  return { ...form, elements };
}

async function checkRefs(tx: Db, input: TFormInput) {
  const ids = input.elements.map((e) => e.indicatorId);
  const missing = await rows<{ id: number }>(
    tx,
    sql`select x.id from unnest(${`{${ids.join(",")}}`}::int[]) as x(id)
      where not exists (select 1 from indicator i where i.id = x.id and i.status = 'active')`,
  );
  if (missing.length > 0)
    throw new DesignerError({
      kind: "invalid",
      field: "elements",
      message: `Chỉ số không tồn tại hoặc đã ngừng sử dụng: ${missing.map((m) => m.id).join(", ")}`,
      messageEn: `Indicators missing or retired: ${missing.map((m) => m.id).join(", ")}`,
    });
  if (input.planId) {
    const plan = await one<{ ownerUnitId: number; status: string }>(
      tx,
      sql`select owner_unit_id as "ownerUnitId", status from plan where id = ${input.planId}`,
    );
    if (!plan)
      throw new DesignerError({
        kind: "invalid",
        field: "planId",
        message: "Kế hoạch không tồn tại",
        messageEn: "Plan not found",
      });
  }
}

async function writeElements(tx: Db, options: { formId: number; input: TFormInput }) {
  const payload = JSON.stringify(
    options.input.elements.map((e, i) => ({ ...e, sort: i + 1, indicator_id: e.indicatorId })),
  );
  await tx.execute(sql`delete from data_set_element e where e.data_set_id = ${options.formId}
    and e.indicator_id not in (select r.indicator_id from jsonb_to_recordset(${payload}::jsonb) as r(indicator_id int))`);
  await tx.execute(sql`insert into data_set_element (data_set_id, indicator_id, section, sort, required)
    select ${options.formId}, r.indicator_id, r.section, r.sort, r.required
    from jsonb_to_recordset(${payload}::jsonb) as r(indicator_id int, section text, sort int, required boolean)
    on conflict (data_set_id, indicator_id) do update set section = excluded.section, sort = excluded.sort,
      required = excluded.required
      where (data_set_element.section, data_set_element.sort, data_set_element.required)
        is distinct from (excluded.section, excluded.sort, excluded.required)`);
}

/** Creates a form with its elements in one transaction. */
export function createForm(options: { db: Db; who: TActor; input: TFormInput }): Promise<number> {
  const { input } = options;
  return withActor(options.db, { ...options.who, reason: input.reason ?? options.who.reason }, async (tx) => {
    await checkRefs(tx, input);
    const clash = await one<{ id: number }>(
      tx,
      sql`select id from data_set where owner_unit_id = ${input.ownerUnitId} and code = ${input.code}`,
    );
    if (clash)
      throw new DesignerError({
        kind: "duplicate",
        field: "code",
        message: `Mã biểu mẫu "${input.code}" đã tồn tại`,
        messageEn: `Form code "${input.code}" already exists`,
      });
    const r = await one<{ id: number }>(
      tx,
      sql`insert into data_set (code, name, name_en, description, period_type, cumulative, plan_id, owner_unit_id,
          applies_to, applies_to_set, status)
        values (${input.code}, ${input.name}, ${input.nameEn ?? null}, ${input.description ?? null},
          ${input.periodType}, ${input.cumulative}, ${input.planId ?? null}, ${input.ownerUnitId},
          ${summariseAppliesTo(input.appliesTo)}, ${`{${[...new Set(input.appliesTo)].join(",")}}`}::text[],
          ${input.status})
        returning id`,
    );
    await writeElements(tx, { formId: r!.id, input });
    return r!.id;
  });
}

/** Replaces a form's definition and elements; refuses a stale version; bumps the version. */
export function updateForm(options: { db: Db; who: TActor; id: number; input: TFormInput }): Promise<void> {
  const { input } = options;
  return withActor(options.db, { ...options.who, reason: input.reason ?? options.who.reason }, async (tx) => {
    const cur = await one<{ version: number; status: string }>(
      tx,
      sql`select version, status from data_set where id = ${options.id} for update`,
    );
    if (!cur)
      throw new DesignerError({
        kind: "not_found",
        field: "id",
        message: "Không tìm thấy biểu mẫu",
        messageEn: "Form not found",
      });
    if (input.version !== undefined && input.version !== cur.version)
      throw new DesignerError({
        kind: "stale",
        field: "version",
        message: `Biểu mẫu vừa được người khác sửa (phiên bản ${cur.version}); hãy tải lại`,
        messageEn: `The form was changed by someone else (now version ${cur.version}); reload it`,
      });
    await checkRefs(tx, input);
    await tx.execute(sql`update data_set set code = ${input.code}, name = ${input.name}, name_en = ${input.nameEn ?? null},
        description = ${input.description ?? null}, period_type = ${input.periodType}, cumulative = ${input.cumulative},
        plan_id = ${input.planId ?? null}, applies_to = ${summariseAppliesTo(input.appliesTo)},
        applies_to_set = ${`{${[...new Set(input.appliesTo)].join(",")}}`}::text[], status = ${input.status},
        version = version + 1, updated_at = now()
      where id = ${options.id}`);
    await writeElements(tx, { formId: options.id, input });
  });
}

/** Retires a form: rounds already opened with it keep it; new rounds cannot choose it. */
export function retireForm(options: { db: Db; who: TActor; id: number }): Promise<void> {
  return withActor(options.db, options.who, async (tx) => {
    const r = await one<{ id: number }>(
      tx,
      sql`update data_set set status = 'retired', version = version + 1, updated_at = now()
        where id = ${options.id} returning id`,
    );
    if (!r)
      throw new DesignerError({
        kind: "not_found",
        field: "id",
        message: "Không tìm thấy biểu mẫu",
        messageEn: "Form not found",
      });
  });
}
