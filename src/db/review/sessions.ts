/**
 * Review sessions (hội nghị sơ kết / tổng kết): create, edit with optimistic concurrency, list, read
 * with conclusions; conclusions are recorded here, tasks in tasks.ts, snapshots in snapshot.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import { periodLabel } from "../../core/period.ts";
import { conflict, notFound } from "../../server/errors.ts";
import type {
  TConclusion,
  TSession,
  TSessionDetail,
  TSessionInput,
  TSessionPatch,
} from "../../server/sessions/schemas.ts";
import { type Db, one, rows } from "../client.ts";

/** Not-found words of a session. */
export const SESSION = { vi: "hội nghị", en: "Session" };

interface TSessionRow {
  id: number;
  province_id: number;
  unit_id: number;
  unit_name: string;
  plan_id: number;
  plan_name: string;
  period: string;
  kind: TSession["kind"];
  title: string;
  held_on: string;
  location: string | null;
  chair: string | null;
  participants: string[];
  bridge_points: TSession["bridgePoints"];
  agenda: string[];
  report_settings: TSession["reportSettings"];
  status: TSession["status"];
  version: number;
  created_by: string;
  created_at: string;
  task_count: number;
  tasks_done: number;
  snapshot_id: number | null;
  taken_at: string | null;
  taken_by: string | null;
  summary_text: string | null;
  files: Record<string, { sha256: string; sizeBytes: number }> | null;
}

const SELECT = sql`select s.id, s.province_id, s.unit_id, u.name as unit_name, s.plan_id, p.name as plan_name,
    s.period, s.kind, s.title, s.held_on::text as held_on, s.location, s.chair, s.participants, s.bridge_points,
    s.agenda, s.report_settings, s.status, s.version, s.created_by, s.created_at::text as created_at,
    (select count(*)::int from review_task t where t.session_id = s.id and t.status <> 'cancelled') as task_count,
    (select count(*)::int from review_task t where t.session_id = s.id and t.status = 'done') as tasks_done,
    sn.id as snapshot_id, sn.taken_at::text as taken_at,
    coalesce((select au.display_name from app_user au where 'user:' || au.id = sn.taken_by), sn.taken_by) as taken_by,
    sn.overview -> 'summary' ->> 'text' as summary_text, sn.files
  from review_session s
  join org_unit u on u.id = s.unit_id
  join plan p on p.id = s.plan_id
  left join review_snapshot sn on sn.session_id = s.id`;

function toSession(r: TSessionRow): TSession {
  return {
    id: r.id,
    provinceId: r.province_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    planId: r.plan_id,
    planName: r.plan_name,
    period: r.period,
    periodLabel: periodLabel(r.period),
    kind: r.kind,
    title: r.title,
    heldOn: r.held_on,
    location: r.location,
    chair: r.chair,
    participants: r.participants,
    bridgePoints: r.bridge_points,
    agenda: r.agenda,
    reportSettings: r.report_settings,
    status: r.status,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    taskCount: r.task_count,
    tasksDone: r.tasks_done,
    snapshot:
      r.snapshot_id === null
        ? null
        : {
            id: r.snapshot_id,
            takenAt: r.taken_at ?? "",
            takenBy: r.taken_by ?? "",
            summaryText: r.summary_text ?? "",
            files: Object.entries(r.files ?? {}).map(([format, f]) => ({
              format: format as "docx" | "pdf" | "xlsx" | "html",
              sha256: f.sha256,
              sizeBytes: f.sizeBytes,
            })),
          },
  };
}

/** Creates a session; returns its id. Run inside withActor. */
export async function createSession(
  tx: Db,
  options: { input: TSessionInput; provinceId: number; actor: string },
): Promise<number> {
  const i = options.input;
  const r = await one<{ id: number }>(
    tx,
    sql`insert into review_session (province_id, unit_id, plan_id, period, kind, title, held_on, location, chair,
        participants, bridge_points, agenda, report_settings, created_by)
      values (${options.provinceId}, ${i.unitId}, ${i.planId}, ${i.period}, ${i.kind}, ${i.title}, ${i.heldOn},
        ${i.location}, ${i.chair}, ${JSON.stringify(i.participants)}::jsonb, ${JSON.stringify(i.bridgePoints)}::jsonb,
        ${JSON.stringify(i.agenda)}::jsonb, ${JSON.stringify(i.reportSettings)}::jsonb, ${options.actor})
      returning id`,
  );
  return r!.id;
}

/**
 * Edits a session. A frozen session keeps its plan, unit and period (they are what the snapshot shows).
 * @throws 409 on a stale version or when the frozen figures would no longer match
 */
