import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { getPlan, listPillars, listPlans } from "../../db/catalog.ts";
import { importAnnex, previewAnnex } from "../../db/designer/annex.ts";
import {
  addPlanDocument,
  createGroup,
  createPlan,
  createPlanVersion,
  getPlanDetail,
  getPlanDocument,
  listGroups,
  listPlanDetails,
  listPlanDocuments,
  retirePlan,
  updatePlan,
} from "../../db/designer/plans.ts";
import {
  createTarget,
  deleteTarget,
  listTargetDetails,
  planOfTarget,
  updateTarget,
} from "../../db/designer/targets.ts";
import { sniffUpload } from "../auth/uploads.ts";
import { notFound } from "../errors.ts";
import { ZIdParams, ZPage, ZPageQuery } from "../schemas.ts";
import { describeTable, readPastedAnnex, readXlsxAnnex } from "./annex-file.ts";
import { actorOf, designer, enableUploads, readUpload } from "./http.ts";
import {
  ZAnnexImportInput,
  ZAnnexPreview,
  ZAnnexPreviewInput,
  ZAnnexTable,
  ZPillar,
  ZPlan,
  ZPlanDetail,
  ZPlanGroup,
  ZPlanGroupInput,
  ZPlanInput,
  ZPlanPatch,
  ZPlanVersionInput,
  ZTargetDetail,
  ZTargetInput,
  ZTargetUpdate,
} from "./schemas.ts";

export { ZPillar, ZPlan, ZTarget } from "./schemas.ts";

const BIG_BODY = 8 * 1024 * 1024;

