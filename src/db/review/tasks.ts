/**
 * Tasks assigned by review-session conclusions and their follow-up: responsible and co-operating
 * units, deadline, expected result, progress reports with evidence, overdue / near-due flags, and
 * in-app reminders (the collection engineer's notification table).
 */
import { type SQL, sql } from "drizzle-orm";
import { AppError, badRequest, conflict, notFound } from "../../server/errors.ts";
import type { TTask, TTaskInput, TTaskListQuery, TTaskProgressInput } from "../../server/tasks/schemas.ts";
import { type Db, one, rows } from "../client.ts";

/** Not-found words of a task. */
export const TASK = { vi: "nhiệm vụ", en: "Task" };

interface TTaskRow {
  id: number;
  province_id: number;
  session_id: number;
  session_title: string;
  conclusion_id: number | null;
  title: string;
  responsible_unit_id: number;
  responsible_unit_name: string;
  cooperating: Array<{ id: number; name: string }> | null;
  deadline: string | null;
  expected_result: string | null;
  status: TTask["status"];
  progress_percent: number;
  completed_on: string | null;
  version: number;
  days_left: number | null;
  last_progress: string | null;
  created_at: string;
}

function select(today: string): SQL {
  return sql`select t.id, t.province_id, t.session_id, s.title as session_title, t.conclusion_id, t.title,
      t.responsible_unit_id, u.name as responsible_unit_name,
      (select jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name) order by c.name)
        from org_unit c where c.id = any(t.cooperating_unit_ids)) as cooperating,
      t.deadline::text as deadline, t.expected_result, t.status, t.progress_percent,
      t.completed_on::text as completed_on, t.version,
      (t.deadline - ${today}::date)::int as days_left,
      (select p.note from review_task_progress p where p.task_id = t.id order by p.id desc limit 1) as last_progress,
      t.created_at::text as created_at
    from review_task t
    join review_session s on s.id = t.session_id
    join org_unit u on u.id = t.responsible_unit_id`;
}

function toTask(r: TTaskRow): TTask {
  const open = r.status === "open" || r.status === "in_progress";
  return {
    id: r.id,
    provinceId: r.province_id,
    sessionId: r.session_id,
    sessionTitle: r.session_title,
    conclusionId: r.conclusion_id,
    title: r.title,
    responsibleUnitId: r.responsible_unit_id,
    responsibleUnitName: r.responsible_unit_name,
    cooperatingUnits: r.cooperating ?? [],
    deadline: r.deadline,
    expectedResult: r.expected_result,
    status: r.status,
    progressPercent: r.progress_percent,
    completedOn: r.completed_on,
    version: r.version,
    overdue: open && r.days_left !== null && r.days_left < 0,
    daysLeft: r.days_left,
    lastProgress: r.last_progress,
    createdAt: r.created_at,
  };
}

/**
 * Creates a task of a session (optionally from one of its conclusions). Units must exist; the
 * conclusion must belong to the session. Run inside withActor.
 */
export async function createTask(
  tx: Db,
  options: { sessionId: number; provinceId: number; input: TTaskInput; actor: string },
): Promise<number> {
  const i = options.input;
  if (i.conclusionId !== null) {
    const c = await one<{ id: number }>(
      tx,
      sql`select id from review_conclusion where id = ${i.conclusionId} and session_id = ${options.sessionId}
        and deleted_at is null`,
    );
    if (!c)
      throw notFound({ vi: "kết luận của hội nghị này", en: "Conclusion of this session" }, "conclusionId");
  }
  const ids = [i.responsibleUnitId, ...i.cooperatingUnitIds];
  const found = await rows<{ id: number }>(
    tx,
    sql`select id from org_unit where id = any(${`{${ids.join(",")}}`}::int[])`,
  );
  const have = new Set(found.map((f) => f.id));
  const missing = ids.findIndex((id) => !have.has(id));
  if (missing >= 0) {
    throw badRequest({
      field: missing === 0 ? "responsibleUnitId" : `cooperatingUnitIds.${missing - 1}`,
      message: `Không có đơn vị ${ids[missing]}`,
      messageEn: `No unit ${ids[missing]}`,
    });
  }
  if (i.cooperatingUnitIds.includes(i.responsibleUnitId)) {
    throw badRequest({
      field: "cooperatingUnitIds",
      message: "Đơn vị chủ trì không đồng thời là đơn vị phối hợp",
      messageEn: "The responsible unit cannot also be a co-operating unit",
    });
  }
  const r = await one<{ id: number }>(
    tx,
    sql`insert into review_task (province_id, session_id, conclusion_id, title, responsible_unit_id,
        cooperating_unit_ids, deadline, expected_result, created_by)
      values (${options.provinceId}, ${options.sessionId}, ${i.conclusionId}, ${i.title}, ${i.responsibleUnitId},
        ${`{${i.cooperatingUnitIds.join(",")}}`}::int[], ${i.deadline}, ${i.expectedResult}, ${options.actor})
      returning id`,
  );
  return r!.id;
}

