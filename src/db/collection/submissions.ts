/**
 * Submissions: one unit's answer to one form for one period, and its workflow
 * draft → submitted → (returned → submitted)* → approved → locked, with reopen by the secretariat.
 * Every write carries the version the writer read; a stale one is refused with the other change shown.
 */
import { sql } from "drizzle-orm";
import { type TIssue, validateForm } from "../../core/validation.ts";
import { AppError, badRequest, conflict, notFound } from "../../server/errors.ts";
import { type Db, one, rows, withActor } from "../client.ts";
import { loadFormFields, loadRules, type TFormField, unitHistory } from "./forms.ts";
import {
  readSubmissionValues,
  setValuesStatus,
  type TStoredValue,
  type TValueInput,
  writeSubmissionValues,
} from "./values.ts";

/** Workflow states. */
export const SUBMISSION_STATES = ["draft", "submitted", "returned", "approved", "locked"] as const;
/** A workflow state. */
export type TSubmissionState = (typeof SUBMISSION_STATES)[number];
/** Narrative sections of a submission. */
export const NARRATIVE_SECTIONS = ["results", "shortcomings", "causes", "proposals"] as const;
/** A narrative section. */
export type TNarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

/** A submission header. */
export interface TSubmissionRow {
  id: number;
  provinceId: number;
  roundId: number | null;
  dataSetId: number;
  formName: string;
  orgUnitId: number;
  orgUnitName: string;
  period: string;
  state: TSubmissionState;
  version: number;
  approvalChain: number[];
  reviewStep: number;
  returnComment: string | null;
  warnings: TIssue[];
  submittedAt: string | null;
  submittedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  updatedBy: string;
  updatedAt: string;
}

const COLUMNS = sql`s.id, s.province_id as "provinceId", s.round_id as "roundId", s.data_set_id as "dataSetId",
  d.name as "formName", s.org_unit_id as "orgUnitId", u.full_name as "orgUnitName", s.period, s.state, s.version,
  s.approval_chain as "approvalChain", s.review_step as "reviewStep", s.return_comment as "returnComment",
  s.warnings, s.submitted_at::text as "submittedAt", s.submitted_by as "submittedBy",
  s.approved_at::text as "approvedAt", s.approved_by as "approvedBy", s.updated_by as "updatedBy",
  s.updated_at::text as "updatedAt"`;
const FROM = sql`from submission s join data_set d on d.id = s.data_set_id join org_unit u on u.id = s.org_unit_id`;

/** One submission, or undefined. */
export function getSubmission(db: Db, id: number): Promise<TSubmissionRow | undefined> {
  return one<TSubmissionRow>(db, sql`select ${COLUMNS} ${FROM} where s.id = ${id}`);
}

/** Submissions for a reviewer's queue or a list, filtered; scope is a SQL condition on s.org_unit_id. */
export function listSubmissions(
  db: Db,
  q: { scope: ReturnType<typeof sql>; roundId?: number; state?: string; period?: string; limit: number },
): Promise<TSubmissionRow[]> {
  const conds = [q.scope];
  if (q.roundId) conds.push(sql`s.round_id = ${q.roundId}`);
  if (q.state) conds.push(sql`s.state = ${q.state}`);
  if (q.period) conds.push(sql`s.period = ${q.period}`);
  return rows<TSubmissionRow>(
    db,
    sql`select ${COLUMNS} ${FROM} where ${sql.join(conds, sql` and `)}
      order by s.submitted_at nulls last, s.id limit ${q.limit}`,
  );
}

/**
 * The submission of a unit × form × period, created (as a draft) when missing. The approval chain is
 * fixed at creation: a district ancestor first when the round asks for it, then the round's owner
 * (or the province).
 */
