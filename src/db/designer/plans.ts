/**
 * Plans as the secretariat designs them: create, edit (audited, version bumped), retire, and start a new
 * version from an old one (the old one stays, read-only). Every write runs in one transaction through
 * withActor so the audit log knows who and why.
 */
import { type SQL, sql } from "drizzle-orm";
import type {
  TPlanDetail,
  TPlanGroup,
  TPlanGroupInput,
  TPlanInput,
  TPlanPatch,
  TPlanVersionInput,
} from "../../server/plans/schemas.ts";
import { type Db, one, rows, type TActor, withActor } from "../client.ts";
import { DesignerError } from "./errors.ts";

const PLAN_COLUMNS = sql`p.id, p.code, p.name, p.name_en as "nameEn", p.owner_unit_id as "ownerUnitId",
  p.province_id as "provinceId", ou.name as "ownerUnitName",
  p.legal_number as "legalNumber", p.legal_issuer as "legalIssuer", p.legal_date::text as "legalDate",
  p.legal_file as "legalFile", p.legal_summary as "legalSummary",
  p.start_year as "startYear", p.end_year as "endYear", p.status, p.version, p.settings,
  p.previous_version_id as "previousVersionId",
  (select max(n.id) from plan n where n.previous_version_id = p.id) as "supersededById",
  p.retired_at as "retiredAt",
  (select count(*) from target t where t.plan_id = p.id)::int as "targetCount",
  (select count(*) from plan_document d where d.plan_id = p.id)::int as "documentCount"`;

type TPlanDbRow = Omit<TPlanDetail, "readOnly" | "retiredAt"> & { retiredAt: string | Date | null };

function toDetail(r: TPlanDbRow): TPlanDetail {
  return {
    ...r,
    retiredAt: r.retiredAt === null ? null : new Date(r.retiredAt).toISOString(),
    readOnly: r.status === "retired" || r.supersededById !== null,
  };
}

/** Plans with designer detail, newest first; `where` narrows (scope, owner, status). */
export async function listPlanDetails(db: Db, where: SQL = sql`true`): Promise<TPlanDetail[]> {
  const r = await rows<TPlanDbRow>(
    db,
    sql`select ${PLAN_COLUMNS} from plan p join org_unit ou on ou.id = p.owner_unit_id
      where ${where} order by p.id desc limit 500`,
  );
  return r.map(toDetail);
}

/** One plan with designer detail. */
export async function getPlanDetail(db: Db, id: number): Promise<TPlanDetail | undefined> {
  return (await listPlanDetails(db, sql`p.id = ${id}`))[0];
}

function planNotFound(): DesignerError {
  return new DesignerError({
    kind: "not_found",
    message: "Không tìm thấy kế hoạch",
    messageEn: "Plan not found",
    field: "planId",
  });
}

/**
 * Locks the plan row for the rest of the transaction and refuses a plan that can no longer change:
 * retired, or replaced by a newer version.
 */
export async function lockEditablePlan(tx: Db, planId: number): Promise<TPlanDetail> {
  await tx.execute(sql`select id from plan where id = ${planId} for update`);
  const plan = await getPlanDetail(tx, planId);
  if (!plan) throw planNotFound();
  if (plan.readOnly) {
    throw new DesignerError({
      kind: "read_only",
      field: "planId",
      message:
        plan.status === "retired"
          ? "Kế hoạch đã ngừng áp dụng, chỉ được xem"
          : `Kế hoạch đã có phiên bản mới (số ${plan.supersededById}); phiên bản này chỉ được xem`,
      messageEn:
        plan.status === "retired"
          ? "The plan is retired and read-only"
          : `The plan has a newer version (id ${plan.supersededById}); this version is read-only`,
      details: { supersededById: plan.supersededById },
    });
  }
  return plan;
}

/** Marks a definition change of the plan: its version goes up by one (audited with the change). */
export async function bumpPlanVersion(tx: Db, planId: number): Promise<void> {
  await tx.execute(sql`update plan set version = version + 1, updated_at = now() where id = ${planId}`);
}

