/**
 * Appraiser assignment: who may be assigned (people whose roles appraise some participants) and the
 * assignment itself. An assigned appraiser excludes the other appraisers of that unit (see
 * ./assessment.ts), so the assignment is only accepted for people who can actually appraise every unit
 * given — otherwise a unit would be left with nobody but the secretariat able to appraise it.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { withActor } from "../../db/client.ts";
import { appraiserCandidates, appraiserPaths } from "../../db/evaluation/appraisers.ts";
import { assignAppraiser } from "../../db/evaluation/rounds.ts";
import { ROLE_NAMES, roleHas } from "../auth/permissions.ts";
import { badRequest } from "../errors.ts";
import { loadRound, roundPublished } from "./context.ts";
import { ZAppraiserAssign, ZAppraiserCandidate, ZEvalIdParams } from "./schemas.ts";

const APPRAISING_ROLES = ROLE_NAMES.filter((r) => roleHas(r, "index.appraise"));

/** Appraiser routes. */
export const appraiserRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.get(
    "/evaluation/rounds/:id/appraisers",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "People who may be assigned to appraise units of a round",
        params: ZEvalIdParams,
        response: { 200: z.object({ items: z.array(ZAppraiserCandidate) }) },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await req.requireUnit(ctx.round.provinceId);
      return { items: await appraiserCandidates(db(), { roundId: ctx.round.id, roles: APPRAISING_ROLES }) };
    },
  );

  app.put(
    "/evaluation/rounds/:id/appraisers",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Assign (or clear) the appraiser of units of a round",
        params: ZEvalIdParams,
        body: ZAppraiserAssign,
        response: { 200: z.object({ updated: z.number().int() }) },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await req.requireUnit(ctx.round.provinceId);
      if (ctx.round.status === "published") throw roundPublished();
      const { unitIds, userId } = req.body;
      const byUnit = new Map(ctx.participants.map((p) => [p.unitId, p]));
      const strangers = [...new Set(unitIds.filter((u) => !byUnit.has(u)))];
      if (strangers.length > 0) {
        throw badRequest({
          field: "unitIds",
          message: `Đơn vị không tham gia kỳ đánh giá này: ${strangers.join(", ")}.`,
          messageEn: `Units not taking part in this round: ${strangers.join(", ")}.`,
        });
      }
      if (userId !== null) {
        const paths = await appraiserPaths(db(), { userId, roles: APPRAISING_ROLES });
        if (paths === undefined) {
          throw badRequest({
            field: "userId",
            message: "Không tìm thấy người dùng đang hoạt động này.",
            messageEn: "No active user with this id.",
          });
        }
        const uncovered = unitIds
          .map((u) => byUnit.get(u)!)
          .filter((p) => !paths.some((path) => p.unitPath.startsWith(path)));
        if (uncovered.length > 0) {
          throw badRequest({
            field: "userId",
            message: `Người được phân công không có quyền thẩm định: ${uncovered.map((p) => p.unitName).join(", ")}.`,
            messageEn: `The assignee may not appraise: ${uncovered.map((p) => p.unitName).join(", ")}.`,
          });
        }
      }
      const updated = await withActor(db(), { actor: req.auth.actor, reason: "phân công thẩm định" }, (tx) =>
        assignAppraiser(tx, { roundId: ctx.round.id, unitIds, userId }),
      );
      return { updated };
    },
  );
};