export async function openSubmission(options: {
  db: Db;
  actor: string;
  dataSetId: number;
  orgUnitId: number;
  period: string;
  roundId?: number | null;
}): Promise<TSubmissionRow> {
  const { db } = options;
  const byKey = sql`s.data_set_id = ${options.dataSetId} and s.org_unit_id = ${options.orgUnitId} and s.period = ${options.period}`;
  const existing = await one<TSubmissionRow>(db, sql`select ${COLUMNS} ${FROM} where ${byKey}`);
  if (existing) return existing;
  // One query for what the creation needs: the unit's province, the form, the round's approval rule and,
  // when districts approve first, the unit's district. Without a round id (machine feeds, a form opened
  // outside the round's list) the open round that asks this unit for this form and period applies, so its
  // approval chain cannot be skipped.
  const ctx = await one<{
    provinceId: number | null;
    formId: number | null;
    roundId: number | null;
    ownerUnitId: number | null;
    districtId: number | null;
  }>(
    db,
    sql`select u.province_id as "provinceId",
        (select id from data_set where id = ${options.dataSetId}) as "formId",
        r.id as "roundId",
        r.owner_unit_id as "ownerUnitId",
        case when r.approval_level = 'district' then
          (select a.id from org_unit a where a.kind = 'district' and u.path like a.path || '%' limit 1) end as "districtId"
      from org_unit u left join lateral (
        select r.id, r.owner_unit_id, r.approval_level from reporting_round r
        where ${
          options.roundId
            ? sql`r.id = ${options.roundId}`
            : sql`r.status = 'open' and r.period = ${options.period}
              and exists (select 1 from reporting_round_unit ru where ru.round_id = r.id and ru.org_unit_id = u.id)
              and exists (select 1 from reporting_round_form rf where rf.round_id = r.id
                and rf.data_set_id = ${options.dataSetId})`
        }
        order by r.id desc limit 1) r on true
      where u.id = ${options.orgUnitId}`,
  );
  if (!ctx?.provinceId) throw notFound({ vi: "đơn vị báo cáo", en: "reporting unit" }, "orgUnitId");
  if (!ctx.formId) throw notFound({ vi: "biểu mẫu", en: "form" }, "dataSetId");
  const chain = [...(ctx.districtId ? [ctx.districtId] : []), ctx.ownerUnitId ?? ctx.provinceId];
  await withActor(db, { actor: options.actor }, (tx) =>
    tx.execute(sql`with ins as (
        insert into submission (province_id, round_id, data_set_id, org_unit_id, period, approval_chain, updated_by)
        values (${ctx.provinceId}, ${options.roundId ?? ctx.roundId}, ${options.dataSetId}, ${options.orgUnitId},
          ${options.period}, ${`{${chain.join(",")}}`}::int[], ${options.actor})
        on conflict (data_set_id, org_unit_id, period) do nothing returning id, province_id)
      insert into submission_event (province_id, submission_id, actor, action, to_state, version)
      select province_id, id, ${options.actor}, 'create', 'draft', 1 from ins`),
  );
  return (await one<TSubmissionRow>(db, sql`select ${COLUMNS} ${FROM} where ${byKey}`))!;
}

/** A narrative section's text. */
export interface TNarrative {
  section: TNarrativeSection;
  body: string;
  updatedBy: string;
  updatedAt: string;
}

/** A workflow event. */
export interface TSubmissionEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  version: number;
  comment: string | null;
  changed: number;
}

/** Everything the entry and review pages show. */
export interface TSubmissionView {
  submission: TSubmissionRow;
  fields: TFormField[];
  values: TStoredValue[];
  narrative: TNarrative[];
  events: TSubmissionEvent[];
}

/** The submission with its form, figures, narrative and history. */
export async function submissionView(db: Db, id: number): Promise<TSubmissionView> {
  const submission = await getSubmission(db, id);
  if (!submission) throw notFound({ vi: "bản báo cáo", en: "submission" }, "id");
  const fields = await loadFormFields(db, submission.dataSetId);
  const values = await readSubmissionValues(db, {
    provinceId: submission.provinceId,
    orgUnitId: submission.orgUnitId,
    period: submission.period,
    indicatorIds: fields.map((f) => f.indicatorId),
  });
  const narrative = await rows<TNarrative>(
    db,
    sql`select section, body, updated_by as "updatedBy", updated_at::text as "updatedAt"
      from submission_narrative where submission_id = ${id} order by section`,
  );
  const events = await rows<TSubmissionEvent>(
    db,
    sql`select id, at::text, actor, action, from_state as "fromState", to_state as "toState", version, comment, changed
      from submission_event where submission_id = ${id} order by id`,
  );
  return { submission, fields, values, narrative, events };
}

