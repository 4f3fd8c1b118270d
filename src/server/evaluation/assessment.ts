/**
 * Self-assessment and appraisal routes. The lock is checked on every write against the database clock:
 * before the self-assessment deadline a unit may change any answer; after it only the criteria the
 * appraisers asked evidence for; after publication nothing. Appraisers decide criterion by criterion:
 * accept, adjust (with the reason) or request evidence (with the reason). Both values are kept.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listCriteria, scoreUnit, type TAnswer, type TAnswers } from "../../core/evaluation/index.ts";
import type { Db } from "../../db/client.ts";
import { withActor } from "../../db/client.ts";
import {
  answerTrail,
  refreshSelfPoints,
  upsertSelfAnswers,
  writeAppraisals,
} from "../../db/evaluation/answers.ts";
import { getParticipant, setParticipantStatus, type TParticipantRow } from "../../db/evaluation/rounds.ts";
import { answerSets, computeScores } from "../../db/evaluation/scores.ts";
import { forbidden } from "../auth/plugin.ts";
import { badRequest, conflict } from "../errors.ts";
import { loadRound, participantOf, roundLocked, roundPublished, type TRoundContext } from "./context.ts";
import {
  type TAssessment,
  ZAppraisalWrite,
  ZAssessment,
  ZRoundUnitParams,
  ZSelfAssessmentWrite,
  ZTrailEntry,
} from "./schemas.ts";

const withoutPath = ({ unitPath: _path, ...p }: TParticipantRow) => p;

/** Builds the assessment view of one unit. */
export async function assessmentOf(options: {
  db: Db;
  ctx: TRoundContext;
  unitId: number;
  canAppraise: boolean;
}): Promise<TAssessment> {
  const { db, ctx, unitId } = options;
  const participant = (await getParticipant(db, { roundId: ctx.round.id, unitId }))!;
  const [s] = await computeScores(db, { ...ctx, participants: [participant], unitId });
  const byCode = new Map(s.answers.map((a) => [a.criterionCode, a]));
  const finalByCode = new Map(s.final.criteria.map((c) => [c.code, c]));
  // Self points come from the self score: indicator criteria earn points without a stored answer.
  const selfByCode = new Map(s.self.criteria.map((c) => [c.code, c.points]));
  const criteria = listCriteria(ctx.framework);
  const published = ctx.round.phase === "published";
  const editableCodes = published
    ? []
    : ctx.round.phase === "self_assessment"
      ? criteria.map((c) => c.code)
      : s.answers.filter((a) => a.appraisal === "evidence_requested").map((a) => a.criterionCode);
  return {
    round: ctx.round,
    participant: withoutPath(participant),
    framework: ctx.framework,
    selfEditable: editableCodes.length > 0,
    editableCodes,
    appraisable:
      options.canAppraise &&
      !published &&
      (ctx.round.phase === "appraisal" ||
        participant.status === "submitted" ||
        participant.status === "appraised"),
    items: criteria.map((c) => {
      const a = byCode.get(c.code);
      const indicatorValue =
        c.scoring.type === "indicator" ? (s.indicatorValues[c.scoring.indicatorCode] ?? null) : null;
      return {
        code: c.code,
        selfAnswer: a?.selfAnswer ?? null,
        selfPoints: selfByCode.get(c.code) ?? a?.selfPoints ?? null,
        appraisal: a?.appraisal ?? "pending",
        appraisedAnswer: a?.appraisedAnswer ?? null,
        appraisalReason: a?.appraisalReason ?? null,
        appraisedBy: a?.appraisedBy ?? null,
        finalPoints: finalByCode.get(c.code)?.points ?? 0,
        indicatorValue,
        version: a?.version ?? 0,
        updatedAt: a?.updatedAt ?? null,
      };
    }),
    selfScore: { total: s.self.total, indices: s.self.indices },
    finalScore: { total: s.final.total, indices: s.final.indices },
    criteria: s.final.criteria.map((c) => ({
      code: c.code,
      flags: c.flags,
      points: c.points,
      maxPoints: c.maxPoints,
    })),
  };
}

function unknownCode(options: { codes: readonly string[]; known: Set<string>; field: string }): void {
  const { codes, known, field } = options;
  const bad = codes.find((c) => !known.has(c));
  if (bad !== undefined) {
    throw badRequest({
      field: `${field}.${bad}`,
      code: "unknown_criterion",
      message: `Không có tiêu chí "${bad}" trong bộ chỉ số.`,
      messageEn: `No criterion "${bad}" in the framework.`,
    });
  }
}

