/**
 * Targets of a plan: yearly target values, direction, national benchmark, responsible unit, the unit
 * groups they apply to. A change to a target is a change to the plan's definition: the plan's version
 * goes up and the audit log keeps the before and after.
 */
import { type SQL, sql } from "drizzle-orm";
import type { TTargetDetail, TTargetInput, TTargetUpdate, TUnitGroup } from "../../server/plans/schemas.ts";
import { type Db, one, rows, type TActor, withActor } from "../client.ts";
import { DesignerError } from "./errors.ts";
import { bumpPlanVersion, lockEditablePlan } from "./plans.ts";

/** The single applies_to value older readers (progress, forms) understand for a set of unit groups. */
export function summariseAppliesTo(groups: readonly TUnitGroup[]): "province" | "agency" | "commune" | "all" {
  const set = [...new Set(groups)];
  return set.length === 1 ? set[0] : "all";
}

/** Targets of a plan with everything the designer edits. */
export async function listTargetDetails(
  db: Db,
  options: { planId: number; pillarId?: number; where?: SQL },
): Promise<TTargetDetail[]> {
  const pillar = options.pillarId === undefined ? sql`true` : sql`t.pillar_id = ${options.pillarId}`;
  return rows<TTargetDetail>(
    db,
    sql`select t.id, t.plan_id as "planId", t.pillar_id as "pillarId", pl.code as "pillarCode", t.code, t.name,
        t.name_en as "nameEn", t.indicator_id as "indicatorId", i.code as "indicatorCode", t.direction,
        t.national_benchmark::text as "nationalBenchmark", t.benchmark_note as "benchmarkNote",
        t.responsible_unit_id as "responsibleUnitId", ru.name as "responsibleUnitName",
        t.applies_to as "appliesTo", t.sort, t.source, t.group_id as "groupId",
        case when cardinality(t.applies_to_set) > 0 then t.applies_to_set
          when t.applies_to = 'all' then array['province', 'agency', 'commune']
          else array[t.applies_to] end as "appliesToSet",
        t.responsible_text as "responsibleText", t.unit_label as "unitLabel",
        coalesce((select json_agg(json_build_object('year', v.year, 'value', v.value::text) order by v.year)
          from target_value v where v.target_id = t.id), '[]'::json) as values
      from target t
      left join pillar pl on pl.id = t.pillar_id
      left join indicator i on i.id = t.indicator_id
      left join org_unit ru on ru.id = t.responsible_unit_id
      where t.plan_id = ${options.planId} and ${pillar} and ${options.where ?? sql`true`}
      order by t.sort, t.id`,
  );
}

async function checkRefs(tx: Db, options: { planId: number; input: TTargetInput | TTargetUpdate }) {
  const { input } = options;
  const bad = await one<{ pillar: boolean; grp: boolean; ind: boolean; resp: boolean }>(
    tx,
    sql`select
      not exists (select 1 from pillar where id = ${input.pillarId}) as pillar,
      ${input.groupId ?? null}::int is not null
        and not exists (select 1 from plan_group where id = ${input.groupId ?? null} and plan_id = ${options.planId}) as grp,
      ${input.indicatorId ?? null}::int is not null
        and not exists (select 1 from indicator where id = ${input.indicatorId ?? null} and status = 'active') as ind,
      ${input.responsibleUnitId ?? null}::int is not null
        and not exists (select 1 from org_unit where id = ${input.responsibleUnitId ?? null}) as resp`,
  );
  const fail = (field: string, vi: string, en: string) =>
    new DesignerError({ kind: "invalid", field, message: vi, messageEn: en });
  if (bad?.pillar) throw fail("pillarId", "Trụ cột không tồn tại", "Pillar does not exist");
  if (bad?.grp) throw fail("groupId", "Nhóm không thuộc kế hoạch này", "Group is not in this plan");
  if (bad?.ind)
    throw fail("indicatorId", "Chỉ số không tồn tại hoặc đã ngừng sử dụng", "Indicator missing or retired");
  if (bad?.resp)
    throw fail("responsibleUnitId", "Cơ quan chủ trì không tồn tại", "Responsible unit not found");
}

async function writeValues(tx: Db, options: { targetId: number; values: TTargetInput["values"] }) {
  await tx.execute(sql`delete from target_value where target_id = ${options.targetId}
    and year <> all(${`{${options.values.map((v) => v.year).join(",")}}`}::int[])`);
  if (options.values.length === 0) return;
  await tx.execute(sql`insert into target_value (target_id, year, value)
    select ${options.targetId}, r.year, r.value from jsonb_to_recordset(${JSON.stringify(options.values)}::jsonb)
      as r(year int, value numeric)
    on conflict (target_id, year) do update set value = excluded.value
      where target_value.value is distinct from excluded.value`);
}

