import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { unitPath } from "../../db/auth.ts";
import { one } from "../../db/client.ts";
import { listAttachments } from "../../db/collection/attachments.ts";
import { loadFormFields } from "../../db/collection/forms.ts";
import { unitWorkflowHistory, valueHistory } from "../../db/collection/history.ts";
import {
  currentApprover,
  getSubmission,
  listSubmissions,
  openSubmission,
  saveSubmission,
  submissionView,
  type TSubmissionRow,
  type TWorkflowAction,
  transitionSubmission,
} from "../../db/collection/submissions.ts";
import { unitScopeSql } from "../auth/context.ts";
import { forbidden } from "../auth/plugin.ts";
import { AppError, badRequest, conflict, notFound } from "../errors.ts";
import { notifyStep } from "../notifications/notify.ts";
import { ZIdParams } from "../schemas.ts";
import {
  buildTemplate,
  issuesToRows,
  loadWorkbook,
  parseTemplate,
  rowsByIndicator,
  validateParsed,
  XLSX_MIME,
} from "./excel.ts";
import {
  ZImportResult,
  ZOpenBody,
  ZPushBody,
  ZSaveBody,
  ZSaveResult,
  ZStepBody,
  ZStepResult,
  ZSubmission,
  ZSubmissionView,
  ZValueChange,
} from "./schemas.ts";

const SUBMISSION = { vi: "bản báo cáo", en: "Submission" };

async function loadOr404(req: FastifyRequest, id: number): Promise<TSubmissionRow> {
  const s = await getSubmission(req.server.database.orm, id);
  if (!s) throw notFound(SUBMISSION, "id");
  return s;
}

/** The unit whose permission a workflow step needs, and which permission. */
function stepGate(s: TSubmissionRow, action: TWorkflowAction) {
  if (action === "submit") return { unitId: s.orgUnitId, permission: "data.write" as const };
  if (action === "return" || action === "approve")
    return { unitId: currentApprover(s), permission: "data.review" as const };
  return {
    unitId: s.approvalChain[s.approvalChain.length - 1] ?? s.provinceId,
    permission: "round.manage" as const,
  };
}

/**
 * Whether the caller reviews at the submission's current step. On a chain (district, then province)
 * `data.review` over the current approver is not enough: a province reviewer's scope covers the district
 * too. Before the last step the caller must hold it through a grant that does not also cover the next
 * approver, so the province acts only after the district.
 */
async function reviewTurn(
  req: FastifyRequest,
  s: TSubmissionRow,
): Promise<"yes" | "out_of_scope" | "later_step"> {
  const db = req.server.database.orm;
  const approverPath = await unitPath(db, currentApprover(s));
  const grants =
    approverPath === undefined
      ? []
      : req.auth.grants.filter(
          (g) => g.permissions.includes("data.review") && approverPath.startsWith(g.path),
        );
  if (grants.length === 0) return "out_of_scope";
  const next = s.state === "submitted" ? s.approvalChain[s.reviewStep + 1] : undefined;
  if (next === undefined) return "yes";
  const nextPath = await unitPath(db, next);
  return nextPath !== undefined && grants.every((g) => nextPath.startsWith(g.path)) ? "later_step" : "yes";
}

/** Refuses a return or approval by someone who is not the reviewer of the current step. */
async function requireReviewTurn(req: FastifyRequest, s: TSubmissionRow): Promise<void> {
  const turn = await reviewTurn(req, s);
  if (turn === "out_of_scope") await req.requireUnit(currentApprover(s), "data.review");
  if (turn !== "later_step") return;
  const unit = await one<{ name: string }>(
    req.server.database.orm,
    sql`select coalesce(full_name, name) as name from org_unit where id = ${currentApprover(s)}`,
  );
  const name = unit?.name ?? String(currentApprover(s));
  const step = `${s.reviewStep + 1}/${s.approvalChain.length}`;
  throw conflict({
    code: "awaiting_district",
    field: "reviewStep",
    message: `Báo cáo đang chờ ${name} duyệt trước (bước ${step}); cấp trên chỉ duyệt hoặc trả lại sau khi ${name} đã duyệt.`,
    messageEn: `${name} must approve it first (step ${step}); the next level can approve or return it only after that.`,
    details: { reviewStep: s.reviewStep, approverUnitId: currentApprover(s) },
  });
}