/** The province a unit belongs to (itself for a province; null for the nation). */
export async function provinceOf(db: Db, unitId: number): Promise<number | null> {
  const r = await one<{ provinceId: number | null }>(
    db,
    sql`select case when kind = 'province' then id else province_id end as "provinceId" from org_unit where id = ${unitId}`,
  );
  if (!r)
    throw new DesignerError({
      kind: "invalid",
      field: "ownerUnitId",
      message: "Không tìm thấy đơn vị chủ quản",
      messageEn: "Owner unit not found",
    });
  return r.provinceId;
}

async function assertCodeFree(tx: Db, options: { ownerUnitId: number; code: string; exceptId?: number }) {
  const clash = await one<{ id: number }>(
    tx,
    sql`select id from plan where owner_unit_id = ${options.ownerUnitId} and code = ${options.code}
      and status <> 'retired' and id <> ${options.exceptId ?? 0}
      and not exists (select 1 from plan n where n.previous_version_id = plan.id) limit 1`,
  );
  if (clash)
    throw new DesignerError({
      kind: "duplicate",
      field: "code",
      message: `Mã kế hoạch "${options.code}" đã được dùng cho kế hoạch đang áp dụng`,
      messageEn: `Plan code "${options.code}" is already used by an active plan`,
    });
}

/** Inserts a plan inside an open transaction; returns its id. */
export async function insertPlan(tx: Db, input: TPlanInput): Promise<number> {
  await assertCodeFree(tx, { ownerUnitId: input.ownerUnitId, code: input.code });
  const provinceId = await provinceOf(tx, input.ownerUnitId);
  const next = await one<{ v: number }>(
    tx,
    sql`select coalesce(max(version), 0) + 1 as v from plan where owner_unit_id = ${input.ownerUnitId} and code = ${input.code}`,
  );
  const r = await one<{ id: number }>(
    tx,
    sql`insert into plan (code, name, name_en, owner_unit_id, province_id, legal_number, legal_issuer, legal_date,
        legal_file, legal_summary, start_year, end_year, status, version, settings)
      values (${input.code}, ${input.name}, ${input.nameEn ?? null}, ${input.ownerUnitId}, ${provinceId},
        ${input.legalNumber ?? null}, ${input.legalIssuer ?? null}, ${input.legalDate ?? null},
        ${input.legalFile ?? null}, ${input.legalSummary ?? null}, ${input.startYear ?? null},
        ${input.endYear ?? null}, ${input.status}, ${next?.v ?? 1},
        ${JSON.stringify({ nearThreshold: 0.7, rounding: "half_up" })}::jsonb)
      returning id`,
  );
  return r!.id;
}

/** Creates a plan (no targets yet). */
export function createPlan(options: { db: Db; who: TActor; input: TPlanInput }): Promise<number> {
  return withActor(options.db, options.who, (tx) => insertPlan(tx, options.input));
}