/** Self-assessment and appraisal routes. */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.get(
    "/evaluation/rounds/:id/units/:unitId",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "A unit's assessment: answers, appraisal, self-assessed and final scores",
        params: ZRoundUnitParams,
        response: { 200: ZAssessment },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      participantOf(ctx, req.params.unitId);
      await req.requireUnit(req.params.unitId);
      const canAppraise = await req.inScope(req.params.unitId, "index.appraise");
      return assessmentOf({ db: db(), ctx, unitId: req.params.unitId, canAppraise });
    },
  );

  app.put(
    "/evaluation/rounds/:id/units/:unitId/answers",
    {
      config: { permission: "index.self_assess" },
      schema: {
        tags: ["evaluation"],
        summary: "Save the unit's self-assessment (refused after the deadline), optionally submit it",
        params: ZRoundUnitParams,
        body: ZSelfAssessmentWrite,
        response: { 200: ZAssessment },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      const participant = participantOf(ctx, req.params.unitId);
      await req.requireUnit(req.params.unitId);
      if (ctx.round.phase === "published") throw roundPublished();
      const criteria = listCriteria(ctx.framework);
      const codes = Object.keys(req.body.answers);
      unknownCode({ codes, known: new Set(criteria.map((c) => c.code)), field: "answers" });
      const [current] = await computeScores(db(), {
        ...ctx,
        participants: [participant],
        unitId: participant.unitId,
      });
      if (ctx.round.phase !== "self_assessment") {
        // After the deadline a unit may only answer the appraisers' requests for evidence.
        const open = new Set(
          current.answers.filter((a) => a.appraisal === "evidence_requested").map((a) => a.criterionCode),
        );
        if (open.size === 0 || codes.some((c) => !open.has(c)) || req.body.submit)
          throw roundLocked(ctx.round);
      }
      const merged: TAnswers = { ...answerSets(current.answers).self, ...req.body.answers };
      const score = scoreUnit({
        framework: ctx.framework,
        answers: merged,
        indicatorValues: current.indicatorValues,
      });
      const points = new Map(score.criteria.map((c) => [c.code, c.points]));
      await withActor(
        db(),
        { actor: req.auth.actor, reason: req.body.submit ? "gửi tự đánh giá" : "tự đánh giá" },
        async (tx) => {
          await upsertSelfAnswers(tx, {
            provinceId: ctx.round.provinceId,
            participantId: participant.id,
            actor: req.auth.actor,
            items: codes.map((code) => ({
              code,
              answer: req.body.answers[code],
              points: points.get(code) ?? 0,
            })),
          });
          // Indicator criteria move with the data: keep the stored self points of the other answers current.
          await refreshSelfPoints(tx, {
            participantId: participant.id,
            points: Object.fromEntries(
              Object.keys(merged)
                .filter((c) => points.has(c))
                .map((c) => [c, points.get(c)!]),
            ),
          });
          const next = req.body.submit
            ? "submitted"
            : participant.status === "not_started"
              ? "draft"
              : participant.status;
          if (next !== participant.status)
            await setParticipantStatus(tx, { id: participant.id, status: next });
        },
      );
      const canAppraise = await req.inScope(req.params.unitId, "index.appraise");
      return assessmentOf({ db: db(), ctx, unitId: participant.unitId, canAppraise });
    },
  );

  app.put(
    "/evaluation/rounds/:id/units/:unitId/appraisal",
    {
      config: { permission: "index.appraise" },
      schema: {
        tags: ["evaluation"],
        summary: "Appraise criteria: accept, adjust (with reason) or request evidence (with reason)",
        params: ZRoundUnitParams,
        body: ZAppraisalWrite,
        response: { 200: ZAssessment },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      const participant = participantOf(ctx, req.params.unitId);
      await req.requireUnit(req.params.unitId);
      if (ctx.round.phase === "published") throw roundPublished();
      if (
        participant.appraiserUserId !== null &&
        participant.appraiserUserId !== req.auth.userId &&
        !(await req.inScope(participant.unitId, "index.manage"))
      ) {
        throw forbidden("not_assigned_appraiser", {
          vi: `Đơn vị này được phân công cho cán bộ thẩm định khác (${participant.appraiserName ?? ""}).`,
          en: "This unit is assigned to another appraiser.",
        });
      }
      if (
        ctx.round.phase === "self_assessment" &&
        participant.status !== "submitted" &&
        participant.status !== "appraised"
      ) {
        throw conflict({
          code: "not_submitted",
          message: "Đơn vị chưa gửi kết quả tự đánh giá và chưa hết hạn tự đánh giá.",
          messageEn: "The unit has not submitted its self-assessment and the deadline has not passed.",
        });
      }
      const criteria = listCriteria(ctx.framework);
      const items = req.body.items;
      unknownCode({
        codes: items.map((i) => i.code),
        known: new Set(criteria.map((c) => c.code)),
        field: "items",
      });
      items.forEach((i, k) => {
        if (i.action !== "accept" && !i.reason?.trim()) {
          throw badRequest({
            field: `items.${k}.reason`,
            message: "Cần nêu lý do khi điều chỉnh điểm hoặc yêu cầu bổ sung minh chứng.",
            messageEn: "A reason is required to adjust a score or request evidence.",
          });
        }
        if (i.action === "adjust" && !i.answer) {
          throw badRequest({
            field: `items.${k}.answer`,
            message: "Cần nhập kết quả thẩm định khi điều chỉnh.",
            messageEn: "An adjustment needs the appraised answer.",
          });
        }
      });
      const [current] = await computeScores(db(), {
        ...ctx,
        participants: [participant],
        unitId: participant.unitId,
      });
      const sets = answerSets(current.answers);
      const final: TAnswers = { ...sets.final };
      for (const i of items) {
        const self: TAnswer | undefined = sets.self[i.code];
        if (i.action === "adjust") final[i.code] = i.answer!;
        else if (self) final[i.code] = self;
        else delete final[i.code];
      }
      const score = scoreUnit({
        framework: ctx.framework,
        answers: final,
        indicatorValues: current.indicatorValues,
      });
      const points = new Map(score.criteria.map((c) => [c.code, c.points]));
      const reason =
        items
          .map((i) => i.reason)
          .filter(Boolean)
          .join("; ") || "thẩm định";
      await withActor(db(), { actor: req.auth.actor, reason }, async (tx) => {
        await writeAppraisals(tx, {
          provinceId: ctx.round.provinceId,
          participantId: participant.id,
          actor: req.auth.actor,
          items: items.map((i) => ({
            code: i.code,
            appraisal:
              i.action === "accept" ? "accepted" : i.action === "adjust" ? "adjusted" : "evidence_requested",
            answer: i.action === "adjust" ? i.answer! : null,
            reason: i.reason?.trim() || null,
            points: points.get(i.code) ?? 0,
          })),
        });
        const decided = new Map(current.answers.map((a) => [a.criterionCode, a.appraisal as string]));
        for (const i of items) decided.set(i.code, i.action);
        const done = criteria.every((c) =>
          ["accepted", "adjusted", "accept", "adjust"].includes(decided.get(c.code) ?? ""),
        );
        const next = done
          ? "appraised"
          : participant.status === "appraised"
            ? "submitted"
            : participant.status;
        if (next !== participant.status) await setParticipantStatus(tx, { id: participant.id, status: next });
      });
      return assessmentOf({ db: db(), ctx, unitId: participant.unitId, canAppraise: true });
    },
  );

  app.get(
    "/evaluation/rounds/:id/units/:unitId/trail",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Every change of a unit's answers and appraisal (who, when, before, after, why)",
        params: ZRoundUnitParams,
        response: { 200: z.object({ items: z.array(ZTrailEntry) }) },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      const participant = participantOf(ctx, req.params.unitId);
      await req.requireUnit(req.params.unitId);
      const trail = await answerTrail(db(), participant.id);
      const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      return {
        items: trail.map((t) => ({
          at: t.at,
          actor: t.actor,
          action: t.action,
          criterionCode: t.criterionCode,
          reason: t.reason,
          selfAnswer: t.after?.self_answer ?? null,
          selfPoints: num(t.after?.self_points),
          appraisal: (t.after?.appraisal as string | undefined) ?? null,
          appraisedAnswer: t.after?.appraised_answer ?? null,
          appraisedPoints: num(t.after?.appraised_points),
        })),
      };
    },
  );
};