/** Tasks matching the query, restricted by `scope` (a SQL condition over `t`/`s`), soonest deadline first. */
export async function listTasks(
  db: Db,
  q: TTaskListQuery & { today: string; scope: SQL },
): Promise<{ items: TTask[]; total: number }> {
  const conds: SQL[] = [q.scope, sql`s.deleted_at is null`];
  if (q.sessionId !== undefined) conds.push(sql`t.session_id = ${q.sessionId}`);
  if (q.unitId !== undefined) {
    conds.push(sql`(t.responsible_unit_id = ${q.unitId} or ${q.unitId} = any(t.cooperating_unit_ids))`);
  }
  if (q.status !== undefined) conds.push(sql`t.status = ${q.status}`);
  else if (q.overdue === true || q.dueWithinDays !== undefined)
    conds.push(sql`t.status in ('open', 'in_progress')`);
  if (q.overdue === true) conds.push(sql`t.deadline < ${q.today}::date`);
  if (q.overdue === false) conds.push(sql`(t.deadline is null or t.deadline >= ${q.today}::date)`);
  if (q.dueWithinDays !== undefined) {
    conds.push(
      sql`t.deadline >= ${q.today}::date and t.deadline <= ${q.today}::date + ${q.dueWithinDays}::int`,
    );
  }
  const where = sql.join(conds, sql` and `);
  const items = await rows<TTaskRow>(
    db,
    sql`${select(q.today)} where ${where} order by t.deadline nulls last, t.id limit ${q.limit} offset ${q.offset}`,
  );
  const total = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from review_task t join review_session s on s.id = t.session_id where ${where}`,
  );
  return { items: items.map(toTask), total: total?.n ?? 0 };
}

/** One task, or undefined. */
export async function getTask(db: Db, q: { id: number; today: string }): Promise<TTask | undefined> {
  const r = await one<TTaskRow>(db, sql`${select(q.today)} where t.id = ${q.id}`);
  return r ? toTask(r) : undefined;
}

/** Progress history of a task, oldest first. */
export async function listProgress(db: Db, taskId: number) {
  const r = await rows<{
    id: number;
    task_id: number;
    unit_id: number;
    unit_name: string;
    reported_at: string;
    reported_by: string;
    note: string;
    percent: number | null;
    status_after: string;
    evidence_url: string | null;
    evidence_text: string | null;
    attachment_ids: number[];
  }>(
    db,
    sql`select p.id, p.task_id, p.unit_id, u.name as unit_name, p.reported_at::text as reported_at, p.reported_by,
        p.note, p.percent, p.status_after, p.evidence_url, p.evidence_text, p.attachment_ids
      from review_task_progress p join org_unit u on u.id = p.unit_id where p.task_id = ${taskId} order by p.id`,
  );
  return r.map((p) => ({
    id: p.id,
    taskId: p.task_id,
    unitId: p.unit_id,
    unitName: p.unit_name,
    reportedAt: p.reported_at,
    reportedBy: p.reported_by,
    note: p.note,
    percent: p.percent,
    statusAfter: p.status_after,
    evidenceUrl: p.evidence_url,
    evidenceText: p.evidence_text,
    attachmentIds: (p.attachment_ids ?? []).map(Number),
  }));
}

/**
 * Records a progress report and moves the task's status. Checks the version the reporter saw, that
 * the task is not closed, and that attachment ids exist. Run inside withActor.
 */
export async function addProgress(
  tx: Db,
  options: { taskId: number; unitId: number; input: TTaskProgressInput; actor: string; today: string },
): Promise<void> {
  const i = options.input;
  const cur = await one<{ version: number; status: string; province_id: number }>(
    tx,
    sql`select version, status, province_id from review_task where id = ${options.taskId} for update`,
  );
  if (!cur) throw notFound(TASK, "id");
  if (cur.version !== i.version) {
    throw conflict({
      code: "stale_version",
      field: "version",
      message: "Nhiệm vụ vừa được cập nhật bởi người khác; hãy tải lại",
      messageEn: "The task was just updated by someone else; reload it",
      details: { current: cur.version },
    });
  }
  if (cur.status === "cancelled") {
    throw new AppError({
      status: 409,
      code: "task_cancelled",
      field: "status",
      message: "Nhiệm vụ đã bị hủy",
      messageEn: "The task was cancelled",
    });
  }
  if (i.attachmentIds.length > 0) {
    const found = await rows<{ id: number }>(
      tx,
      sql`select id from attachment where id = any(${`{${i.attachmentIds.join(",")}}`}::bigint[])
        and deleted_at is null and province_id = ${cur.province_id}`,
    );
    const have = new Set(found.map((f) => Number(f.id)));
    const missing = i.attachmentIds.findIndex((id) => !have.has(id));
    if (missing >= 0) {
      throw badRequest({
        field: `attachmentIds.${missing}`,
        message: `Không có tệp minh chứng ${i.attachmentIds[missing]}`,
        messageEn: `No attachment ${i.attachmentIds[missing]}`,
      });
    }
  }
  const percent = i.status === "done" ? 100 : i.percent;
  await tx.execute(sql`insert into review_task_progress (province_id, task_id, unit_id, reported_by, note, percent,
      status_after, evidence_url, evidence_text, attachment_ids)
    values (${cur.province_id}, ${options.taskId}, ${options.unitId}, ${options.actor}, ${i.note}, ${percent},
      ${i.status}, ${i.evidenceUrl}, ${i.evidenceText}, ${`{${i.attachmentIds.join(",")}}`}::bigint[])`);
  await tx.execute(sql`update review_task set status = ${i.status},
      progress_percent = coalesce(${percent}::int, progress_percent),
      completed_on = case when ${i.status} = 'done' then ${options.today}::date else null end,
      version = version + 1, updated_at = now()
    where id = ${options.taskId}`);
}

/** Cancels a task (secretariat); it then counts neither as done nor as overdue. Run inside withActor. */
export async function cancelTask(tx: Db, options: { taskId: number; version: number }): Promise<void> {
  const r = await one<{ id: number }>(
    tx,
    sql`update review_task set status = 'cancelled', version = version + 1, updated_at = now()
      where id = ${options.taskId} and version = ${options.version} returning id`,
  );
  if (!r) {
    throw conflict({
      code: "stale_version",
      field: "version",
      message: "Nhiệm vụ không còn hoặc vừa được cập nhật; hãy tải lại",
      messageEn: "The task is gone or was just updated; reload it",
    });
  }
}

/**
 * In-app reminders for open tasks due within `withinDays` or overdue, to the people assigned to the
 * responsible unit. One reminder per task, person and day (dedupe key). Returns how many were created.
 */
export async function remindTasks(
  tx: Db,
  options: { provinceId: number; today: string; withinDays: number },
): Promise<number> {
  const r = await one<{ n: number }>(
    tx,
    sql`with due as (
        select t.id, t.title, t.deadline, t.responsible_unit_id, t.province_id,
          (t.deadline - ${options.today}::date)::int as days_left
        from review_task t join review_session s on s.id = t.session_id and s.deleted_at is null
        where t.province_id = ${options.provinceId} and t.status in ('open', 'in_progress')
          and t.deadline <= ${options.today}::date + ${options.withinDays}::int
      ), people as (
        select distinct d.*, ra.user_id from due d
        join role_assignment ra on ra.unit_id = d.responsible_unit_id
        join app_user au on au.id = ra.user_id and au.status = 'active'
      ), ins as (
        insert into notification (province_id, user_id, unit_id, kind, title, title_en, body, link, dedupe_key)
        select province_id, user_id, responsible_unit_id, 'task_due',
          case when days_left < 0 then 'Nhiệm vụ quá hạn ' || (-days_left) || ' ngày' else 'Nhiệm vụ sắp đến hạn (còn ' || days_left || ' ngày)' end,
          case when days_left < 0 then 'Task overdue by ' || (-days_left) || ' days' else 'Task due in ' || days_left || ' days' end,
          title || ' — hạn ' || to_char(deadline, 'DD/MM/YYYY'), '/review/tasks/' || id,
          'task:' || id || ':' || ${options.today}
        from people
        on conflict (user_id, dedupe_key) do nothing
        returning 1
      ) select count(*)::int as n from ins`,
  );
  return r?.n ?? 0;
}
