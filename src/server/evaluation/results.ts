/**
 * Results routes: ranking overall, per top index and per pillar (competition ties), year-on-year change
 * against the previous published round of the same framework code, distribution, a unit's strengths
 * and weaknesses, rank sensitivity to the weights, and recognition levels. All figures come from the
 * core (rankUnits, compareYears, describeDistribution, strengthsAndWeaknesses, rankSensitivity,
 * evaluateRecognition); this file only gathers the inputs.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  compareYears,
  DEFAULT_COMMUNE_RECOGNITION_RULE,
  DEFAULT_PUBLISHED_DECIMALS,
  describeDistribution,
  effectiveWeight,
  evaluateRecognition,
  isWeighted,
  rankSensitivity,
  rankUnits,
  strengthsAndWeaknesses,
  type TChange,
  type TRankedValue,
  type TRecognitionRule,
  type TUnitIndexValues,
} from "../../core/evaluation/index.ts";
import type { Db } from "../../db/client.ts";
import { previousRound } from "../../db/evaluation/rounds.ts";
import { computeScores, frozenScores, type TUnitScores } from "../../db/evaluation/scores.ts";
import type { TAuth } from "../auth/context.ts";
import { conflict, notFound } from "../errors.ts";
import { loadRound, participantOf, type TRoundContext } from "./context.ts";
import {
  type TResults,
  ZEvalIdParams,
  ZRecognition,
  ZResults,
  ZRoundUnitParams,
  ZSensitivity,
  ZSensitivityQuery,
  ZUnitAnalysis,
} from "./schemas.ts";

/** Scores of every unit of a round: frozen when published, computed from the answers otherwise. */
export function roundScores(db: Db, ctx: TRoundContext): Promise<TUnitScores[]> {
  return ctx.round.status === "published"
    ? frozenScores(db, { round: ctx.round, participants: ctx.participants })
    : computeScores(db, { round: ctx.round, framework: ctx.framework, participants: ctx.participants });
}

/** Final index values of each unit (for ranking), keyed by the unit id as a string. */
export function indexValues(scores: readonly TUnitScores[]): TUnitIndexValues[] {
  return scores.map((s) => ({
    unitId: String(s.participant.unitId),
    unitName: s.participant.unitName,
    total: s.final.total.value,
    indices: Object.fromEntries(s.final.indices.map((i) => [i.code, i.value])),
  }));
}

/** Pillar values of each unit: Σ points / Σ max points of its top indices tagged with the pillar. */
export function pillarValues(scores: readonly TUnitScores[]): TUnitIndexValues[] {
  return scores.map((s) => {
    const sums = new Map<string, { points: number; max: number }>();
    for (const i of s.final.indices) {
      if (!i.pillar) continue;
      const acc = sums.get(i.pillar) ?? { points: 0, max: 0 };
      acc.points += i.points;
      acc.max += i.maxPoints;
      sums.set(i.pillar, acc);
    }
    const indices: Record<string, number | null> = {};
    for (const [p, v] of sums) indices[p] = v.max > 0 ? Math.round((v.points / v.max) * 1e10) / 1e10 : null;
    return { unitId: String(s.participant.unitId), total: s.final.total.value, indices };
  });
}

const ranked = (r: TRankedValue, c: TChange | undefined) => ({
  ...r,
  change: c?.change ?? null,
  rankChange: c?.rankChange ?? null,
});

/** Builds the results of a round (the table behind the results page). */
export async function buildResults(db: Db, ctx: TRoundContext): Promise<TResults> {
  const decimals = ctx.framework.publishedDecimals ?? DEFAULT_PUBLISHED_DECIMALS;
  const scores = await roundScores(db, ctx);
  const current = indexValues(scores);
  const ranking = rankUnits({ units: current, decimals });
  const pillarRanking = new Map(
    rankUnits({ units: pillarValues(scores), decimals }).map((r) => [r.unitId, r]),
  );
  const prev = await previousRound(db, ctx.round);
  let changes = new Map<string, ReturnType<typeof compareYears>[number]>();
  if (prev) {
    const prevCtx = await loadRound(db, prev.id);
    const prevScores = await roundScores(db, prevCtx);
    changes = new Map(
      compareYears({ current, previous: indexValues(prevScores), decimals }).map((c) => [c.unitId, c]),
    );
  }
  const byUnit = new Map(scores.map((s) => [String(s.participant.unitId), s]));
  const pillars = [
    ...new Set(ctx.framework.children.map((c) => c.pillar).filter((p): p is NonNullable<typeof p> => !!p)),
  ];
  return {
    round: ctx.round,
    previousRound: prev ?? null,
    published: ctx.round.status === "published",
    decimals,
    indices: ctx.framework.children.map((c) => ({
      code: c.code,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      maxPoints: c.maxPoints,
      pillar: c.pillar ?? null,
    })),
    pillars,
    rows: ranking.map((r) => {
      const s = byUnit.get(r.unitId)!;
      const ch = changes.get(r.unitId);
      const pr = pillarRanking.get(r.unitId);
      return {
        unitId: s.participant.unitId,
        unitName: s.participant.unitName,
        unitCode: s.participant.unitCode,
        publishedText: s.final.total.publishedText,
        selfValue: s.self.total.value,
        points: s.final.total.points,
        total: ranked(r.total, ch?.total),
        indices: Object.fromEntries(
          Object.entries(r.indices).map(([k, v]) => [k, ranked(v, ch?.indices[k])]),
        ),
        pillars: Object.fromEntries(
          Object.entries(pr?.indices ?? {}).map(([k, v]) => [k, ranked(v, undefined)]),
        ),
      };
    }),
    distribution: describeDistribution({ values: current.map((u) => u.total ?? null) }),
  };
}

