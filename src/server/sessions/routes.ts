/**
 * Review sessions API: create and edit sessions (date, chair, participants, bridge points, agenda),
 * record conclusions, freeze the figures and generated report into a snapshot, download the frozen
 * files and compare the snapshot with today's figures.
 */
import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { diffModels } from "../../core/narrative/index.ts";
import { one, withActor } from "../../db/client.ts";
import { buildReport, todayIso } from "../../db/review/report.ts";
import {
  addConclusion,
  createSession,
  getSession,
  listSessions,
  previousSessionId,
  SESSION,
  updateSession,
} from "../../db/review/sessions.ts";
import { alreadyFrozen, freezeSnapshot, getSnapshot, getSnapshotFile } from "../../db/review/snapshot.ts";
import { unitScopeSql } from "../auth/context.ts";
import { badRequest, notFound } from "../errors.ts";
import { CONTENT_TYPES, renderAll, renderFormat, reportFileName } from "../reports/files.ts";
import { ZIdParams, ZIsoDate, ZPage } from "../schemas.ts";
import {
  ZConclusion,
  ZSession,
  ZSessionDetail,
  ZSessionInput,
  ZSessionListQuery,
  ZSessionPatch,
  ZSnapshotDiff,
} from "./schemas.ts";

/** /sessions … */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  /** The session, after checking the caller may act on its unit with the route's permission. */
  const load = async (
    req: { requireUnit(unitId: number, permission?: "data.read" | "session.manage"): Promise<void> },
    id: number,
    permission: "data.read" | "session.manage" = "data.read",
  ) => {
    const s = await getSession(db(), id);
    if (!s) throw notFound(SESSION, "id");
    await req.requireUnit(s.unitId, permission);
    return s;
  };

  app.get(
    "/sessions",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["sessions"],
        summary: "Review sessions in the caller's scope, newest first",
        querystring: ZSessionListQuery,
        response: { 200: ZPage(ZSession) },
      },
    },
    async (req) => {
      const r = await listSessions(db(), {
        scope: unitScopeSql(req.auth, "data.read", sql`s.unit_id`),
        provinceId: req.query.provinceId,
        limit: req.query.limit,
        offset: req.query.offset,
      });
      return { ...r, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.post(
    "/sessions",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["sessions"],
        summary: "Create a review session (hội nghị sơ kết / tổng kết)",
        body: ZSessionInput,
        response: { 201: ZSessionDetail },
      },
    },
    async (req, reply) => {
      const input = req.body;
      await req.requireUnit(input.unitId);
      const unit = await one<{ province_id: number }>(
        db(),
        sql`select coalesce(province_id, id) as province_id from org_unit where id = ${input.unitId}`,
      );
      const plan = await one<{ id: number }>(db(), sql`select id from plan where id = ${input.planId}`);
      if (!plan) throw notFound({ vi: "kế hoạch", en: "Plan" }, "planId");
      for (const [i, b] of input.bridgePoints.entries()) {
        if (b.unitId !== null) {
          const u = await one<{ id: number }>(db(), sql`select id from org_unit where id = ${b.unitId}`);
          if (!u) {
            throw badRequest({
              field: `bridgePoints.${i}.unitId`,
              message: `Không có đơn vị ${b.unitId}`,
              messageEn: `No unit ${b.unitId}`,
            });
          }
        }
      }
      const id = await withActor(db(), { actor: req.auth.actor, reason: "tạo hội nghị sơ kết" }, (tx) =>
        createSession(tx, { input, provinceId: unit!.province_id, actor: req.auth.actor }),
      );
      reply.code(201);
      return (await getSession(db(), id))!;
    },
  );

  app.get(
    "/sessions/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["sessions"],
        summary: "One session with its conclusions and snapshot",
        params: ZIdParams,
        response: { 200: ZSessionDetail },
      },
    },
    async (req) => load(req, req.params.id),
  );

  app.patch(
    "/sessions/:id",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["sessions"],
        summary: "Edit a session (version required); a frozen session keeps its plan and period",
        params: ZIdParams,
        body: ZSessionPatch,
        response: { 200: ZSessionDetail },
      },
    },
    async (req) => {
      await load(req, req.params.id, "session.manage");
      await withActor(db(), { actor: req.auth.actor, reason: "sửa hội nghị" }, (tx) =>
        updateSession(tx, { id: req.params.id, patch: req.body }),
      );
      return (await getSession(db(), req.params.id))!;
    },
  );

  app.post(
    "/sessions/:id/conclusions",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["sessions"],
        summary: "Record a conclusion of the session",
        params: ZIdParams,
        body: z.object({ body: z.string().trim().min(1).max(5000) }),
        response: { 201: ZConclusion },
      },
    },
    async (req, reply) => {
      const s = await load(req, req.params.id, "session.manage");
      await withActor(db(), { actor: req.auth.actor, reason: "ghi kết luận hội nghị" }, (tx) =>
        addConclusion(tx, {
          sessionId: s.id,
          provinceId: s.provinceId,
          body: req.body.body,
          actor: req.auth.actor,
        }),
      );
      const all = (await getSession(db(), s.id))!.conclusions;
      reply.code(201);
      return all[all.length - 1];
    },
  );

  app.post(
    "/sessions/:id/snapshot",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["sessions"],
        summary:
          "Freeze the figures and the generated report (DOCX, PDF, XLSX, HTML) into the session's snapshot",
        params: ZIdParams,
        body: z.object({ date: ZIsoDate.optional() }).default({}),
        response: { 201: ZSessionDetail },
      },
    },
    async (req, reply) => {
      const s = await load(req, req.params.id, "session.manage");
      // Answer before the (slow) generation; freezeSnapshot checks again under a lock.
      if (s.snapshot) throw alreadyFrozen();
      const built = await buildReport({
        db: db(),
        planId: s.planId,
        unitId: s.unitId,
        period: s.period,
        date: req.body.date ?? s.heldOn,
        settings: s.reportSettings,
        previousSessionId: await previousSessionId(db(), s.id),
      });
      const files = await renderAll(built.document);
      await withActor(db(), { actor: req.auth.actor, reason: "chốt số liệu hội nghị" }, (tx) =>
        freezeSnapshot(tx, {
          sessionId: s.id,
          provinceId: s.provinceId,
          actor: req.auth.actor,
          overview: built.overview,
          model: built.model,
          document: built.document,
          files,
        }),
      );
      reply.code(201);
      return (await getSession(db(), s.id))!;
    },
  );

  app.get(
    "/sessions/:id/snapshot",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["sessions"],
        summary: "The frozen snapshot as JSON (overview, report model, document, file hashes)",
        params: ZIdParams,
        querystring: z.object({ download: z.enum(["1", "0"]).optional() }),
      },
    },
    async (req, reply) => {
      const s = await load(req, req.params.id);
      const snap = await getSnapshot(db(), s.id);
      if (!snap) throw notFound({ vi: "ảnh chụp số liệu của hội nghị", en: "Snapshot of the session" }, "id");
      reply.type(CONTENT_TYPES.json);
      if (req.query.download === "1") {
        reply.header(
          "content-disposition",
          `attachment; filename="${reportFileName({ period: s.period, format: "json", suffix: `hoi-nghi-${s.id}` })}"`,
        );
      }
      return reply.send(JSON.stringify({ session: { id: s.id, title: s.title, heldOn: s.heldOn }, ...snap }));
    },
  );

  app.get(
    "/sessions/:id/report/:format",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["sessions"],
        summary:
          "The session's report: the frozen file when the figures are frozen, otherwise a live preview (x-report-source)",
        params: ZIdParams.extend({ format: z.enum(["docx", "pdf", "xlsx", "html"]) }),
      },
    },
    async (req, reply) => {
      const s = await load(req, req.params.id);
      const format = req.params.format;
      const name = reportFileName({ period: s.period, format, suffix: `hoi-nghi-${s.id}` });
      const frozen = await getSnapshotFile(db(), { sessionId: s.id, format });
      if (format !== "html") reply.header("content-disposition", `attachment; filename="${name}"`);
      if (frozen) {
        return reply
          .type(CONTENT_TYPES[format])
          .header("x-report-source", "snapshot")
          .header("x-content-sha256", frozen.sha256)
          .send(frozen.bytes);
      }
      const built = await buildReport({
        db: db(),
        planId: s.planId,
        unitId: s.unitId,
        period: s.period,
        date: s.heldOn,
        settings: s.reportSettings,
        previousSessionId: await previousSessionId(db(), s.id),
      });
      const file = await renderFormat(built.document, format, {
        banner: "Bản xem trước: số liệu chưa được chốt cho hội nghị này. / Preview: figures not yet frozen.",
      });
      return reply
        .type(file.contentType)
        .header("x-report-source", "live")
        .header("x-content-sha256", file.sha256)
        .send(file.bytes);
    },
  );

  app.get(
    "/sessions/:id/diff",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["sessions"],
        summary: "What changed between the figures frozen at the session and today's",
        params: ZIdParams,
        response: { 200: ZSnapshotDiff },
      },
    },
    async (req) => {
      const s = await load(req, req.params.id);
      const snap = await getSnapshot(db(), s.id);
      if (!snap) throw notFound({ vi: "ảnh chụp số liệu của hội nghị", en: "Snapshot of the session" }, "id");
      const now = await buildReport({
        db: db(),
        planId: s.planId,
        unitId: s.unitId,
        period: s.period,
        date: todayIso(),
        settings: s.reportSettings,
      });
      return {
        sessionId: s.id,
        takenAt: snap.takenAt,
        comparedAt: new Date().toISOString(),
        ...diffModels(snap.model, now.model),
      };
    },
  );
};
