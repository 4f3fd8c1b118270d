/**
 * Builds the review report of a plan × unit × period: figures from the progress engine
 * (getProgressOverview), narratives from the units' approved submissions, tasks of the previous
 * session, and the province's sentence templates — then composes the document.
 */
import { sql } from "drizzle-orm";
import {
  composeReport,
  type TNarrativeSection,
  type TReportDocument,
  type TReportModel,
  type TReportTask,
} from "../../core/narrative/index.ts";
import type { TTargetStatus } from "../../core/status.ts";
import type { TProgressOverview, TStatusSummaryOut } from "../../server/progress/schemas.ts";
import type { TReportSettings } from "../../server/reports/schemas.ts";
import { type Db, one, rows } from "../client.ts";
import { getProgressOverview, rankByStatus } from "../progress.ts";
import { templateOverrides } from "./templates.ts";

/** Options of {@link buildReport}. */
export interface TBuildReportOptions {
  db: Db;
  planId: number;
  unitId: number;
  period: string;
  /** Issue date, ISO (default today). */
  date?: string;
  settings?: TReportSettings;
  lang?: "vi" | "en";
  /** Follow up the tasks of this earlier session (default: none). */
  previousSessionId?: number | null;
}

/** The built report: the engine's overview, the model made of it, and the composed document. */
export interface TBuiltReport {
  overview: TProgressOverview;
  model: TReportModel;
  document: TReportDocument;
  provinceId: number;
}

/** How many of the lowest-ranked units the report lists as behind. */
export const UNITS_BEHIND_COUNT = 5;

/** The lowest-ranked child units by targets achieved, from the progress engine's ranking. */
export async function loadUnitsBehind(
  db: Db,
  q: { planId: number; unitId: number; period: string },
): Promise<TReportModel["unitsBehind"]> {
  const ranking = await rankByStatus({ db, planId: q.planId, parentUnitId: q.unitId, period: q.period });
  return ranking.items
    .filter((i) => i.value !== null)
    .sort((a, b) => (a.value as number) - (b.value as number) || a.name.localeCompare(b.name, "vi"))
    .slice(0, UNITS_BEHIND_COUNT)
    .map((i) => ({ name: i.name, achieved: i.value as number, total: Number(i.display.split("/")[1]) || 0 }));
}

const DOC_TYPES = ["Nghị quyết", "Quyết định", "Kế hoạch", "Chương trình", "Đề án", "Chỉ thị"];

/** "Nghị quyết 01-NQ/TU" from the plan's name and legal number, or the plan's name. */
export function planReference(plan: { name: string; legalNumber: string | null }): string {
  if (!plan.legalNumber) return plan.name;
  const type = DOC_TYPES.find((t) => plan.name.startsWith(t));
  return type ? `${type} ${plan.legalNumber}` : `${plan.name} (${plan.legalNumber})`;
}

function counts(s: TStatusSummaryOut) {
  return {
    total: s.total,
    achieved: s.achieved,
    exceeded: s.exceeded,
    near: s.near,
    behind: s.behind,
    noData: s.noData,
    percent: s.achievedShareDisplay,
  };
}

