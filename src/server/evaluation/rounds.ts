/**
 * Round routes: open a round for a year and unit group, list and read rounds (each caller sees the
 * rounds of their province or those their units take part in), change deadlines, publish (results are
 * frozen). Appraiser assignment is in ./appraisers.ts.
 */
import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ZFramework } from "../../core/evaluation/index.ts";
import { withActor } from "../../db/client.ts";
import { provinceOf } from "../../db/evaluation/frameworks.ts";
import {
  getRound,
  insertRound,
  listRounds,
  markPublished,
  type TParticipantRow,
  unitsOutsideProvince,
  updateRound,
} from "../../db/evaluation/rounds.ts";
import { computeScores, freezeResults } from "../../db/evaluation/scores.ts";
import { pathInScope, type TAuth, unitScopeSql } from "../auth/context.ts";
import { badRequest, conflict } from "../errors.ts";
import { loadFramework, loadRound, roundPublished, staleVersion } from "./context.ts";
import { ZEvalIdParams, ZRound, ZRoundCreate, ZRoundDetail, ZRoundQuery, ZRoundUpdate } from "./schemas.ts";

/** Participants the caller may see: all with read access to the province, else their own units. */
export function visibleParticipants(options: {
  auth: TAuth;
  provinceVisible: boolean;
  participants: TParticipantRow[];
}): TParticipantRow[] {
  if (options.provinceVisible) return options.participants;
  return options.participants.filter(
    (p) =>
      pathInScope(options.auth, "index.self_assess", p.unitPath) ||
      pathInScope(options.auth, "index.appraise", p.unitPath),
  );
}

const withoutPath = ({ unitPath: _path, ...p }: TParticipantRow) => p;

