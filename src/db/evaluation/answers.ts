/**
 * Answers per criterion: the unit's self-assessment and the appraisers' decision side by side, each
 * with its points. Rows are updated in place; the audit triggers keep every earlier state (the trail).
 */
import { sql } from "drizzle-orm";
import type { TAnswer } from "../../core/evaluation/index.ts";
import { type Db, rows } from "../client.ts";

/** Appraisal decision on one criterion. */
export type TAppraisalState = "pending" | "accepted" | "adjusted" | "evidence_requested";

/** One stored answer. */
export interface TAnswerRow {
  id: number;
  participantId: number;
  unitId: number;
  criterionCode: string;
  selfAnswer: TAnswer | null;
  selfPoints: number | null;
  appraisal: TAppraisalState;
  appraisedAnswer: TAnswer | null;
  appraisedPoints: number | null;
  appraisalReason: string | null;
  appraisedBy: string | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/** Answers of the participants of a round (all, or of one unit). */
export function listAnswers(db: Db, q: { roundId: number; unitId?: number }): Promise<TAnswerRow[]> {
  const unit = q.unitId === undefined ? sql`true` : sql`p.unit_id = ${q.unitId}`;
  return rows<TAnswerRow>(
    db,
    sql`select a.id, a.participant_id as "participantId", p.unit_id as "unitId", a.criterion_code as "criterionCode",
        a.self_answer as "selfAnswer", a.self_points::float8 as "selfPoints", a.appraisal,
        a.appraised_answer as "appraisedAnswer", a.appraised_points::float8 as "appraisedPoints",
        a.appraisal_reason as "appraisalReason", a.appraised_by as "appraisedBy", a.version,
        a.updated_by as "updatedBy", to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "updatedAt"
      from eval_answer a join eval_participant p on p.id = a.participant_id
      where p.round_id = ${q.roundId} and ${unit} order by p.unit_id, a.id`,
  );
}

/**
 * Writes self-assessed answers of one participant (insert or replace, one statement). A changed
 * self-answer sends an "evidence requested" criterion back to the appraisers ("pending").
 */
export async function upsertSelfAnswers(
  db: Db,
  w: {
    provinceId: number;
    participantId: number;
    actor: string;
    items: Array<{ code: string; answer: TAnswer; points: number }>;
  },
): Promise<void> {
  if (w.items.length === 0) return;
  const payload = JSON.stringify(w.items.map((i) => ({ code: i.code, answer: i.answer, points: i.points })));
  await db.execute(sql`insert into eval_answer (province_id, participant_id, criterion_code, self_answer, self_points, updated_by)
    select ${w.provinceId}, ${w.participantId}, r.code, r.answer, r.points, ${w.actor}
    from jsonb_to_recordset(${payload}::jsonb) as r(code text, answer jsonb, points numeric)
    on conflict (participant_id, criterion_code) do update set self_answer = excluded.self_answer,
      self_points = excluded.self_points, updated_by = excluded.updated_by, updated_at = now(),
      version = eval_answer.version + 1,
      appraisal = case when eval_answer.appraisal = 'evidence_requested' then 'pending' else eval_answer.appraisal end
    where eval_answer.self_answer is distinct from excluded.self_answer
      or eval_answer.self_points is distinct from excluded.self_points`);
}

/** Recomputed self points of criteria whose answer did not change (indicator values move with the data). */
export async function refreshSelfPoints(
  db: Db,
  w: { participantId: number; points: Record<string, number> },
): Promise<void> {
  const payload = JSON.stringify(Object.entries(w.points).map(([code, points]) => ({ code, points })));
  await db.execute(sql`update eval_answer a set self_points = r.points
    from jsonb_to_recordset(${payload}::jsonb) as r(code text, points numeric)
    where a.participant_id = ${w.participantId} and a.criterion_code = r.code and a.self_points is distinct from r.points`);
}

/** One appraisal decision to store. */
export interface TAppraisalWrite {
  code: string;
  appraisal: Exclude<TAppraisalState, "pending">;
  answer: TAnswer | null;
  reason: string | null;
  /** Points of the criterion after the decision. */
  points: number;
}

/** Stores appraisal decisions of one participant (creating rows for criteria the unit left empty). */
export async function writeAppraisals(
  db: Db,
  w: { provinceId: number; participantId: number; actor: string; items: TAppraisalWrite[] },
): Promise<void> {
  if (w.items.length === 0) return;
  const payload = JSON.stringify(w.items);
  await db.execute(sql`insert into eval_answer (province_id, participant_id, criterion_code, appraisal, appraised_answer,
      appraised_points, appraisal_reason, appraised_by, updated_by)
    select ${w.provinceId}, ${w.participantId}, r.code, r.appraisal, r.answer, r.points, r.reason, ${w.actor}, ${w.actor}
    from jsonb_to_recordset(${payload}::jsonb) as r(code text, appraisal text, answer jsonb, reason text, points numeric)
    on conflict (participant_id, criterion_code) do update set appraisal = excluded.appraisal,
      appraised_answer = excluded.appraised_answer, appraised_points = excluded.appraised_points,
      appraisal_reason = excluded.appraisal_reason, appraised_by = excluded.appraised_by,
      updated_by = excluded.updated_by, updated_at = now(), version = eval_answer.version + 1`);
}

/** One change in the trail of a unit's answers (from the audit log). */
export interface TAnswerChange {
  at: string;
  actor: string;
  action: string;
  criterionCode: string;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Every audited change of the answers of one participant, oldest first. */
export function answerTrail(db: Db, participantId: number): Promise<TAnswerChange[]> {
  return rows<TAnswerChange>(
    db,
    sql`select to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, l.actor, l.action,
        coalesce(l.after ->> 'criterion_code', l.before ->> 'criterion_code') as "criterionCode", l.reason,
        l.before, l.after
      from audit_log l where l.table_name = 'eval_answer'
        and coalesce(l.after ->> 'participant_id', l.before ->> 'participant_id') = ${String(participantId)}
      order by l.id`,
  );
}