/** Inserts a target with its values in an open transaction (plan already locked); returns its id. */
export async function insertTarget(
  tx: Db,
  options: { planId: number; input: TTargetInput },
): Promise<number> {
  const { input } = options;
  await checkRefs(tx, options);
  const clash = await one<{ id: number }>(
    tx,
    sql`select id from target where plan_id = ${options.planId} and code = ${input.code}`,
  );
  if (clash)
    throw new DesignerError({
      kind: "duplicate",
      field: "code",
      message: `Mã mục tiêu "${input.code}" đã có trong kế hoạch`,
      messageEn: `Target code "${input.code}" already exists in the plan`,
    });
  const r = await one<{ id: number }>(
    tx,
    sql`insert into target (plan_id, province_id, pillar_id, code, name, name_en, indicator_id, direction,
        national_benchmark, benchmark_note, responsible_unit_id, applies_to, applies_to_set, sort, source, group_id,
        responsible_text, unit_label)
      select ${options.planId}, p.province_id, ${input.pillarId}, ${input.code}, ${input.name}, ${input.nameEn ?? null},
        ${input.indicatorId ?? null}, ${input.direction}, ${input.nationalBenchmark ?? null},
        ${input.benchmarkNote ?? null}, ${input.responsibleUnitId ?? null}, ${summariseAppliesTo(input.appliesTo)},
        ${`{${[...new Set(input.appliesTo)].join(",")}}`}::text[],
        coalesce(${input.sort ?? null}::int, (select coalesce(max(sort), 0) + 1 from target where plan_id = ${options.planId})),
        ${input.source ?? null}, ${input.groupId ?? null}, ${input.responsibleText ?? null}, ${input.unitLabel ?? null}
      from plan p where p.id = ${options.planId}
      returning id`,
  );
  const id = r!.id;
  await writeValues(tx, { targetId: id, values: input.values });
  return id;
}

/** Adds a target to a plan. */
export function createTarget(options: {
  db: Db;
  who: TActor;
  planId: number;
  input: TTargetInput;
}): Promise<number> {
  return withActor(options.db, options.who, async (tx) => {
    await lockEditablePlan(tx, options.planId);
    const id = await insertTarget(tx, options);
    await bumpPlanVersion(tx, options.planId);
    return id;
  });
}

async function targetPlan(db: Db, targetId: number): Promise<number> {
  const t = await one<{ planId: number }>(
    db,
    sql`select plan_id as "planId" from target where id = ${targetId}`,
  );
  if (!t)
    throw new DesignerError({
      kind: "not_found",
      field: "targetId",
      message: "Không tìm thấy mục tiêu",
      messageEn: "Target not found",
    });
  return t.planId;
}

/** The plan a target belongs to (404 when the target does not exist). */
export function planOfTarget(db: Db, targetId: number): Promise<number> {
  return targetPlan(db, targetId);
}

/**
 * The SET value of an optional column in an update: an omitted property (undefined) keeps what is
 * stored, null clears it. A client that does not know a field (the designer's target dialog has no
 * indicator or English name) must not erase it.
 */
function keepOr(value: unknown, column: string): SQL {
  return value === undefined ? sql`${sql.identifier(column)}` : sql`${value}`;
}

/** Updates a target: omitted fields keep their value, null clears; `values`, when given, replace all years. */
export function updateTarget(options: {
  db: Db;
  who: TActor;
  targetId: number;
  input: TTargetUpdate;
}): Promise<void> {
  const { input } = options;
  return withActor(options.db, options.who, async (tx) => {
    const planId = await targetPlan(tx, options.targetId);
    await lockEditablePlan(tx, planId);
    await checkRefs(tx, { planId, input });
    const clash = await one<{ id: number }>(
      tx,
      sql`select id from target where plan_id = ${planId} and code = ${input.code} and id <> ${options.targetId}`,
    );
    if (clash)
      throw new DesignerError({
        kind: "duplicate",
        field: "code",
        message: `Mã mục tiêu "${input.code}" đã có trong kế hoạch`,
        messageEn: `Target code "${input.code}" already exists in the plan`,
      });
    await tx.execute(sql`update target set code = ${input.code}, name = ${input.name},
        name_en = ${keepOr(input.nameEn, "name_en")}, pillar_id = ${input.pillarId},
        group_id = ${keepOr(input.groupId, "group_id")}, indicator_id = ${keepOr(input.indicatorId, "indicator_id")},
        direction = ${keepOr(input.direction, "direction")}, national_benchmark = ${keepOr(input.nationalBenchmark, "national_benchmark")},
        benchmark_note = ${keepOr(input.benchmarkNote, "benchmark_note")},
        responsible_unit_id = ${keepOr(input.responsibleUnitId, "responsible_unit_id")},
        responsible_text = ${keepOr(input.responsibleText, "responsible_text")},
        applies_to = ${input.appliesTo ? summariseAppliesTo(input.appliesTo) : sql.identifier("applies_to")},
        applies_to_set = ${input.appliesTo ? sql`${`{${[...new Set(input.appliesTo)].join(",")}}`}::text[]` : sql.identifier("applies_to_set")},
        unit_label = ${keepOr(input.unitLabel, "unit_label")}, sort = coalesce(${input.sort ?? null}::int, sort),
        source = ${keepOr(input.source, "source")}
      where id = ${options.targetId}`);
    if (input.values) await writeValues(tx, { targetId: options.targetId, values: input.values });
    await bumpPlanVersion(tx, planId);
  });
}

/**
 * Removes a target from a plan that is still a draft (a plan in force changes through a new version, so
 * what was promised stays on record).
 */
export function deleteTarget(options: { db: Db; who: TActor; targetId: number }): Promise<void> {
  return withActor(options.db, options.who, async (tx) => {
    const planId = await targetPlan(tx, options.targetId);
    const plan = await lockEditablePlan(tx, planId);
    if (plan.status !== "draft")
      throw new DesignerError({
        kind: "read_only",
        field: "targetId",
        message: "Chỉ xóa được mục tiêu của kế hoạch dự thảo; kế hoạch đang áp dụng thì tạo phiên bản mới",
        messageEn: "Targets can only be removed from a draft plan; create a new version of a plan in force",
      });
    await tx.execute(sql`delete from target_value where target_id = ${options.targetId}`);
    await tx.execute(sql`delete from target where id = ${options.targetId}`);
    await bumpPlanVersion(tx, planId);
  });
}