function lockedError(state: TSubmissionState): AppError {
  if (state === "locked")
    return conflict({
      code: "locked",
      message: "Kỳ báo cáo đã khóa sổ: không thể sửa số liệu. Đề nghị thư ký Ban Chỉ đạo mở lại nếu cần.",
      messageEn:
        "This period is locked: figures cannot be changed. Ask the secretariat to reopen it if needed.",
      field: "state",
    });
  if (state === "approved")
    return conflict({
      code: "approved",
      message: "Báo cáo đã được duyệt nên chỉ đọc.",
      messageEn: "The report is approved and read-only.",
      field: "state",
    });
  return conflict({
    code: "under_review",
    message: "Báo cáo đang chờ duyệt: chỉ sửa được khi bị trả lại.",
    messageEn: "The report is under review: it can only be edited after it is returned.",
    field: "state",
  });
}

function toNumber(v: string | null): number | null {
  return v === null ? null : Number(v);
}

/** Options of {@link saveSubmission}. */
export interface TSaveOptions {
  db: Db;
  actor: string;
  submissionId: number;
  /** The version the writer read; omitted only for machine feeds (they apply on top of the latest). */
  version?: number;
  values: TValueInput[];
  narrative?: Partial<Record<TNarrativeSection, string>>;
  /** "save" for people, "import" for Excel/CSV/feeds. */
  action?: "save" | "import";
  reason?: string;
  /** Also submit in the same transaction (machine feeds, bulk imports). */
  submit?: boolean;
  /** The header and fields when the caller has just read them (saves two queries per request). */
  head?: TSubmissionRow;
  fields?: TFormField[];
}

/** Result of a save. */
export interface TSaveResult {
  version: number;
  changed: number;
  state: TSubmissionState;
  warnings: TIssue[];
}

/**
 * Saves figures and narrative of a draft or returned submission: validates types and ranges
 * (all-or-nothing: any error refuses the whole save with every issue listed), writes only what changed,
 * bumps the version. A stale version is refused (409) with the current figures the other person saved.
 */