/** Round routes. */
export const roundRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.get(
    "/evaluation/rounds",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Evaluation rounds visible to the caller",
        querystring: ZRoundQuery,
        response: { 200: z.object({ items: z.array(ZRound) }) },
      },
    },
    async (req) => {
      const visible = sql`(${unitScopeSql(req.auth, "data.read", sql`r.province_id`)} or exists (
        select 1 from eval_participant vp where vp.round_id = r.id and ${unitScopeSql(req.auth, "data.read", sql`vp.unit_id`)}))`;
      return { items: await listRounds(db(), { ...req.query, visible }) };
    },
  );

  app.get(
    "/evaluation/rounds/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "A round with its participants",
        params: ZEvalIdParams,
        response: { 200: ZRoundDetail },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      const provinceVisible = await req.inScope(ctx.round.provinceId, "data.read");
      const items = visibleParticipants({ auth: req.auth, provinceVisible, participants: ctx.participants });
      if (!provinceVisible && items.length === 0) await req.requireUnit(ctx.round.provinceId);
      return { ...ctx.round, items: items.map(withoutPath) };
    },
  );

  app.post(
    "/evaluation/rounds",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Open an evaluation round for a year and unit group",
        body: ZRoundCreate,
        response: { 201: ZRoundDetail },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await req.requireUnit(b.provinceId);
      const f = await loadFramework(db(), b.frameworkId);
      if (f.status !== "active" || !ZFramework.safeParse(f.definition).success) {
        throw conflict({
          code: "framework_not_active",
          field: "frameworkId",
          message: "Chỉ mở kỳ đánh giá với bộ chỉ số đã ban hành (đang áp dụng).",
          messageEn: "A round needs an active (issued) framework.",
        });
      }
      if ((await provinceOf(db(), b.provinceId)) !== b.provinceId) {
        throw badRequest({
          field: "provinceId",
          message: "Phải là một tỉnh.",
          messageEn: "Must be a province.",
        });
      }
      if (b.appraisalDeadline && Date.parse(b.appraisalDeadline) < Date.parse(b.selfDeadline)) {
        throw badRequest({
          field: "appraisalDeadline",
          message: "Hạn thẩm định phải sau hạn tự đánh giá.",
          messageEn: "The appraisal deadline must follow the self-assessment deadline.",
        });
      }
      const outside = b.unitIds
        ? await unitsOutsideProvince(db(), { provinceId: b.provinceId, unitIds: b.unitIds })
        : [];
      if (outside.length > 0) {
        throw badRequest({
          field: "unitIds",
          message: `Đơn vị không thuộc tỉnh của kỳ đánh giá: ${outside.join(", ")}.`,
          messageEn: `Units outside the round's province: ${outside.join(", ")}.`,
        });
      }
      const groupName = {
        commune: "các xã, phường",
        agency: "các sở, ban, ngành",
        province: "các tỉnh",
        other: "",
      }[b.unitGroup];
      const created = await withActor(
        db(),
        { actor: req.auth.actor, reason: "mở kỳ đánh giá" },
        async (tx) => {
          const c = await insertRound(tx, {
            provinceId: b.provinceId,
            frameworkId: b.frameworkId,
            year: b.year,
            name: b.name ?? `Đánh giá ${f.name} năm ${b.year} ${groupName}`.trim(),
            unitGroup: b.unitGroup,
            selfDeadline: b.selfDeadline,
            appraisalDeadline: b.appraisalDeadline ?? null,
            unitIds: b.unitIds,
          });
          // Thrown inside the transaction so that an empty round is rolled back, not left behind.
          if (c.participants === 0) {
            throw badRequest({
              field: "unitIds",
              message: "Không có đơn vị nào tham gia kỳ đánh giá.",
              messageEn: "No unit takes part in the round.",
            });
          }
          return c;
        },
      );
      reply.code(201);
      const ctx = await loadRound(db(), created.id);
      return { ...ctx.round, items: ctx.participants.map(withoutPath) };
    },
  );

  app.patch(
    "/evaluation/rounds/:id",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Change a round's name or deadlines",
        params: ZEvalIdParams,
        body: ZRoundUpdate,
        response: { 200: ZRound },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await req.requireUnit(ctx.round.provinceId);
      if (ctx.round.status === "published") throw roundPublished();
      const self = req.body.selfDeadline ?? ctx.round.selfDeadline;
      const appraisal =
        req.body.appraisalDeadline === undefined ? ctx.round.appraisalDeadline : req.body.appraisalDeadline;
      if (appraisal && Date.parse(appraisal) < Date.parse(self)) {
        throw badRequest({
          field: "appraisalDeadline",
          message: "Hạn thẩm định phải sau hạn tự đánh giá.",
          messageEn: "The appraisal deadline must follow the self-assessment deadline.",
        });
      }
      const ok = await withActor(db(), { actor: req.auth.actor, reason: "sửa kỳ đánh giá" }, (tx) =>
        updateRound(tx, { id: ctx.round.id, ...req.body }),
      );
      if (!ok) throw staleVersion();
      return (await getRound(db(), ctx.round.id))!;
    },
  );

  app.post(
    "/evaluation/rounds/:id/publish",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Publish a round: results are frozen and the round becomes read-only",
        params: ZEvalIdParams,
        response: { 200: ZRound },
      },
    },
    async (req) => {
      const ctx = await loadRound(db(), req.params.id);
      await req.requireUnit(ctx.round.provinceId);
      if (ctx.round.status === "published") throw roundPublished();
      if (ctx.round.phase === "self_assessment") {
        throw conflict({
          code: "round_still_open",
          field: "selfDeadline",
          message: "Chưa hết hạn tự đánh giá, chưa thể công bố kết quả.",
          messageEn: "The self-assessment is still open; results cannot be published yet.",
        });
      }
      const scores = await computeScores(db(), {
        round: ctx.round,
        framework: ctx.framework,
        participants: ctx.participants,
      });
      await withActor(db(), { actor: req.auth.actor, reason: "công bố kết quả đánh giá" }, async (tx) => {
        await freezeResults(tx, { round: ctx.round, scores });
        await markPublished(tx, { id: ctx.round.id, actor: req.auth.actor });
      });
      return (await getRound(db(), ctx.round.id))!;
    },
  );
};
