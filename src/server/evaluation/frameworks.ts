/**
 * Framework routes: templates, create from a template or a definition, edit a draft (ZFrameworkShape),
 * activate (ZFramework: points must add up), retire, recognition rule, and the composite of published
 * index values (e.g. the ministry's DTI table).
 */
import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  checkFramework,
  compositeFromIndexValues,
  createLocalFramework,
  DEFAULT_COMMUNE_RECOGNITION_RULE,
  FRAMEWORK_TEMPLATES,
  listCriteria,
  type TFramework,
  validateFramework,
  ZFramework,
  ZRecognitionRule,
} from "../../core/evaluation/index.ts";
import { one, withActor } from "../../db/client.ts";
import {
  insertFramework,
  listFrameworks,
  setFrameworkStatus,
  setRecognitionRule,
  type TFrameworkRow,
  updateFramework,
} from "../../db/evaluation/frameworks.ts";
import { badRequest, conflict } from "../errors.ts";
import { frameworkSummary, loadFramework, staleVersion } from "./context.ts";
import {
  ZCompositeRequest,
  ZCompositeResponse,
  ZEvalIdParams,
  ZFrameworkCreate,
  ZFrameworkDetail,
  ZFrameworkSummary,
  ZFrameworkUpdate,
  ZTemplate,
} from "./schemas.ts";

const LOCAL_TEMPLATES = ["local-commune", "local-department"] as const;

function detail(f: TFrameworkRow) {
  return {
    ...frameworkSummary(f),
    definition: f.definition,
    recognitionRule: f.recognitionRule,
    issues: checkFramework(f.definition),
    criteria: listCriteria(f.definition).length,
  };
}

/** Parses a draft definition or answers 400 listing the shape errors. */
function parseDraft(input: unknown): TFramework {
  const v = validateFramework(input);
  if (!v.framework) {
    throw badRequest({
      field: "definition",
      code: "invalid_framework",
      message: `Bộ chỉ số sai cấu trúc: ${v.shapeErrors.slice(0, 5).join("; ")}`,
      messageEn: `The framework has a wrong shape: ${v.shapeErrors.slice(0, 5).join("; ")}`,
    });
  }
  return v.framework;
}

function fromTemplate(body: z.infer<typeof ZFrameworkCreate>, provinceName: string): TFramework {
  const id = body.templateId!;
  const shipped = FRAMEWORK_TEMPLATES.find((t) => t.id === id);
  if (shipped) {
    return {
      ...structuredClone(shipped.framework),
      ...(body.code ? { code: body.code } : {}),
      ...(body.version ? { version: body.version } : {}),
      status: "draft",
    };
  }
  if ((LOCAL_TEMPLATES as readonly string[]).includes(id)) {
    if (!body.code || !body.version || !body.legalBasis) {
      throw badRequest({
        field: body.code ? (body.version ? "legalBasis" : "version") : "code",
        message: "Bộ chỉ số của tỉnh cần mã, phiên bản và căn cứ pháp lý (số, cơ quan ban hành, ngày).",
        messageEn: "A provincial framework needs a code, a version and a legal basis (number, issuer, date).",
      });
    }
    return createLocalFramework({
      scope: id === "local-commune" ? "commune" : "department",
      code: body.code,
      version: body.version,
      provinceName,
      legalBasis: body.legalBasis,
    });
  }
  throw badRequest({
    field: "templateId",
    message: `Không có mẫu "${id}".`,
    messageEn: `No template "${id}".`,
  });
}

