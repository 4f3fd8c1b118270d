/** Who hears about what: workflow steps and round reminders become notifications (and mail when configured). */
import { sql } from "drizzle-orm";
import { periodLabel } from "../../core/period.ts";
import { type Db, rows } from "../../db/client.ts";
import { notify, unitsOwing, usersAtUnits } from "../../db/collection/notifications.ts";
import { getRound } from "../../db/collection/rounds.ts";
import type { TSubmissionRow, TTransitionResult, TWorkflowAction } from "../../db/collection/submissions.ts";
import { sendMail } from "./mailer.ts";

type TLog = { warn(obj: unknown, msg?: string): void };

/** Tells the people concerned about a workflow step; never fails the step itself. */
export async function notifyStep(options: {
  db: Db;
  submission: TSubmissionRow;
  action: TWorkflowAction;
  result: TTransitionResult;
  comment?: string;
  log?: TLog;
}): Promise<void> {
  const { db, submission: s, action, result } = options;
  try {
    const label = `${s.formName} — ${s.orgUnitName} — ${periodLabel(s.period)}`;
    const link = `/collection/entry/${s.id}`;
    let targets: Array<{ id: number; email: string | null }> = [];
    let title = "";
    let titleEn = "";
    if (action === "submit" || (action === "approve" && result.state === "submitted")) {
      targets = await usersAtUnits(db, {
        unitIds: [s.approvalChain[result.reviewStep]],
        roles: ["reviewer", "secretariat"],
      });
      title = `Báo cáo chờ duyệt: ${label}`;
      titleEn = `Report awaiting review: ${label}`;
    } else if (action === "return" || action === "reopen") {
      targets = await usersAtUnits(db, { unitIds: [s.orgUnitId], roles: ["reporter"] });
      title = `Báo cáo bị trả lại: ${label}`;
      titleEn = `Report returned: ${label}`;
    } else if (action === "approve") {
      targets = await usersAtUnits(db, { unitIds: [s.orgUnitId], roles: ["reporter"] });
      title = `Báo cáo đã được duyệt: ${label}`;
      titleEn = `Report approved: ${label}`;
    } else return;
    await notify(db, {
      userIds: targets.map((t) => t.id),
      provinceId: s.provinceId,
      unitId: s.orgUnitId,
      roundId: s.roundId,
      kind: action,
      title,
      titleEn,
      body: options.comment,
      link,
    });
    await sendMail({
      to: targets.map((t) => t.email).filter((e): e is string => !!e),
      subject: title,
      text: `${title}\n${options.comment ?? ""}\n${link}`,
      log: options.log,
    });
  } catch (err) {
    options.log?.warn({ err }, "notification failed");
  }
}

/**
 * Reminds every unit of a round that has not submitted: "before" until the deadline, "overdue" after.
 * A reminder of a kind is sent at most once a day per person (dedupe key).
 */
export async function remindRound(options: { db: Db; roundId: number; today: string; log?: TLog }) {
  const { db, roundId, today } = options;
  const round = await getRound(db, roundId);
  if (!round) return undefined;
  const kind: "before" | "overdue" = today <= round.deadline ? "before" : "overdue";
  const owing = await unitsOwing(db, roundId);
  let notifications = 0;
  let emails = 0;
  for (const u of owing) {
    const people = await usersAtUnits(db, { unitIds: [u.orgUnitId], roles: ["reporter"] });
    const title =
      kind === "before"
        ? `Nhắc nộp báo cáo ${round.name} (${periodLabel(round.period)}) trước hạn ${round.deadline}`
        : `Quá hạn nộp báo cáo ${round.name} (${periodLabel(round.period)}), hạn ${round.deadline}`;
    const titleEn =
      kind === "before"
        ? `Reminder: submit ${round.name} (${periodLabel(round.period, "en")}) by ${round.deadline}`
        : `Overdue: ${round.name} (${periodLabel(round.period, "en")}) was due ${round.deadline}`;
    const created = await notify(db, {
      userIds: people.map((p) => p.id),
      provinceId: u.provinceId,
      unitId: u.orgUnitId,
      roundId,
      kind: `remind_${kind}`,
      title,
      titleEn,
      link: "/collection/owed",
      dedupeKey: `remind:${roundId}:${kind}:${today}`,
    });
    notifications += created.length;
    const fresh = new Set(created.map((c) => c.userId));
    const to = people.filter((p) => fresh.has(p.id) && p.email).map((p) => p.email!);
    const sent = await sendMail({ to, subject: title, text: `${title}\n${u.name}`, log: options.log });
    if (sent > 0)
      await db.execute(sql`update notification set emailed_at = now()
        where round_id = ${roundId} and dedupe_key = ${`remind:${roundId}:${kind}:${today}`} and unit_id = ${u.orgUnitId}`);
    emails += sent;
  }
  return { kind, units: owing.length, notifications, emails };
}

/** Sends due reminders for every open round: from 3 days before the deadline, and daily when overdue. */
export async function remindDueRounds(options: { db: Db; today: string; log?: TLog }): Promise<number> {
  const due = await rows<{ id: number }>(
    options.db,
    sql`select id from reporting_round where status = 'open' and deadline - 3 <= ${options.today}::date`,
  );
  let n = 0;
  for (const r of due) n += (await remindRound({ ...options, roundId: r.id }))?.notifications ?? 0;
  return n;
}
