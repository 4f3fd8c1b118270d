/**
 * Scores of a round's units, computed by the core (`scoreUnit`) from the stored answers and the
 * indicator values: the self-assessed score (the unit's answers) and the final score (the appraisers'
 * adjusted answers where they adjusted, the unit's answers elsewhere). A published round reads the
 * scores frozen at publication instead, so later data corrections never change published results.
 */
import { sql } from "drizzle-orm";
import {
  listCriteria,
  scoreUnit,
  type TAnswer,
  type TAnswers,
  type TFramework,
  type TIndicatorValues,
  type TUnitScore,
} from "../../core/evaluation/index.ts";
import { type Db, rows } from "../client.ts";
import { listAnswers, type TAnswerRow } from "./answers.ts";
import { indicatorValuesFor } from "./indicators.ts";
import type { TParticipantRow, TRoundRow } from "./rounds.ts";

/** Both scores of one unit. */
export interface TUnitScores {
  participant: TParticipantRow;
  self: TUnitScore;
  final: TUnitScore;
  answers: TAnswerRow[];
  indicatorValues: TIndicatorValues;
}

/** Indicator codes the framework's `indicator` criteria read. */
export function indicatorCodes(framework: TFramework): string[] {
  const codes = new Set<string>();
  for (const c of listCriteria(framework))
    if (c.scoring.type === "indicator") codes.add(c.scoring.indicatorCode);
  return [...codes];
}

/** Splits stored rows into the self answers and the final (appraised where adjusted) answers. */
export function answerSets(rowsOfUnit: readonly TAnswerRow[]): { self: TAnswers; final: TAnswers } {
  const self: TAnswers = {};
  const final: TAnswers = {};
  for (const a of rowsOfUnit) {
    if (a.selfAnswer) self[a.criterionCode] = a.selfAnswer;
    const f: TAnswer | null = a.appraisal === "adjusted" ? a.appraisedAnswer : a.selfAnswer;
    if (f) final[a.criterionCode] = f;
  }
  return { self, final };
}

/** Computes both scores of the given participants (all of the round when omitted). */
export async function computeScores(
  db: Db,
  q: { round: TRoundRow; framework: TFramework; participants: TParticipantRow[]; unitId?: number },
): Promise<TUnitScores[]> {
  const participants =
    q.unitId === undefined ? q.participants : q.participants.filter((p) => p.unitId === q.unitId);
  const answers = await listAnswers(db, { roundId: q.round.id, unitId: q.unitId });
  const byUnit = new Map<number, TAnswerRow[]>();
  for (const a of answers) {
    const list = byUnit.get(a.unitId) ?? [];
    list.push(a);
    byUnit.set(a.unitId, list);
  }
  const values = await indicatorValuesFor(db, {
    unitIds: participants.map((p) => p.unitId),
    codes: indicatorCodes(q.framework),
    year: q.round.year,
  });
  return participants.map((p) => {
    const mine = byUnit.get(p.unitId) ?? [];
    const sets = answerSets(mine);
    const indicatorValues = values.get(p.unitId) ?? {};
    return {
      participant: p,
      answers: mine,
      indicatorValues,
      self: scoreUnit({ framework: q.framework, answers: sets.self, indicatorValues }),
      final: scoreUnit({ framework: q.framework, answers: sets.final, indicatorValues }),
    };
  });
}

/**
 * The self-assessed score without its per-criterion and per-node trails (a value-only explanation
 * instead): it is kept for its figures, while its trail is the frozen self answers themselves. This
 * halves what publication writes (≈ 45 kB per unit for the demo framework).
 */
export function slimScore(score: TUnitScore): TUnitScore {
  return {
    ...score,
    nodes: score.nodes.map((n) => ({
      ...n,
      explanation: { label: n.code, kind: "value", result: n.points },
    })),
    criteria: score.criteria.map((c) => ({
      ...c,
      explanation: { label: c.code, kind: "value", result: c.points },
    })),
  };
}

/** Freezes the scores of a round at publication (one row per unit). */
export async function freezeResults(db: Db, q: { round: TRoundRow; scores: TUnitScores[] }): Promise<void> {
  const payload = JSON.stringify(
    q.scores.map((s) => ({
      participant_id: s.participant.id,
      unit_id: s.participant.unitId,
      total_value: s.final.total.value,
      published_text: s.final.total.publishedText,
      self_total_value: s.self.total.value,
      score: s.final,
      self_score: slimScore(s.self),
    })),
  );
  await db.execute(sql`insert into eval_result (province_id, round_id, participant_id, unit_id, total_value,
      published_text, self_total_value, score, self_score)
    select ${q.round.provinceId}, ${q.round.id}, r.participant_id, r.unit_id, r.total_value, r.published_text,
      r.self_total_value, r.score, r.self_score
    from jsonb_to_recordset(${payload}::jsonb) as r(participant_id int, unit_id int, total_value numeric,
      published_text text, self_total_value numeric, score jsonb, self_score jsonb)`);
}

/** Frozen scores of a published round. */
export async function frozenScores(
  db: Db,
  q: { round: TRoundRow; participants: TParticipantRow[]; unitId?: number },
): Promise<TUnitScores[]> {
  const unit = q.unitId === undefined ? sql`true` : sql`unit_id = ${q.unitId}`;
  const frozen = await rows<{ unitId: number; score: TUnitScore; selfScore: TUnitScore | null }>(
    db,
    sql`select unit_id as "unitId", score, self_score as "selfScore" from eval_result
      where round_id = ${q.round.id} and ${unit}`,
  );
  const answers = await listAnswers(db, { roundId: q.round.id, unitId: q.unitId });
  const byUnit = new Map(frozen.map((f) => [f.unitId, f]));
  return q.participants
    .filter((p) => byUnit.has(p.unitId))
    .map((p) => {
      const f = byUnit.get(p.unitId)!;
      return {
        participant: p,
        answers: answers.filter((a) => a.unitId === p.unitId),
        indicatorValues: {},
        self: f.selfScore ?? f.score,
        final: f.score,
      };
    });
}