export async function saveSubmission(options: TSaveOptions): Promise<TSaveResult> {
  const { db, actor } = options;
  const head = options.head ?? (await getSubmission(db, options.submissionId));
  if (!head) throw notFound({ vi: "bản báo cáo", en: "submission" }, "id");
  const fields = options.fields ?? (await loadFormFields(db, head.dataSetId));
  const known = new Map(fields.map((f) => [f.indicatorId, f]));
  // Later entries for the same indicator win, as when a person edits a cell twice.
  const merged = new Map<number, TValueInput>();
  for (const v of options.values) merged.set(v.indicatorId, { ...merged.get(v.indicatorId), ...v });
  const values = [...merged.values()];
  for (const v of values)
    if (!known.has(v.indicatorId))
      throw badRequest({
        field: `values.${v.indicatorId}`,
        message: `Chỉ tiêu ${v.indicatorId} không thuộc biểu mẫu này`,
        messageEn: `Indicator ${v.indicatorId} is not part of this form`,
      });
  // Validate the form as it will be after the save: stored figures overlaid with the new ones.
  const indicatorIds = fields.map((f) => f.indicatorId);
  // One after the other: `db` may be a transaction (a round's bulk import), whose one connection
  // cannot run queries side by side (node-postgres deprecates queuing them).
  const stored = await readSubmissionValues(db, {
    provinceId: head.provinceId,
    orgUnitId: head.orgUnitId,
    period: head.period,
    indicatorIds,
  });
  const rules = await loadRules(db, head.dataSetId);
  const history = await unitHistory(db, {
    orgUnitId: head.orgUnitId,
    indicatorIds,
    period: head.period,
    periodType: periodTypeOf(head.period),
  });
  // Omitted properties keep what is stored; null clears.
  const after = new Map<number, TValueInput>(
    stored.map((s) => [
      s.indicatorId,
      {
        indicatorId: s.indicatorId,
        numerator: toNumber(s.numerator),
        denominator: toNumber(s.denominator),
        value: toNumber(s.value),
        comment: s.comment,
      },
    ]),
  );
  for (const v of values) {
    const defined = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
    after.set(v.indicatorId, { ...after.get(v.indicatorId), ...defined } as TValueInput);
  }
  const result = validateForm({
    fields,
    values: [...after.values()],
    rules,
    history,
    submitting: options.submit,
  });
  if (!result.ok)
    throw new AppError({
      status: 400,
      code: "validation",
      message: result.errors[0].message,
      messageEn: result.errors[0].messageEn,
      field: result.errors[0].field,
      details: { errors: result.errors, warnings: result.warnings },
    });

  return withActor(db, { actor, reason: options.reason }, async (tx) => {
    const locked = await one<{
      state: TSubmissionState;
      version: number;
      updatedBy: string;
      updatedAt: string;
    }>(
      tx,
      sql`select state, version, updated_by as "updatedBy", updated_at::text as "updatedAt"
        from submission where id = ${head.id} for update`,
    );
    if (!locked) throw notFound({ vi: "bản báo cáo", en: "submission" }, "id");
    if (options.version !== undefined && locked.version !== options.version) {
      const current = await readSubmissionValues(tx, {
        provinceId: head.provinceId,
        orgUnitId: head.orgUnitId,
        period: head.period,
        indicatorIds: values.map((v) => v.indicatorId),
      });
      throw conflict({
        code: "stale",
        field: "version",
        message: `Báo cáo vừa được ${locked.updatedBy} sửa (phiên bản ${locked.version}, bạn đang sửa phiên bản ${options.version}). Hãy xem thay đổi của họ rồi lưu lại.`,
        messageEn: `${locked.updatedBy} changed this report meanwhile (version ${locked.version}, you edited version ${options.version}). Review their change, then save again.`,
        details: {
          currentVersion: locked.version,
          updatedBy: locked.updatedBy,
          updatedAt: locked.updatedAt,
          theirs: current,
        },
      });
    }
    if (locked.state !== "draft" && locked.state !== "returned") throw lockedError(locked.state);
    const nextState: TSubmissionState = options.submit ? "submitted" : locked.state;
    let narrativeChanged = 0;
    for (const [section, body] of Object.entries(options.narrative ?? {})) {
      if (body === undefined) continue;
      const r = await rows<{ id: number }>(
        tx,
        sql`insert into submission_narrative (province_id, submission_id, section, body, updated_by)
          values (${head.provinceId}, ${head.id}, ${section}, ${body}, ${actor})
          on conflict (submission_id, section) do update set body = excluded.body, updated_by = excluded.updated_by,
            updated_at = now() where submission_narrative.body is distinct from excluded.body returning id`,
      );
      narrativeChanged += r.length;
    }
    const version = locked.version + 1;
    await tx.execute(sql`update submission set version = ${version}, state = ${nextState}, updated_by = ${actor},
        updated_at = now(), warnings = ${JSON.stringify(result.warnings)}::jsonb
        ${options.submit ? sql`, submitted_at = now(), submitted_by = ${actor}, review_step = 0` : sql``}
      where id = ${head.id}`);
    // The figures go last: their rollup rows are shared by every unit of the province, so the row locks
    // they take are held for as short a time as possible before commit.
    const coversForm = fields.every((f) => merged.has(f.indicatorId));
    if (options.submit && !coversForm)
      await setValuesStatus(tx, {
        provinceId: head.provinceId,
        orgUnitId: head.orgUnitId,
        period: head.period,
        indicatorIds: fields.map((f) => f.indicatorId),
        status: "submitted",
      });
    const changed = await writeSubmissionValues(tx, {
      provinceId: head.provinceId,
      orgUnitId: head.orgUnitId,
      period: head.period,
      dataSetId: head.dataSetId,
      actor,
      status: options.submit ? "submitted" : "draft",
      values: values.map((v) => after.get(v.indicatorId)!),
    });
    await tx.execute(sql`insert into submission_event (province_id, submission_id, actor, action, from_state, to_state,
        version, comment, changed)
      values (${head.provinceId}, ${head.id}, ${actor}, ${options.action ?? "save"}, ${locked.state}, ${nextState},
        ${version}, ${options.reason ?? null}, ${changed + narrativeChanged})
      ${options.submit ? sql`, (${head.provinceId}, ${head.id}, ${actor}, 'submit', ${locked.state}, 'submitted', ${version}, null, 0)` : sql``}`);
    return { version, changed: changed + narrativeChanged, state: nextState, warnings: result.warnings };
  });
}