/** Reporting and review of one unit × form × period: entry, save, workflow, Excel in and out, history. */
export const submissionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  app.addContentTypeParser(
    [XLSX_MIME, "application/octet-stream"],
    { parseAs: "buffer", bodyLimit: 10 * 1_048_576 },
    (_req, body, done) => done(null, body),
  );

  const view = async (req: FastifyRequest, id: number) => {
    const v = await submissionView(db(), id);
    const s = v.submission;
    return {
      ...v,
      attachments: await listAttachments(db(), id),
      can: {
        edit:
          (s.state === "draft" || s.state === "returned") && (await req.inScope(s.orgUnitId, "data.write")),
        review: s.state === "submitted" && (await reviewTurn(req, s)) === "yes",
        manage: await req.inScope(
          s.approvalChain[s.approvalChain.length - 1] ?? s.provinceId,
          "round.manage",
        ),
      },
    };
  };

  app.post(
    "/submissions/open",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["collection"],
        summary: "Open (create if missing) the submission of a unit × form × period",
        body: ZOpenBody,
        response: { 200: ZSubmissionView },
      },
    },
    async (req) => {
      await req.requireUnit(req.body.orgUnitId, "data.write");
      const s = await openSubmission({ db: db(), actor: req.auth.actor, ...req.body });
      return view(req, s.id);
    },
  );

  app.get(
    "/submissions",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Submissions in scope (the reviewer's queue with state=submitted)",
        querystring: z.object({
          roundId: z.coerce.number().int().positive().optional(),
          state: z.enum(["draft", "submitted", "returned", "approved", "locked"]).optional(),
          period: z.string().max(10).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.object({ items: z.array(ZSubmission) }) },
      },
    },
    async (req) => ({
      items: await listSubmissions(db(), {
        ...req.query,
        scope: unitScopeSql(req.auth, "data.read", sql`s.org_unit_id`),
      }),
    }),
  );

  app.get(
    "/submissions/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "A submission with form, figures, narrative, attachments and history",
        params: ZIdParams,
        response: { 200: ZSubmissionView },
      },
    },
    async (req) => {
      const s = await loadOr404(req, req.params.id);
      await req.requireUnit(s.orgUnitId, "data.read");
      return view(req, s.id);
    },
  );

  app.put(
    "/submissions/:id/values",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["collection"],
        summary: "Save figures and narrative (autosave); refused with 409 when the version is stale",
        params: ZIdParams,
        body: ZSaveBody,
        response: { 200: ZSaveResult },
      },
    },
    async (req) => {
      const s = await loadOr404(req, req.params.id);
      await req.requireUnit(s.orgUnitId, "data.write");
      return saveSubmission({ db: db(), actor: req.auth.actor, submissionId: s.id, ...req.body });
    },
  );

  for (const action of ["submit", "return", "approve", "lock", "reopen"] as const) {
    app.post(
      `/submissions/:id/${action}`,
      {
        config: {
          permission:
            action === "submit"
              ? "data.write"
              : action === "return" || action === "approve"
                ? "data.review"
                : "round.manage",
        },
        schema: {
          tags: ["collection"],
          summary: `Workflow step: ${action}`,
          params: ZIdParams,
          body: ZStepBody,
          response: { 200: ZStepResult },
        },
      },
      async (req) => {
        const s = await loadOr404(req, req.params.id);
        const gate = stepGate(s, action);
        if (gate.permission === "data.review") await requireReviewTurn(req, s);
        else await req.requireUnit(gate.unitId, gate.permission);
        const r = await transitionSubmission({
          db: db(),
          actor: req.auth.actor,
          submissionId: s.id,
          version: req.body.version,
          action,
          comment: req.body.comment,
        });
        await notifyStep({
          db: db(),
          submission: s,
          action,
          result: r,
          comment: req.body.comment,
          log: req.log,
        });
        return r;
      },
    );
  }

  app.get(
    "/submissions/:id/history",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Audit trail of the submission's figures (who, when, old, new, why)",
        params: ZIdParams,
        querystring: z.object({ indicatorId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ changes: z.array(ZValueChange) }) },
      },
    },
    async (req) => {
      const s = await loadOr404(req, req.params.id);
      await req.requireUnit(s.orgUnitId, "data.read");
      return {
        changes: await valueHistory(db(), {
          provinceId: s.provinceId,
          orgUnitId: s.orgUnitId,
          period: s.period,
          indicatorId: req.query.indicatorId,
        }),
      };
    },
  );

  app.get(
    "/units/:id/collection-history",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Audit trail of a unit: every figure change and every workflow step",
        params: ZIdParams,
        querystring: z.object({
          indicatorId: z.coerce.number().int().positive().optional(),
          period: z.string().max(10).optional(),
        }),
        response: {
          200: z.object({
            changes: z.array(ZValueChange),
            steps: z.array(
              z.object({
                submissionId: z.number().int(),
                period: z.string(),
                formName: z.string(),
                at: z.string(),
                actor: z.string(),
                action: z.string(),
                fromState: z.string().nullable(),
                toState: z.string().nullable(),
                comment: z.string().nullable(),
                version: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      await req.requireUnit(req.params.id, "data.read");
      const unit = await one<{ provinceId: number }>(
        db(),
        sql`select coalesce(province_id, id) as "provinceId" from org_unit where id = ${req.params.id}`,
      );
      return {
        changes: await valueHistory(db(), {
          provinceId: unit!.provinceId,
          orgUnitId: req.params.id,
          ...req.query,
        }),
        steps: await unitWorkflowHistory(db(), { orgUnitId: req.params.id }),
      };
    },
  );

  app.get(
    "/submissions/:id/template.xlsx",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Pre-filled Excel template for offline entry",
        params: ZIdParams,
      },
    },
    async (req, reply) => {
      const s = await loadOr404(req, req.params.id);
      await req.requireUnit(s.orgUnitId, "data.read");
      const buf = await buildTemplate(await submissionView(db(), s.id));
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", `attachment; filename="bieu-mau-${s.id}-${s.period}.xlsx"`)
        .header("x-content-type-options", "nosniff")
        .send(buf);
    },
  );

  app.post(
    "/submissions/:id/import",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["collection"],
        summary:
          "Upload a filled template: every row validated; all accepted, or a per-row error list and nothing written",
        params: ZIdParams,
        consumes: [XLSX_MIME],
        response: { 200: ZImportResult, 400: ZImportResult },
      },
    },
    async (req, reply) => {
      const s = await loadOr404(req, req.params.id);
      await req.requireUnit(s.orgUnitId, "data.write");
      if (!Buffer.isBuffer(req.body))
        throw badRequest({ field: "file", message: "Hãy gửi tệp .xlsx", messageEn: "Send an .xlsx file" });
      const fields = await loadFormFields(db(), s.dataSetId);
      const wb = await loadWorkbook(req.body);
      const fail = (errors: z.infer<typeof ZImportResult>["errors"]) =>
        reply.code(400).send({ ok: false, submissions: 0, values: 0, changed: 0, errors });
      if ("row" in wb) return fail([wb]);
      const parsed = parseTemplate(wb, fields);
      if (parsed.submissionId !== null && parsed.submissionId !== s.id)
        return fail([
          {
            row: 3,
            field: "file",
            message: `Tệp này là biểu mẫu của bản báo cáo khác (${parsed.submissionId})`,
            messageEn: `This file belongs to another submission (${parsed.submissionId})`,
          },
        ]);
      if (parsed.errors.length > 0) return fail(parsed.errors);
      const issues = validateParsed({ fields, values: parsed.values });
      if (issues.length > 0)
        return fail(issuesToRows({ issues, rows: rowsByIndicator(wb, fields), sheet: "Bieu mau" }));
      try {
        const r = await saveSubmission({
          db: db(),
          actor: req.auth.actor,
          submissionId: s.id,
          version: parsed.version ?? s.version,
          values: parsed.values,
          narrative: parsed.narrative,
          action: "import",
          reason: "nhập từ tệp Excel",
        });
        return { ok: true, submissions: 1, values: parsed.values.length, changed: r.changed, errors: [] };
      } catch (e) {
        if (e instanceof AppError && e.code === "validation") {
          const details = e.details as { errors: Parameters<typeof issuesToRows>[0]["issues"] };
          return fail(
            issuesToRows({ issues: details.errors, rows: rowsByIndicator(wb, fields), sheet: "Bieu mau" }),
          );
        }
        throw e;
      }
    },
  );

  app.post(
    "/submissions/push",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["collection"],
        summary: "Machine feed: push figures by indicator code (API keys scoped to a unit and indicators)",
        body: ZPushBody,
        response: { 200: ZSaveResult.extend({ submissionId: z.number().int() }) },
      },
    },
    async (req) => {
      const unitId = req.body.orgUnitId ?? (req.auth.apiKeyId ? req.auth.roles[0]?.unitId : undefined);
      if (!unitId)
        throw badRequest({ field: "orgUnitId", message: "Thiếu đơn vị", messageEn: "orgUnitId is required" });
      await req.requireUnit(unitId, "data.write");
      const allowed = req.auth.indicatorCodes;
      const fields = await loadFormFields(db(), req.body.dataSetId);
      if (fields.length === 0) throw notFound({ vi: "biểu mẫu", en: "Form" }, "dataSetId");
      const byCode = new Map(fields.map((f) => [f.code, f]));
      const values = req.body.values.map((v, i) => {
        const f = byCode.get(v.indicatorCode);
        if (!f)
          throw badRequest({
            field: `values.${i}.indicatorCode`,
            message: `Mã chỉ tiêu ${v.indicatorCode} không thuộc biểu mẫu`,
            messageEn: `Indicator ${v.indicatorCode} is not in the form`,
          });
        if (allowed && !allowed.includes(v.indicatorCode))
          throw forbidden("indicator_scope", {
            vi: `Khóa API không được phép ghi chỉ tiêu ${v.indicatorCode}`,
            en: `This API key may not write indicator ${v.indicatorCode}`,
          });
        return {
          indicatorId: f.indicatorId,
          numerator: v.numerator,
          denominator: v.denominator,
          value: v.value,
          comment: v.comment,
        };
      });
      const s = await openSubmission({
        db: db(),
        actor: req.auth.actor,
        dataSetId: req.body.dataSetId,
        orgUnitId: unitId,
        period: req.body.period,
      });
      const r = await saveSubmission({
        db: db(),
        actor: req.auth.actor,
        submissionId: s.id,
        head: s,
        fields,
        version: req.body.version,
        values,
        action: "import",
        reason: req.auth.apiKeyId ? "nguồn dữ liệu tự động" : undefined,
        submit: req.body.submit,
      });
      return { ...r, submissionId: s.id };
    },
  );
};