/** The recognition rule of a round's framework (the default commune rule for commune frameworks). */
export function recognitionRuleOf(ctx: TRoundContext): TRecognitionRule | null {
  return (
    ctx.frameworkRow.recognitionRule ??
    (ctx.framework.scope === "commune" ? DEFAULT_COMMUNE_RECOGNITION_RULE : null)
  );
}

async function requireResultsAccess(options: {
  ctx: TRoundContext;
  inScope: (unitId: number, permission: "index.appraise") => Promise<boolean>;
}): Promise<void> {
  // Unpublished results are working figures: only appraisers and the secretariat see them.
  if (options.ctx.round.status === "published") return;
  if (!(await options.inScope(options.ctx.round.provinceId, "index.appraise"))) {
    throw conflict({
      code: "not_published",
      message: "Kết quả chưa được công bố.",
      messageEn: "The results are not published yet.",
    });
  }
}

/** Results routes. */
export const resultRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  const access = async (
    req: { inScope: (u: number, p: "index.appraise") => Promise<boolean>; auth: TAuth },
    ctx: TRoundContext,
  ) => requireResultsAccess({ ctx, inScope: (u, p) => req.inScope(u, p) });

  app.get(
    "/evaluation/rounds/:id/results",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Ranking (total, indices, pillars, with ties), year-on-year change and distribution",
        params: ZEvalIdParams,
        response: { 200: ZResults },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await access(req, ctx);
      return buildResults(db(), ctx);
    },
  );

  app.get(
    "/evaluation/rounds/:id/units/:unitId/analysis",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "A unit's index values, strengths and weaknesses",
        params: ZRoundUnitParams,
        response: { 200: ZUnitAnalysis },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      const participant = participantOf(ctx, req.params.unitId);
      if (!(await req.inScope(participant.unitId, "data.read"))) await access(req, ctx);
      const scores =
        ctx.round.status === "published"
          ? await frozenScores(db(), {
              round: ctx.round,
              participants: [participant],
              unitId: participant.unitId,
            })
          : await computeScores(db(), { ...ctx, participants: [participant], unitId: participant.unitId });
      const s = scores[0];
      if (!s) throw notFound({ vi: "kết quả của đơn vị", en: "Unit result" }, "unitId");
      const sw = strengthsAndWeaknesses({ score: s.final, level: "criteria", limit: 5 });
      return {
        unitId: participant.unitId,
        unitName: participant.unitName,
        total: s.final.total,
        indices: s.final.indices.map(({ explanation: _e, ...n }) => n),
        ...sw,
      };
    },
  );

  app.get(
    "/evaluation/rounds/:id/sensitivity",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Rank intervals under random ±p weight changes (Monte Carlo, seeded)",
        params: ZEvalIdParams,
        querystring: ZSensitivityQuery,
        response: { 200: ZSensitivity },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await access(req, ctx);
      const scores = await roundScores(db(), ctx);
      const tops = ctx.framework.children;
      const weighted = isWeighted(tops);
      const weights = Object.fromEntries(
        tops.map((t) => [t.code, weighted ? effectiveWeight(t) : t.maxPoints]),
      );
      const units = indexValues(scores);
      const names = new Map(scores.map((s) => [String(s.participant.unitId), s.participant.unitName]));
      const result = rankSensitivity({
        units,
        weights,
        seed: req.query.seed,
        runs: req.query.runs,
        perturbation: req.query.perturbation,
        decimals: ctx.framework.publishedDecimals ?? DEFAULT_PUBLISHED_DECIMALS,
      });
      return {
        ...result,
        units: result.units
          .map((u) => ({ ...u, unitName: names.get(u.unitId) ?? u.unitId }))
          .sort((a, b) => (a.baseRank ?? 1e9) - (b.baseRank ?? 1e9) || a.unitName.localeCompare(b.unitName)),
      };
    },
  );

  app.get(
    "/evaluation/rounds/:id/recognition",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Recognition level of every unit (e.g. commune “đạt CĐS” / “CĐS nâng cao”)",
        params: ZEvalIdParams,
        response: { 200: ZRecognition },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await access(req, ctx);
      const rule = recognitionRuleOf(ctx);
      if (!rule) {
        throw conflict({
          code: "no_recognition_rule",
          message: "Bộ chỉ số này chưa có quy tắc công nhận.",
          messageEn: "This framework has no recognition rule.",
        });
      }
      const scores = await roundScores(db(), ctx);
      const units = scores.map((s) => ({
        unitId: s.participant.unitId,
        unitName: s.participant.unitName,
        ...evaluateRecognition({ rule, scores: s.final }),
      }));
      const summary = { none: 0, basic: 0, advanced: 0 };
      for (const u of units) summary[u.level]++;
      return { round: ctx.round, rule, summary, units };
    },
  );
};