function periodTypeOf(period: string): string {
  if (/^\d{4}$/.test(period)) return "year";
  if (/Q\d$/.test(period)) return "quarter";
  if (/S\d$/.test(period)) return "half_year";
  if (/N9$/.test(period)) return "nine_months";
  return "month";
}

/** Workflow actions. */
export const WORKFLOW_ACTIONS = ["submit", "return", "approve", "lock", "reopen"] as const;
/** A workflow action. */
export type TWorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const FROM_STATES: Record<TWorkflowAction, TSubmissionState[]> = {
  submit: ["draft", "returned"],
  return: ["submitted"],
  approve: ["submitted"],
  lock: ["approved"],
  reopen: ["submitted", "approved", "locked"],
};

const ACTION_NAMES: Record<TWorkflowAction, { vi: string; en: string }> = {
  submit: { vi: "gửi", en: "submit" },
  return: { vi: "trả lại", en: "return" },
  approve: { vi: "duyệt", en: "approve" },
  lock: { vi: "khóa sổ", en: "lock" },
  reopen: { vi: "mở lại", en: "reopen" },
};

const STATE_NAMES: Record<TSubmissionState, { vi: string; en: string }> = {
  draft: { vi: "đang nhập", en: "draft" },
  submitted: { vi: "đã gửi, chờ duyệt", en: "submitted" },
  returned: { vi: "bị trả lại", en: "returned" },
  approved: { vi: "đã duyệt", en: "approved" },
  locked: { vi: "đã khóa sổ", en: "locked" },
};

/** Result of a workflow step. */
export interface TTransitionResult {
  state: TSubmissionState;
  version: number;
  reviewStep: number;
  warnings: TIssue[];
}

/**
 * Moves a submission one step. `submit` validates the whole form (required fields included);
 * `return` and `reopen` need a comment; `approve` advances along the approval chain and approves at
 * its end. The caller has checked permissions (the route knows who may do what where).
 */