/** Plans, pillars, groups and targets: read (public, as before) and the secretariat's designer writes. */
export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  await enableUploads(app);
  const db = () => app.database.orm;
  const planOr404 = async (id: number) => {
    const plan = await getPlanDetail(db(), id);
    if (!plan) throw notFound({ vi: "kế hoạch", en: "Plan" }, "id");
    return plan;
  };

  app.get(
    "/plans",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "List plans (newest first), with whether each may still be edited",
        querystring: ZPageQuery.extend({ ownerUnitId: z.coerce.number().int().positive().optional() }),
        response: { 200: ZPage(ZPlanDetail.partial().extend(ZPlan.shape)) },
      },
    },
    async (req) => {
      const page = await listPlans(db(), req.query);
      const ids = page.items.map((p) => p.id);
      const details = ids.length
        ? await listPlanDetails(db(), sql`p.id = any(${`{${ids.join(",")}}`}::int[])`)
        : [];
      const byId = new Map(details.map((d) => [d.id, d]));
      return {
        ...page,
        items: page.items.map((p) => ({ ...byId.get(p.id), ...p })),
        limit: req.query.limit,
        offset: req.query.offset,
      };
    },
  );
  app.get(
    "/plans/:id",
    {
      config: { permission: "public" },
      schema: { tags: ["plans"], summary: "One plan", params: ZIdParams, response: { 200: ZPlanDetail } },
    },
    async (req) => planOr404(req.params.id),
  );
  app.get(
    "/plans/:id/targets",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Targets of a plan with yearly target values",
        params: ZIdParams,
        querystring: z.object({ pillarId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ items: z.array(ZTargetDetail) }) },
      },
    },
    async (req) => {
      const plan = await getPlan(db(), req.params.id);
      if (!plan) throw notFound({ vi: "kế hoạch", en: "Plan" }, "id");
      return {
        items: await listTargetDetails(db(), { planId: req.params.id, pillarId: req.query.pillarId }),
      };
    },
  );
  app.get(
    "/pillars",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Pillars and foundations",
        response: { 200: z.object({ items: z.array(ZPillar) }) },
      },
    },
    async () => ({ items: await listPillars(db()) }),
  );
  app.get(
    "/plans/:id/versions",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Every version of a plan (same owner and code), newest first",
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZPlanDetail) }) },
      },
    },
    async (req) => {
      const plan = await planOr404(req.params.id);
      return {
        items: await listPlanDetails(
          db(),
          sql`p.owner_unit_id = ${plan.ownerUnitId} and p.code = ${plan.code}`,
        ),
      };
    },
  );
  app.get(
    "/plans/:id/groups",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Groups of targets in a plan",
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZPlanGroup) }) },
      },
    },
    async (req) => {
      await planOr404(req.params.id);
      return { items: await listGroups(db(), req.params.id) };
    },
  );

  app.post(
    "/plans",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Create a plan with its legal basis",
        body: ZPlanInput,
        response: { 201: ZPlanDetail },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.ownerUnitId);
      const id = await designer(createPlan({ db: db(), who: actorOf(req), input: req.body }));
      return reply.code(201).send(await planOr404(id));
    },
  );
  app.patch(
    "/plans/:id",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Edit a plan (audited; version goes up; send the version you read)",
        params: ZIdParams,
        body: ZPlanPatch,
        response: { 200: ZPlanDetail },
      },
    },
    async (req) => {
      const plan = await planOr404(req.params.id);
      await req.requireUnit(plan.ownerUnitId);
      await designer(updatePlan({ db: db(), who: actorOf(req), planId: plan.id, patch: req.body }));
      return planOr404(plan.id);
    },
  );
  app.post(
    "/plans/:id/retire",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Retire a plan (kept read-only)",
        params: ZIdParams,
        body: z.object({ reason: z.string().trim().max(500).optional() }).optional(),
        response: { 200: ZPlanDetail },
      },
    },
    async (req) => {
      const plan = await planOr404(req.params.id);
      await req.requireUnit(plan.ownerUnitId);
      await designer(retirePlan({ db: db(), who: actorOf(req, req.body?.reason), planId: plan.id }));
      return planOr404(plan.id);
    },
  );
  app.post(
    "/plans/:id/versions",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Start a new version of a plan from this one (this one becomes read-only)",
        params: ZIdParams,
        body: ZPlanVersionInput,
        response: { 201: ZPlanDetail },
      },
    },
    async (req, reply) => {
      const plan = await planOr404(req.params.id);
      await req.requireUnit(plan.ownerUnitId);
      const id = await designer(
        createPlanVersion({ db: db(), who: actorOf(req), planId: plan.id, input: req.body }),
      );
      return reply.code(201).send(await planOr404(id));
    },
  );
  app.post(
    "/plans/:id/groups",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Add a group of targets",
        params: ZIdParams,
        body: ZPlanGroupInput,
        response: { 201: ZPlanGroup },
      },
    },
    async (req, reply) => {
      const plan = await planOr404(req.params.id);
      await req.requireUnit(plan.ownerUnitId);
      const id = await designer(
        createGroup({ db: db(), who: actorOf(req), planId: plan.id, input: req.body }),
      );
      const group = (await listGroups(db(), plan.id)).find((g) => g.id === id);
      return reply.code(201).send(group as NonNullable<typeof group>);
    },
  );
  app.post(
    "/plans/:id/targets",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Add a target with yearly values",
        params: ZIdParams,
        body: ZTargetInput,
        response: { 201: ZTargetDetail },
      },
    },
    async (req, reply) => {
      const plan = await planOr404(req.params.id);
      await req.requireUnit(plan.ownerUnitId);
      const id = await designer(
        createTarget({ db: db(), who: actorOf(req), planId: plan.id, input: req.body }),
      );
      const [t] = await listTargetDetails(db(), { planId: plan.id, where: sql`t.id = ${id}` });
      return reply.code(201).send(t);
    },
  );
  app.put(
    "/targets/:id",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Edit a target: fields left out are kept, null clears, values (when sent) replace all years",
        params: ZIdParams,
        body: ZTargetUpdate,
        response: { 200: ZTargetDetail },
      },
    },
    async (req) => {
      const planId = await designer(planOfTarget(db(), req.params.id));
      const plan = await planOr404(planId);
      await req.requireUnit(plan.ownerUnitId);
      await designer(updateTarget({ db: db(), who: actorOf(req), targetId: req.params.id, input: req.body }));
      const [t] = await listTargetDetails(db(), { planId, where: sql`t.id = ${req.params.id}` });
      return t;
    },
  );
  app.delete(
    "/targets/:id",
    {
      config: { permission: "plan.manage" },
      schema: { tags: ["plans"], summary: "Remove a target from a draft plan", params: ZIdParams },
    },
    async (req, reply) => {
      const planId = await designer(planOfTarget(db(), req.params.id));
      const plan = await planOr404(planId);
      await req.requireUnit(plan.ownerUnitId);
      await designer(deleteTarget({ db: db(), who: actorOf(req), targetId: req.params.id }));
      return reply.code(204).send();
    },
  );

  const ZDocument = z.object({
    id: z.number().int(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
  });
  app.get(
    "/plans/:id/documents",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Legal documents uploaded with a plan",
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZDocument) }) },
      },
    },
    async (req) => {
      await planOr404(req.params.id);
      return { items: await listPlanDocuments(db(), req.params.id) };
    },
  );
  app.post(
    "/plans/:id/documents",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Upload the decision or resolution (PDF, DOCX) of a plan",
        params: ZIdParams,
        consumes: ["multipart/form-data"],
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const plan = await planOr404(req.params.id);
      await req.requireUnit(plan.ownerUnitId);
      const file = await readUpload(req);
      const kind = await sniffUpload(file.buffer, ["pdf", "docx"]);
      const id = await designer(
        addPlanDocument({
          db: db(),
          who: actorOf(req),
          planId: plan.id,
          fileName: file.fileName.replace(/[\\/\r\n"]/g, "_").slice(0, 200),
          contentType: kind.mime,
          content: file.buffer,
        }),
      );
      return reply.code(201).send({ id });
    },
  );
  app.get(
    "/plans/:id/documents/:docId",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Download a plan's legal document",
        params: ZIdParams.extend({ docId: z.coerce.number().int().positive().max(2_147_483_647) }),
      },
    },
    async (req, reply) => {
      const doc = await getPlanDocument(db(), { planId: req.params.id, id: req.params.docId });
      if (!doc) throw notFound({ vi: "văn bản", en: "Document" }, "docId");
      return reply
        .header("content-type", doc.contentType)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
        .header("x-content-type-options", "nosniff")
        .send(doc.content);
    },
  );

  // Annex import: 1) read the table (upload XLSX/TSV or paste), 2) preview with the confirmed mapping, 3) create.
  app.post(
    "/plans/annex/upload",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary:
          "Read an annex file (XLSX, or tab-separated text): the table, its header and a guessed mapping",
        consumes: ["multipart/form-data"],
        response: { 200: ZAnnexTable },
      },
    },
    async (req) => {
      const file = await readUpload(req);
      const kind = await sniffUpload(file.buffer, ["xlsx", "txt", "csv"]);
      if (kind.kind === "xlsx") return describeTable(await readXlsxAnnex(file.buffer));
      return readPastedAnnex(file.buffer.toString("utf8"));
    },
  );
  app.post(
    "/plans/annex/paste",
    {
      config: { permission: "plan.manage" },
      bodyLimit: BIG_BODY,
      schema: {
        tags: ["plans"],
        summary: "Read a table pasted from Word or Excel (tab-separated)",
        body: z.object({ text: z.string().min(1).max(2_000_000) }),
        response: { 200: ZAnnexTable },
      },
    },
    async (req) => readPastedAnnex(req.body.text),
  );
  app.post(
    "/plans/annex/preview",
    {
      config: { permission: "plan.manage" },
      bodyLimit: BIG_BODY,
      schema: {
        tags: ["plans"],
        summary: "Preview the targets an annex gives with a column mapping (nothing is written)",
        body: ZAnnexPreviewInput,
        response: { 200: ZAnnexPreview },
      },
    },
    async (req) => {
      await req.requireUnit(req.body.ownerUnitId);
      return designer(previewAnnex(db(), req.body));
    },
  );
  app.post(
    "/plans/annex/import",
    {
      config: { permission: "plan.manage" },
      bodyLimit: BIG_BODY,
      schema: {
        tags: ["plans"],
        summary: "Create a plan from an annex: all targets or nothing (errors per row)",
        body: ZAnnexImportInput,
        response: {
          201: z.object({
            planId: z.number().int(),
            targets: z.number().int(),
            indicatorsCreated: z.number().int(),
          }),
        },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.plan.ownerUnitId);
      if (req.body.plan.ownerUnitId !== req.body.ownerUnitId) await req.requireUnit(req.body.ownerUnitId);
      const r = await designer(importAnnex({ db: db(), who: actorOf(req), input: req.body }));
      return reply.code(201).send(r);
    },
  );
};