/** Edits a plan's fields; refuses a stale `version` (409) and a read-only plan; bumps the version. */
export function updatePlan(options: {
  db: Db;
  who: TActor;
  planId: number;
  patch: TPlanPatch;
}): Promise<void> {
  const { patch } = options;
  return withActor(options.db, { ...options.who, reason: patch.reason ?? options.who.reason }, async (tx) => {
    const plan = await lockEditablePlan(tx, options.planId);
    if (patch.version !== undefined && patch.version !== plan.version)
      throw new DesignerError({
        kind: "stale",
        field: "version",
        message: `Kế hoạch vừa được người khác sửa (phiên bản ${plan.version}); hãy tải lại`,
        messageEn: `The plan was changed by someone else (now version ${plan.version}); reload it`,
        details: { current: plan.version },
      });
    if (patch.code && patch.code !== plan.code)
      await assertCodeFree(tx, { ownerUnitId: plan.ownerUnitId, code: patch.code, exceptId: plan.id });
    const startYear = patch.startYear === undefined ? plan.startYear : patch.startYear;
    const endYear = patch.endYear === undefined ? plan.endYear : patch.endYear;
    if (startYear && endYear && endYear < startYear)
      throw new DesignerError({
        kind: "invalid",
        field: "endYear",
        message: "Năm kết thúc phải sau năm bắt đầu",
        messageEn: "End year must not be before start year",
      });
    const set = (col: string, v: unknown) => (v === undefined ? sql`` : sql`, ${sql.identifier(col)} = ${v}`);
    await tx.execute(sql`update plan set updated_at = now(), version = version + 1
      ${set("code", patch.code)}${set("name", patch.name)}${set("name_en", patch.nameEn)}
      ${set("legal_number", patch.legalNumber)}${set("legal_issuer", patch.legalIssuer)}
      ${set("legal_date", patch.legalDate)}${set("legal_file", patch.legalFile)}
      ${set("legal_summary", patch.legalSummary)}${set("start_year", patch.startYear)}
      ${set("end_year", patch.endYear)}${set("status", patch.status)}
      where id = ${options.planId}`);
  });
}

/** Retires a plan: it stays, read-only, for history and reports. */
export function retirePlan(options: { db: Db; who: TActor; planId: number }): Promise<void> {
  return withActor(options.db, options.who, async (tx) => {
    await lockEditablePlan(tx, options.planId);
    await tx.execute(sql`update plan set status = 'retired', retired_at = now(), version = version + 1,
      updated_at = now() where id = ${options.planId}`);
  });
}

/**
 * Starts a new version of a plan (a new decision replaces the old): copies groups, targets and their
 * yearly values; the old version becomes read-only. Forms of the old version keep pointing at it.
 */
export function createPlanVersion(options: {
  db: Db;
  who: TActor;
  planId: number;
  input: TPlanVersionInput;
}): Promise<number> {
  const { input } = options;
  return withActor(options.db, { ...options.who, reason: input.reason ?? options.who.reason }, async (tx) => {
    const old = await lockEditablePlan(tx, options.planId);
    const next = await one<{ v: number }>(
      tx,
      sql`select coalesce(max(version), 0) + 1 as v from plan where owner_unit_id = ${old.ownerUnitId} and code = ${old.code}`,
    );
    const created = await one<{ id: number }>(
      tx,
      sql`insert into plan (code, name, name_en, owner_unit_id, province_id, legal_number, legal_issuer, legal_date,
          legal_file, legal_summary, start_year, end_year, status, version, previous_version_id, settings)
        select code, ${input.name ?? old.name}, name_en, owner_unit_id, province_id,
          ${input.legalNumber === undefined ? old.legalNumber : input.legalNumber},
          ${input.legalIssuer === undefined ? old.legalIssuer : input.legalIssuer},
          ${input.legalDate === undefined ? old.legalDate : input.legalDate},
          null, legal_summary, start_year, end_year, 'draft', ${next!.v}, id, settings
        from plan where id = ${old.id} returning id`,
    );
    const newId = created!.id;
    await tx.execute(sql`insert into plan_group (plan_id, province_id, pillar_id, code, name, name_en, sort)
      select ${newId}, province_id, pillar_id, code, name, name_en, sort from plan_group where plan_id = ${old.id}`);
    await tx.execute(sql`insert into target (plan_id, province_id, pillar_id, code, name, name_en, indicator_id,
        direction, national_benchmark, benchmark_note, responsible_unit_id, applies_to, sort, source, group_id,
        applies_to_set, responsible_text, unit_label)
      select ${newId}, t.province_id, t.pillar_id, t.code, t.name, t.name_en, t.indicator_id, t.direction,
        t.national_benchmark, t.benchmark_note, t.responsible_unit_id, t.applies_to, t.sort, t.source,
        ng.id, t.applies_to_set, t.responsible_text, t.unit_label
      from target t left join plan_group og on og.id = t.group_id
      left join plan_group ng on ng.plan_id = ${newId} and ng.code = og.code
      where t.plan_id = ${old.id}`);
    await tx.execute(sql`insert into target_value (target_id, year, value)
      select nt.id, v.year, v.value from target_value v join target ot on ot.id = v.target_id
      join target nt on nt.plan_id = ${newId} and nt.code = ot.code where ot.plan_id = ${old.id}`);
    return newId;
  });
}

