/**
 * Report API: the review report of a plan × unit × period generated live (DOCX, PDF, XLSX annexes,
 * printable HTML, JSON model), and the sentence templates the secretariat edits.
 * Figures are not public (they include unapproved values): "data.read" within the caller's scope.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { buildReport } from "../../db/review/report.ts";
import { listTemplates, saveTemplate } from "../../db/review/templates.ts";
import { CONTENT_TYPES, renderFormat, reportFileName } from "./files.ts";
import { ZReportQuery, ZReportTemplate, ZTemplateUpdate } from "./schemas.ts";

/** GET /reports/review, GET /reports/templates, PUT /reports/templates/:key. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.get(
    "/reports/review",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["reports"],
        summary: "Review report (báo cáo sơ kết) of a plan × unit × period as DOCX, PDF, XLSX, HTML or JSON",
        querystring: ZReportQuery,
      },
    },
    async (req, reply) => {
      const q = req.query;
      await req.requireUnit(q.unitId);
      const built = await buildReport({
        db: db(),
        planId: q.planId,
        unitId: q.unitId,
        period: q.period,
        date: q.date,
        lang: q.lang,
      });
      if (q.format === "json") {
        return reply
          .type(CONTENT_TYPES.json)
          .send({ model: built.model, document: built.document, overview: built.overview });
      }
      const file = await renderFormat(built.document, q.format);
      reply.type(file.contentType).header("x-content-sha256", file.sha256);
      if (q.format !== "html") {
        reply.header(
          "content-disposition",
          `attachment; filename="${reportFileName({ period: built.overview.period, format: q.format })}"`,
        );
      }
      return reply.send(file.bytes);
    },
  );

  app.get(
    "/reports/templates",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["reports"],
        summary: "Sentence templates of the review report for a province (defaults with its edits)",
        querystring: z.object({ provinceId: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 200: z.object({ items: z.array(ZReportTemplate) }) },
      },
    },
    async (req) => {
      await req.requireUnit(req.query.provinceId);
      return { items: await listTemplates(db(), req.query.provinceId) };
    },
  );

  app.put(
    "/reports/templates/:key",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["reports"],
        summary:
          "Edit a sentence template (null body restores the default); unknown placeholders are refused",
        params: z.object({
          key: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
            .max(64),
        }),
        body: ZTemplateUpdate,
        response: { 200: z.object({ items: z.array(ZReportTemplate) }) },
      },
    },
    async (req) => {
      await req.requireUnit(req.body.provinceId);
      await saveTemplate(db(), {
        actor: { actor: req.auth.actor, reason: "sửa mẫu câu báo cáo" },
        provinceId: req.body.provinceId,
        key: req.params.key,
        body: req.body.body,
      });
      return { items: await listTemplates(db(), req.body.provinceId) };
    },
  );
};