export async function updateSession(tx: Db, options: { id: number; patch: TSessionPatch }): Promise<void> {
  const { id, patch } = options;
  const cur = await one<{ version: number; frozen: boolean }>(
    tx,
    sql`select version, exists (select 1 from review_snapshot where session_id = s.id) as frozen
      from review_session s where id = ${id} and deleted_at is null for update`,
  );
  if (!cur) throw notFound(SESSION, "id");
  if (cur.version !== patch.version) {
    throw conflict({
      code: "stale_version",
      field: "version",
      message: "Hội nghị đã được người khác sửa; hãy tải lại",
      messageEn: "The session was changed by someone else; reload it",
      details: { current: cur.version },
    });
  }
  if (cur.frozen && (patch.planId !== undefined || patch.period !== undefined)) {
    throw conflict({
      code: "frozen",
      field: patch.planId !== undefined ? "planId" : "period",
      message: "Hội nghị đã chốt số liệu; không đổi được kế hoạch hoặc kỳ báo cáo",
      messageEn: "The session's figures are frozen; its plan and period cannot change",
    });
  }
  const j = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await tx.execute(sql`update review_session set
      plan_id = coalesce(${patch.planId ?? null}::int, plan_id),
      period = coalesce(${patch.period ?? null}, period),
      kind = coalesce(${patch.kind ?? null}, kind),
      title = coalesce(${patch.title ?? null}, title),
      held_on = coalesce(${patch.heldOn ?? null}::date, held_on),
      location = case when ${patch.location !== undefined} then ${patch.location ?? null} else location end,
      chair = case when ${patch.chair !== undefined} then ${patch.chair ?? null} else chair end,
      participants = coalesce(${j(patch.participants)}::jsonb, participants),
      bridge_points = coalesce(${j(patch.bridgePoints)}::jsonb, bridge_points),
      agenda = coalesce(${j(patch.agenda)}::jsonb, agenda),
      report_settings = coalesce(${j(patch.reportSettings)}::jsonb, report_settings),
      status = coalesce(${patch.status ?? null}, status),
      version = version + 1, updated_at = now()
    where id = ${id}`);
}

/** Sessions matching `scope` (a SQL condition over `s`), optionally of one province, newest first. */
export async function listSessions(
  db: Db,
  q: { scope: SQL; provinceId?: number; limit: number; offset: number },
): Promise<{ items: TSession[]; total: number }> {
  const where = sql`s.deleted_at is null and ${q.scope}${q.provinceId === undefined ? sql`` : sql` and s.province_id = ${q.provinceId}`}`;
  const items = await rows<TSessionRow>(
    db,
    sql`${SELECT} where ${where} order by s.held_on desc, s.id desc limit ${q.limit} offset ${q.offset}`,
  );
  const total = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from review_session s where ${where}`,
  );
  return { items: items.map(toSession), total: total?.n ?? 0 };
}

/** One session with its conclusions, or undefined. */
export async function getSession(db: Db, id: number): Promise<TSessionDetail | undefined> {
  const r = await one<TSessionRow>(db, sql`${SELECT} where s.id = ${id} and s.deleted_at is null`);
  if (!r) return undefined;
  return { ...toSession(r), conclusions: await listConclusions(db, id) };
}

/**
 * The review held before this one for the same unit and plan, whose tasks this one's report follows up.
 * Thematic meetings in between are skipped: their tasks are followed in the task lists, not in the
 * periodic report's section III.
 */
export async function previousSessionId(db: Db, id: number): Promise<number | null> {
  const r = await one<{ id: number }>(
    db,
    sql`select p.id from review_session s join review_session p
        on p.unit_id = s.unit_id and p.plan_id = s.plan_id and p.deleted_at is null and p.kind <> 'thematic'
        and (p.held_on, p.id) < (s.held_on, s.id)
      where s.id = ${id} order by p.held_on desc, p.id desc limit 1`,
  );
  return r?.id ?? null;
}

/** Conclusions of a session in order. */
export async function listConclusions(db: Db, sessionId: number): Promise<TConclusion[]> {
  const r = await rows<{
    id: number;
    session_id: number;
    sort: number;
    body: string;
    created_by: string;
    created_at: string;
  }>(
    db,
    sql`select id, session_id, sort, body, created_by, created_at::text as created_at from review_conclusion
      where session_id = ${sessionId} and deleted_at is null order by sort, id`,
  );
  return r.map((c) => ({
    id: c.id,
    sessionId: c.session_id,
    sort: c.sort,
    body: c.body,
    createdBy: c.created_by,
    createdAt: c.created_at,
  }));
}

/** Adds a conclusion at the end; returns its id. Run inside withActor. */
export async function addConclusion(
  tx: Db,
  options: { sessionId: number; provinceId: number; body: string; actor: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into review_conclusion (province_id, session_id, sort, body, created_by)
      values (${options.provinceId}, ${options.sessionId},
        (select coalesce(max(sort), 0) + 1 from review_conclusion where session_id = ${options.sessionId}),
        ${options.body}, ${options.actor})
      returning id`,
  );
  return r!.id;
}