/** Groups of a plan. */
export function listGroups(db: Db, planId: number): Promise<TPlanGroup[]> {
  return rows<TPlanGroup>(
    db,
    sql`select id, plan_id as "planId", pillar_id as "pillarId", code, name, name_en as "nameEn", sort
      from plan_group where plan_id = ${planId} order by sort, id`,
  );
}

/** Inserts a group in an open transaction (plan already locked). */
export async function insertGroup(
  tx: Db,
  options: { planId: number; input: TPlanGroupInput },
): Promise<number> {
  const { input } = options;
  const r = await one<{ id: number }>(
    tx,
    sql`insert into plan_group (plan_id, province_id, pillar_id, code, name, name_en, sort)
      select ${options.planId}, province_id, ${input.pillarId ?? null}, ${input.code}, ${input.name},
        ${input.nameEn ?? null}, ${input.sort ?? 0} from plan where id = ${options.planId}
      returning id`,
  );
  return r!.id;
}

/** Adds a group to a plan (a definition change: bumps the plan version). */
export function createGroup(options: {
  db: Db;
  who: TActor;
  planId: number;
  input: TPlanGroupInput;
}): Promise<number> {
  return withActor(options.db, options.who, async (tx) => {
    await lockEditablePlan(tx, options.planId);
    const id = await insertGroup(tx, options);
    await bumpPlanVersion(tx, options.planId);
    return id;
  });
}

/** A legal document stored with a plan (without its bytes). */
export interface TPlanDocument {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

/** Stores the decision/resolution file of a plan (audited; the plan's legal_file names the latest one). */
export function addPlanDocument(options: {
  db: Db;
  who: TActor;
  planId: number;
  fileName: string;
  contentType: string;
  content: Buffer;
}): Promise<number> {
  return withActor(options.db, options.who, async (tx) => {
    await lockEditablePlan(tx, options.planId);
    const r = await one<{ id: number }>(
      tx,
      sql`insert into plan_document (plan_id, province_id, file_name, content_type, size, content, uploaded_by)
        select id, province_id, ${options.fileName}, ${options.contentType}, ${options.content.length},
          ${options.content}, ${options.who.actor} from plan where id = ${options.planId}
        returning id`,
    );
    await tx.execute(
      sql`update plan set legal_file = ${options.fileName}, updated_at = now() where id = ${options.planId}`,
    );
    return r!.id;
  });
}

/** Documents of a plan, newest first. */
export async function listPlanDocuments(db: Db, planId: number): Promise<TPlanDocument[]> {
  const r = await rows<TPlanDocument>(
    db,
    sql`select id, file_name as "fileName", content_type as "contentType", size, uploaded_by as "uploadedBy",
        uploaded_at as "uploadedAt" from plan_document where plan_id = ${planId} order by id desc`,
  );
  return r.map((d) => ({ ...d, uploadedAt: new Date(d.uploadedAt).toISOString() }));
}

/** One document with its bytes. */
export function getPlanDocument(
  db: Db,
  options: { planId: number; id: number },
): Promise<(TPlanDocument & { content: Buffer }) | undefined> {
  return one<TPlanDocument & { content: Buffer }>(
    db,
    sql`select id, file_name as "fileName", content_type as "contentType", size, uploaded_by as "uploadedBy",
        uploaded_at::text as "uploadedAt", content from plan_document where plan_id = ${options.planId} and id = ${options.id}`,
  );
}
