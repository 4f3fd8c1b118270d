/**
 * Progress API: the dashboard of a plan × unit × period, a target's series, rankings of child units
 * and explanation trails.
 *
 * Permission: "data.read" within the caller's unit scope (request.requireUnit). Figures include
 * submitted (not yet approved) values, so they are not public; the public transparency pages will
 * read published snapshots instead.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  explainTarget,
  getProgressOverview,
  getTargetDetail,
  rankByIndicators,
  rankByStatus,
} from "../../db/progress.ts";
import { ZIdParams } from "../schemas.ts";
import {
  ZExplainQuery,
  ZOverviewQuery,
  ZProgressExplain,
  ZProgressOverview,
  ZRanking,
  ZRankingQuery,
  ZTargetDetail,
  ZTargetDetailQuery,
} from "./schemas.ts";

/** GET /progress/overview, /progress/targets/:id, /progress/rankings, /progress/explain. */
export const progressRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/progress/overview",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["progress"],
        summary: "Dashboard of a plan for a unit and period: X/Y targets achieved, per pillar, every target",
        querystring: ZOverviewQuery,
        response: { 200: ZProgressOverview },
      },
    },
    async (req) => {
      await req.requireUnit(req.query.unitId);
      return getProgressOverview({ db: app.database.orm, ...req.query });
    },
  );

  app.get(
    "/progress/targets/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["progress"],
        summary: "A target over periods with target line, benchmark, forecast and breakdown by child units",
        params: ZIdParams,
        querystring: ZTargetDetailQuery,
        response: { 200: ZTargetDetail },
      },
    },
    async (req) => {
      await req.requireUnit(req.query.unitId);
      return getTargetDetail({ db: app.database.orm, targetId: req.params.id, ...req.query });
    },
  );

  app.get(
    "/progress/rankings",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["progress"],
        summary:
          "Ranking of the children of a unit on an indicator or on a plan's targets achieved (ties shared)",
        querystring: ZRankingQuery,
        response: { 200: ZRanking },
      },
    },
    async (req) => {
      const q = req.query;
      await req.requireUnit(q.parentUnitId);
      if (q.statusOf !== undefined)
        return rankByStatus({
          db: app.database.orm,
          planId: q.statusOf,
          parentUnitId: q.parentUnitId,
          period: q.period,
        });
      return rankByIndicators({
        db: app.database.orm,
        parentUnitId: q.parentUnitId,
        period: q.period,
        components: [{ indicatorId: q.indicatorId! }],
      });
    },
  );

  app.get(
    "/progress/explain",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["progress"],
        summary:
          "How a target's figure and status were computed: inputs by unit and period, rule, formula, rounding",
        querystring: ZExplainQuery,
        response: { 200: ZProgressExplain },
      },
    },
    async (req) => {
      await req.requireUnit(req.query.unitId);
      return explainTarget({ db: app.database.orm, ...req.query });
    },
  );
};