/** Today in the server's calendar (ISO). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Turns the engine's overview and the gathered narratives/tasks into the report model. */
export function overviewToModel(options: {
  overview: TProgressOverview;
  unit: { name: string; unitType: string | null; kind: string };
  plan: { name: string; legalNumber: string | null };
  settings: TReportSettings;
  date: string;
  narratives: TReportModel["narratives"];
  previousTasks: TReportModel["previousTasks"];
  unitsBehind: TReportModel["unitsBehind"];
}): TReportModel {
  const { overview, unit, settings } = options;
  const typed = unit.unitType ? `${unit.unitType} ${unit.name}` : unit.name;
  const unitName = unit.kind === "province" || unit.kind === "commune" ? lowerFirst(typed) : typed;
  return {
    issuer: {
      parentBody: settings.parentBody ?? `UBND ${typed}`.toLocaleUpperCase("vi"),
      // Two lines, as printed: the column is too narrow for the whole name at 13 pt.
      body: settings.body ?? "BAN CHỈ ĐẠO\nCHUYỂN ĐỔI SỐ",
      place: settings.place ?? unit.name,
      number: settings.number ?? "",
      symbol: settings.symbol ?? "BC-BCĐ",
      date: options.date,
      signerTitle: settings.signerTitle ?? "TRƯỞNG BAN",
      signerName: settings.signerName ?? "",
      recipients: settings.recipients ?? [
        "Ban Chỉ đạo quốc gia về chuyển đổi số (để b/c);",
        `Thường trực Tỉnh ủy, HĐND, UBND ${typed} (để b/c);`,
        "Các thành viên Ban Chỉ đạo;",
        "Các sở, ban, ngành; UBND các xã, phường;",
        "Lưu: VT, BCĐ.",
      ],
    },
    unitName,
    planName: planReference(options.plan),
    period: overview.period,
    counts: counts(overview.summary),
    pillars: overview.pillars
      .filter((p) => p.code !== null)
      .map((p) => ({
        code: p.code as string,
        name: p.name,
        kind: p.kind === "foundation" ? ("foundation" as const) : ("pillar" as const),
        counts: counts(p.summary),
      })),
    targets: overview.targets.map((t) => ({
      code: t.code,
      name: t.name,
      pillarCode: t.pillarCode,
      measureUnit: t.measure,
      planYear: t.targetYear,
      planDisplay: t.targetDisplay,
      actualDisplay: t.actual.display,
      status: t.status as TTargetStatus,
      responsibleUnitName: t.responsibleUnitName,
    })),
    unitsBehind: options.unitsBehind,
    completeness:
      overview.completeness.expected > 0
        ? {
            reported: overview.completeness.reported,
            expected: overview.completeness.expected,
            percent: overview.completeness.display,
          }
        : null,
    narratives: options.narratives,
    previousTasks: options.previousTasks,
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase("vi") + s.slice(1);
}

/** Narratives of approved/locked submissions of units under `unitId` for the period. */
export async function loadNarratives(
  db: Db,
  q: { unitId: number; period: string },
): Promise<TReportModel["narratives"]> {
  const r = await rows<{ section: TNarrativeSection; unit_name: string; body: string }>(
    db,
    sql`select n.section, u.name as unit_name, n.body
      from submission_narrative n
      join submission s on s.id = n.submission_id
      join org_unit u on u.id = s.org_unit_id
      join org_unit top on top.id = ${q.unitId}
      where s.period = ${q.period} and s.state in ('approved', 'locked') and length(trim(n.body)) > 0
        and u.path like top.path || '%'
      order by u.kind, u.name, n.section`,
  );
  return r.map((x) => ({ section: x.section, unitName: x.unit_name, text: x.body }));
}

/** Tasks of a session as the next report follows them up. */
export async function loadSessionTasks(
  db: Db,
  q: { sessionId: number; today: string },
): Promise<TReportModel["previousTasks"]> {
  const s = await one<{ title: string }>(db, sql`select title from review_session where id = ${q.sessionId}`);
  if (!s) return null;
  const r = await rows<{
    title: string;
    unit_name: string;
    deadline: string | null;
    status: TReportTask["status"];
    last_note: string | null;
  }>(
    db,
    sql`select t.title, u.name as unit_name, t.deadline::text as deadline, t.status,
        (select p.note from review_task_progress p where p.task_id = t.id order by p.id desc limit 1) as last_note
      from review_task t join org_unit u on u.id = t.responsible_unit_id
      where t.session_id = ${q.sessionId}
      order by t.id`,
  );
  return {
    sessionTitle: lowerFirst(s.title),
    tasks: r.map((t) => ({
      title: t.title,
      responsibleUnitName: t.unit_name,
      deadline: t.deadline,
      status: t.status,
      overdue: t.deadline !== null && t.deadline < q.today && t.status !== "done" && t.status !== "cancelled",
      lastProgress: t.last_note,
    })),
  };
}

/**
 * Builds the report. Figures come only from getProgressOverview; nothing is recomputed here.
 * @throws AppError 404 for a missing plan or unit, 400 for a bad period (from the engine)
 */
export async function buildReport(options: TBuildReportOptions): Promise<TBuiltReport> {
  const { db } = options;
  const overview = await getProgressOverview({
    db,
    planId: options.planId,
    unitId: options.unitId,
    period: options.period,
  });
  const meta = await one<{
    name: string;
    unit_type: string | null;
    kind: string;
    province_id: number;
    plan_name: string;
    legal_number: string | null;
  }>(
    db,
    sql`select u.name, u.unit_type, u.kind, coalesce(u.province_id, u.id) as province_id,
        p.name as plan_name, p.legal_number
      from org_unit u, plan p where u.id = ${options.unitId} and p.id = ${options.planId}`,
  );
  if (!meta) throw new Error("unit or plan vanished while building the report");
  const date = options.date ?? todayIso();
  const [narratives, previousTasks, templates, unitsBehind] = await Promise.all([
    loadNarratives(db, { unitId: options.unitId, period: overview.period }),
    options.previousSessionId
      ? loadSessionTasks(db, { sessionId: options.previousSessionId, today: date })
      : Promise.resolve(null),
    templateOverrides(db, meta.province_id),
    loadUnitsBehind(db, { planId: options.planId, unitId: options.unitId, period: overview.period }),
  ]);
  const model = overviewToModel({
    overview,
    unit: { name: meta.name, unitType: meta.unit_type, kind: meta.kind },
    plan: { name: meta.plan_name, legalNumber: meta.legal_number },
    settings: options.settings ?? {},
    date,
    narratives,
    previousTasks,
    unitsBehind,
  });
  const document = composeReport({ model, templates, lang: options.lang ?? "vi" });
  return { overview, model, document, provinceId: meta.province_id };
}