export async function transitionSubmission(options: {
  db: Db;
  actor: string;
  submissionId: number;
  version: number;
  action: TWorkflowAction;
  comment?: string;
}): Promise<TTransitionResult> {
  const { db, actor, action } = options;
  const head = await getSubmission(db, options.submissionId);
  if (!head) throw notFound({ vi: "bản báo cáo", en: "submission" }, "id");
  const comment = options.comment?.trim() || undefined;
  if ((action === "return" || action === "reopen") && !comment)
    throw badRequest({
      field: "comment",
      message: action === "return" ? "Cần ghi lý do trả lại" : "Cần ghi lý do mở lại",
      messageEn:
        action === "return" ? "A comment is required to return a report" : "A reason is required to reopen",
    });
  const fields = await loadFormFields(db, head.dataSetId);
  let warnings: TIssue[] = head.warnings ?? [];
  if (action === "submit") {
    const stored = await readSubmissionValues(db, {
      provinceId: head.provinceId,
      orgUnitId: head.orgUnitId,
      period: head.period,
      indicatorIds: fields.map((f) => f.indicatorId),
    });
    const history = await unitHistory(db, {
      orgUnitId: head.orgUnitId,
      indicatorIds: fields.map((f) => f.indicatorId),
      period: head.period,
      periodType: periodTypeOf(head.period),
    });
    const result = validateForm({
      fields,
      values: stored.map((s) => ({
        indicatorId: s.indicatorId,
        numerator: toNumber(s.numerator),
        denominator: toNumber(s.denominator),
        value: toNumber(s.value),
      })),
      rules: await loadRules(db, head.dataSetId),
      history,
      submitting: true,
    });
    if (!result.ok)
      throw new AppError({
        status: 400,
        code: "validation",
        message: result.errors[0].message,
        messageEn: result.errors[0].messageEn,
        field: result.errors[0].field,
        details: { errors: result.errors, warnings: result.warnings },
      });
    warnings = result.warnings;
  }
  return withActor(db, { actor, reason: comment }, async (tx) => {
    const cur = await one<{
      state: TSubmissionState;
      version: number;
      reviewStep: number;
      updatedBy: string;
    }>(
      tx,
      sql`select state, version, review_step as "reviewStep", updated_by as "updatedBy" from submission
        where id = ${head.id} for update`,
    );
    if (!cur) throw notFound({ vi: "bản báo cáo", en: "submission" }, "id");
    if (cur.version !== options.version)
      throw conflict({
        code: "stale",
        field: "version",
        message: `Báo cáo vừa được ${cur.updatedBy} thay đổi (phiên bản ${cur.version}); hãy tải lại trước khi ${ACTION_NAMES[action].vi}.`,
        messageEn: `${cur.updatedBy} changed this report meanwhile (version ${cur.version}); reload before you ${ACTION_NAMES[action].en}.`,
        details: { currentVersion: cur.version, updatedBy: cur.updatedBy, state: cur.state },
      });
    if (!FROM_STATES[action].includes(cur.state))
      throw conflict({
        code: "invalid_state",
        field: "state",
        message: `Không thể ${ACTION_NAMES[action].vi} báo cáo ${STATE_NAMES[cur.state].vi}`,
        messageEn: `Cannot ${ACTION_NAMES[action].en} a ${STATE_NAMES[cur.state].en} report`,
      });
    let state: TSubmissionState = cur.state;
    let step = cur.reviewStep;
    let set = sql``;
    switch (action) {
      case "submit":
        state = "submitted";
        step = 0;
        set = sql`, submitted_at = now(), submitted_by = ${actor}, return_comment = null, warnings = ${JSON.stringify(warnings)}::jsonb`;
        break;
      case "return":
        state = "returned";
        step = 0;
        set = sql`, return_comment = ${comment ?? null}`;
        break;
      case "approve":
        if (cur.reviewStep + 1 < head.approvalChain.length) step = cur.reviewStep + 1;
        else {
          state = "approved";
          set = sql`, approved_at = now(), approved_by = ${actor}`;
        }
        break;
      case "lock":
        state = "locked";
        set = sql`, locked_at = now()`;
        break;
      case "reopen":
        state = "returned";
        step = 0;
        set = sql`, return_comment = ${comment ?? null}, locked_at = null, approved_at = null, approved_by = null`;
        break;
    }
    const version = cur.version + 1;
    await tx.execute(sql`update submission set state = ${state}, version = ${version}, review_step = ${step},
        updated_by = ${actor}, updated_at = now() ${set} where id = ${head.id}`);
    await tx.execute(sql`insert into submission_event (province_id, submission_id, actor, action, from_state, to_state,
        version, comment) values (${head.provinceId}, ${head.id}, ${actor}, ${action}, ${cur.state}, ${state}, ${version},
        ${comment ?? null})`);
    const valueStatus = state === "returned" ? "draft" : state;
    await setValuesStatus(tx, {
      provinceId: head.provinceId,
      orgUnitId: head.orgUnitId,
      period: head.period,
      indicatorIds: fields.map((f) => f.indicatorId),
      status: valueStatus,
    });
    return { state, version, reviewStep: step, warnings };
  });
}

/** The unit whose reviewers act now on a submitted report (the current step of its approval chain). */
export function currentApprover(s: TSubmissionRow): number {
  return s.approvalChain[Math.min(s.reviewStep, s.approvalChain.length - 1)];
}
