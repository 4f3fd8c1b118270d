import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  addAttachment,
  attachmentContent,
  getAttachment,
  listAttachments,
  retireAttachment,
} from "../../db/collection/attachments.ts";
import { getSubmission } from "../../db/collection/submissions.ts";
import { sniffUpload, type TUploadKind } from "../auth/uploads.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { ZIdParams } from "../schemas.ts";
import { ZAttachment } from "../submissions/schemas.ts";

/** Evidence kinds: PDF, images, office files. Never HTML, SVG or scripts. */
const EVIDENCE_KINDS: readonly TUploadKind[] = ["pdf", "png", "jpg", "webp", "xlsx", "docx", "csv", "txt"];
/** Largest evidence file (bytes): DXM_ATTACHMENT_MAX_MB, default 10 MB. */
export const ATTACHMENT_MAX_BYTES = Number(process.env.DXM_ATTACHMENT_MAX_MB ?? 10) * 1_048_576;
const ATTACHMENT = { vi: "tệp minh chứng", en: "Attachment" };

function safeName(name: string): string {
  const cleaned = [...name]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/"<>|:*?'.includes(ch) ? "_" : ch))
    .join("")
    .trim()
    .slice(0, 200);
  return cleaned || "tep";
}

/** Evidence attachments of submissions: upload (type sniffed from the bytes), list, download, retire. */
export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  const fileDir = process.env.DXM_ATTACHMENT_DIR || undefined;
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: ATTACHMENT_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    "/submissions/:id/attachments",
    {
      config: { permission: "data.write" },
      bodyLimit: ATTACHMENT_MAX_BYTES,
      schema: {
        tags: ["collection"],
        summary: "Attach an evidence file (raw body; name and optional indicator in the query)",
        params: ZIdParams,
        querystring: z.object({
          name: z.string().min(1).max(255),
          indicatorId: z.coerce.number().int().positive().optional(),
        }),
        response: { 201: ZAttachment },
      },
    },
    async (req, reply) => {
      const s = await getSubmission(db(), req.params.id);
      if (!s) throw notFound({ vi: "bản báo cáo", en: "Submission" }, "id");
      await req.requireUnit(s.orgUnitId, "data.write");
      if (s.state === "approved" || s.state === "locked")
        throw new AppError({
          status: 409,
          code: s.state,
          message: "Báo cáo đã duyệt hoặc khóa sổ: không thêm minh chứng được",
          messageEn: "The report is approved or locked: no new evidence",
          field: "state",
        });
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw badRequest({ field: "file", message: "Tệp rỗng", messageEn: "Empty file" });
      const sniffed = await sniffUpload(body, EVIDENCE_KINDS);
      const a = await addAttachment({
        db: db(),
        actor: req.auth.actor,
        provinceId: s.provinceId,
        submissionId: s.id,
        indicatorId: req.query.indicatorId,
        fileName: safeName(req.query.name),
        mime: sniffed.mime,
        content: body,
        fileDir,
      });
      reply.code(201);
      return a;
    },
  );

  app.get(
    "/submissions/:id/attachments",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Evidence files of a submission",
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZAttachment) }) },
      },
    },
    async (req) => {
      const s = await getSubmission(db(), req.params.id);
      if (!s) throw notFound({ vi: "bản báo cáo", en: "Submission" }, "id");
      await req.requireUnit(s.orgUnitId, "data.read");
      return { items: await listAttachments(db(), s.id) };
    },
  );

  app.get(
    "/attachments/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Download an evidence file (always as an attachment, never rendered)",
        params: ZIdParams,
      },
    },
    async (req, reply) => {
      const a = await getAttachment(db(), req.params.id);
      if (!a) throw notFound(ATTACHMENT, "id");
      const s = await getSubmission(db(), a.submissionId);
      await req.requireUnit(s!.orgUnitId, "data.read");
      const content = await attachmentContent(db(), { id: a.id, fileDir });
      if (!content) throw notFound(ATTACHMENT, "id");
      // The stored type was sniffed from the bytes; text is served as plain text so it can never run as a page.
      const type = a.mime.startsWith("text/") ? "text/plain; charset=utf-8" : a.mime;
      const ascii = a.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
      return reply
        .header("content-type", type)
        .header(
          "content-disposition",
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
        )
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cache-control", "private, no-store")
        .send(content);
    },
  );

  app.delete(
    "/attachments/:id",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["collection"],
        summary: "Retire an evidence file (kept in the database, hidden)",
        params: ZIdParams,
        response: { 200: z.object({ retired: z.boolean() }) },
      },
    },
    async (req) => {
      const a = await getAttachment(db(), req.params.id);
      if (!a) throw notFound(ATTACHMENT, "id");
      const s = await getSubmission(db(), a.submissionId);
      await req.requireUnit(s!.orgUnitId, "data.write");
      if (s!.state === "approved" || s!.state === "locked")
        throw new AppError({
          status: 409,
          code: s!.state,
          message: "Báo cáo đã duyệt hoặc khóa sổ",
          messageEn: "The report is approved or locked",
          field: "state",
        });
      return { retired: await retireAttachment({ db: db(), actor: req.auth.actor, id: a.id }) };
    },
  );
};