/** Framework routes. */
export const frameworkRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.get(
    "/evaluation/templates",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Framework templates",
        response: { 200: z.object({ items: z.array(ZTemplate) }) },
      },
    },
    async () => ({
      items: [
        ...FRAMEWORK_TEMPLATES.map((t) => ({
          id: t.id,
          nameVi: t.framework.nameVi,
          nameEn: t.framework.nameEn,
          scope: t.framework.scope,
          legalBasis: `${t.framework.legalBasis.number} (${t.framework.legalBasis.date})`,
          illustrative: t.framework.illustrative ?? false,
        })),
        {
          id: "local-commune",
          nameVi: "Bộ tiêu chí chuyển đổi số cấp xã (trống)",
          nameEn: "Commune DX criteria (empty)",
          scope: "commune",
          legalBasis: "",
          illustrative: false,
        },
        {
          id: "local-department",
          nameVi: "Bộ chỉ số chuyển đổi số các sở, ban, ngành (trống)",
          nameEn: "Department DX index (empty)",
          scope: "department",
          legalBasis: "",
          illustrative: false,
        },
      ],
    }),
  );

  app.get(
    "/evaluation/frameworks",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Framework versions",
        querystring: z.object({
          ownerUnitId: z.coerce.number().int().positive().optional(),
          code: z.string().optional(),
        }),
        response: { 200: z.object({ items: z.array(ZFrameworkSummary) }) },
      },
    },
    async (req) => ({ items: (await listFrameworks(db(), req.query)).map(frameworkSummary) }),
  );

  app.get(
    "/evaluation/frameworks/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "One framework version",
        params: ZEvalIdParams,
        response: { 200: ZFrameworkDetail },
      },
    },
    async (req) => detail(await loadFramework(db(), req.params.id)),
  );

  app.post(
    "/evaluation/frameworks",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Create a framework version from a template or a definition (a draft)",
        body: ZFrameworkCreate,
        response: { 201: ZFrameworkDetail },
      },
    },
    async (req, reply) => {
      const body = req.body;
      await req.requireUnit(body.ownerUnitId);
      const unit = await one<{ name: string }>(
        db(),
        sql`select name from org_unit where id = ${body.ownerUnitId}`,
      );
      const provinceName = unit?.name ?? "";
      const definition =
        body.definition !== undefined ? parseDraft(body.definition) : fromTemplate(body, provinceName);
      definition.status = "draft";
      const rule = definition.scope === "commune" ? DEFAULT_COMMUNE_RECOGNITION_RULE : null;
      const id = await withActor(db(), { actor: req.auth.actor, reason: "tạo bộ chỉ số" }, (tx) =>
        insertFramework(tx, {
          ownerUnitId: body.ownerUnitId,
          definition,
          templateId: body.templateId ?? null,
          recognitionRule: rule,
          actor: req.auth.actor,
        }),
      );
      reply.code(201);
      return detail(await loadFramework(db(), id));
    },
  );

  app.put(
    "/evaluation/frameworks/:id",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Save a draft framework (shape checked; points may not add up yet)",
        params: ZEvalIdParams,
        body: ZFrameworkUpdate,
        response: { 200: ZFrameworkDetail },
      },
    },
    async (req) => {
      const f = await loadFramework(db(), req.params.id);
      await req.requireUnit(f.ownerUnitId);
      if (f.status !== "draft") {
        throw conflict({
          code: "framework_not_draft",
          field: "status",
          message:
            "Chỉ sửa được bộ chỉ số ở trạng thái dự thảo; hãy tạo phiên bản mới theo căn cứ pháp lý mới.",
          messageEn: "Only a draft framework can be edited; create a new version for a new legal basis.",
        });
      }
      const definition = { ...parseDraft(req.body.definition), status: "draft" as const };
      const ok = await withActor(db(), { actor: req.auth.actor, reason: "sửa bộ chỉ số" }, (tx) =>
        updateFramework(tx, { id: f.id, rowVersion: req.body.rowVersion, definition }),
      );
      if (!ok) throw staleVersion();
      return detail(await loadFramework(db(), f.id));
    },
  );

  app.post(
    "/evaluation/frameworks/:id/activate",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Activate a framework (every consistency rule must hold)",
        params: ZEvalIdParams,
        response: { 200: ZFrameworkDetail },
      },
    },
    async (req) => {
      const f = await loadFramework(db(), req.params.id);
      await req.requireUnit(f.ownerUnitId);
      const parsed = ZFramework.safeParse(f.definition);
      if (!parsed.success) {
        const errors = checkFramework(f.definition).filter((i) => i.severity === "error");
        throw badRequest({
          field: "definition",
          code: "framework_inconsistent",
          message: `Bộ chỉ số chưa nhất quán (${errors.length} lỗi), ví dụ: ${errors[0]?.nodeCode ?? ""}: tổng điểm các chỉ số con phải bằng điểm của chỉ số cha.`,
          messageEn: `The framework is not consistent (${errors.length} errors), e.g. ${errors[0]?.nodeCode ?? ""}: ${errors[0]?.message ?? ""}`,
        });
      }
      if (listCriteria(f.definition).length === 0) {
        throw badRequest({
          field: "definition",
          code: "framework_empty",
          message: "Bộ chỉ số chưa có tiêu chí nào.",
          messageEn: "The framework has no criteria yet.",
        });
      }
      await withActor(db(), { actor: req.auth.actor, reason: "ban hành bộ chỉ số" }, (tx) =>
        setFrameworkStatus(tx, { id: f.id, status: "active" }),
      );
      return detail(await loadFramework(db(), f.id));
    },
  );

  app.post(
    "/evaluation/frameworks/:id/retire",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Retire a framework version",
        params: ZEvalIdParams,
        response: { 200: ZFrameworkDetail },
      },
    },
    async (req) => {
      const f = await loadFramework(db(), req.params.id);
      await req.requireUnit(f.ownerUnitId);
      await withActor(db(), { actor: req.auth.actor, reason: "thôi áp dụng bộ chỉ số" }, (tx) =>
        setFrameworkStatus(tx, { id: f.id, status: "retired" }),
      );
      return detail(await loadFramework(db(), f.id));
    },
  );

  app.put(
    "/evaluation/frameworks/:id/recognition-rule",
    {
      config: { permission: "index.manage" },
      schema: {
        tags: ["evaluation"],
        summary: "Set the recognition rule (basic / advanced) of a framework",
        params: ZEvalIdParams,
        body: z.object({ rule: ZRecognitionRule.nullable() }),
        response: { 200: ZFrameworkDetail },
      },
    },
    async (req) => {
      const f = await loadFramework(db(), req.params.id);
      await req.requireUnit(f.ownerUnitId);
      await withActor(db(), { actor: req.auth.actor, reason: "sửa quy tắc công nhận" }, (tx) =>
        setRecognitionRule(tx, { id: f.id, rule: req.body.rule }),
      );
      return detail(await loadFramework(db(), f.id));
    },
  );

  app.post(
    "/evaluation/frameworks/:id/composite",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["evaluation"],
        summary: "Composite of index values: Σ(value × max points) / total, e.g. a province's DTI",
        params: ZEvalIdParams,
        body: ZCompositeRequest,
        response: { 200: ZCompositeResponse },
      },
    },
    async (req) => {
      const f = await loadFramework(db(), req.params.id);
      const known = new Set(f.definition.children.map((c) => c.code));
      const unknown = Object.keys(req.body.values).find((c) => !known.has(c));
      if (unknown !== undefined) {
        throw badRequest({
          field: `values.${unknown}`,
          message: `Không có chỉ số chính "${unknown}" trong bộ chỉ số.`,
          messageEn: `No top index "${unknown}" in the framework.`,
        });
      }
      return compositeFromIndexValues({ framework: f.definition, values: req.body.values });
    },
  );
};
