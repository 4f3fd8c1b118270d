import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { getIndicator, listIndicators } from "../../db/catalog.ts";
import {
  checkIndicatorFormula,
  createIndicator,
  deleteIndicator,
  getIndicatorDetail,
  indicatorVersions,
  setIndicatorStatus,
  updateIndicator,
} from "../../db/designer/indicators.ts";
import { ensureNation } from "../../db/units.ts";
import { notFound } from "../errors.ts";
import { actorOf, designer } from "../plans/http.ts";
import { ZIdParams, ZPage, ZPageQuery } from "../schemas.ts";
import {
  ZFormulaCheck,
  ZFormulaCheckInput,
  ZIndicator,
  ZIndicatorDetail,
  ZIndicatorInput,
  ZIndicatorVersion,
} from "./schemas.ts";

export { ZIndicator } from "./schemas.ts";

/** Indicator catalogue: read (public, as before), formula check, and the secretariat's writes. */
export const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  const detailOr404 = async (id: number) => {
    const ind = await getIndicatorDetail(db(), id);
    if (!ind) throw notFound({ vi: "chỉ số", en: "Indicator" }, "id");
    return ind;
  };
  // National indicators (no owner) are managed by whoever manages the root of the tree.
  const requireOwner = async (req: { requireUnit(unitId: number): Promise<void> }, owner: number | null) =>
    req.requireUnit(owner ?? (await ensureNation(db())));

  app.get(
    "/indicators",
    {
      config: { permission: "public" },
      schema: {
        tags: ["indicators"],
        summary: "List or search indicators",
        querystring: ZPageQuery.extend({
          q: z.string().trim().min(1).max(100).optional(),
          status: z.enum(["active", "retired"]).optional(),
        }),
        response: { 200: ZPage(ZIndicator) },
      },
    },
    async (req) => ({
      ...(await listIndicators(db(), req.query)),
      limit: req.query.limit,
      offset: req.query.offset,
    }),
  );
  app.get(
    "/indicators/:id",
    {
      config: { permission: "public" },
      schema: {
        tags: ["indicators"],
        summary: "One indicator, with the forms that collect it and where it is used",
        params: ZIdParams,
        response: { 200: ZIndicatorDetail },
      },
    },
    async (req) => {
      const ind = await getIndicator(db(), req.params.id);
      if (!ind) throw notFound({ vi: "chỉ số", en: "Indicator" }, "id");
      return detailOr404(req.params.id);
    },
  );
  app.get(
    "/indicators/:id/versions",
    {
      config: { permission: "public" },
      schema: {
        tags: ["indicators"],
        summary: "Definition history (from the audit log): each version, when, who, why, figures under it",
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZIndicatorVersion) }) },
      },
    },
    async (req) => ({ items: await designer(indicatorVersions(db(), req.params.id)) }),
  );
  app.post(
    "/indicators/check-formula",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["indicators"],
        summary: "Check a formula as it is typed: known codes, numeric result, no cycle; error position",
        body: ZFormulaCheckInput,
        response: { 200: ZFormulaCheck },
      },
    },
    async (req) => checkIndicatorFormula({ db: db(), formula: req.body.formula, code: req.body.code }),
  );
  app.post(
    "/indicators",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["indicators"],
        summary: "Create an indicator",
        body: ZIndicatorInput,
        response: { 201: ZIndicatorDetail },
      },
    },
    async (req, reply) => {
      await requireOwner(req, req.body.ownerUnitId ?? null);
      const id = await designer(createIndicator({ db: db(), who: actorOf(req), input: req.body }));
      return reply.code(201).send(await detailOr404(id));
    },
  );
  app.put(
    "/indicators/:id",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["indicators"],
        summary: "Replace an indicator's definition (version goes up; reported figures keep theirs)",
        params: ZIdParams,
        body: ZIndicatorInput,
        response: { 200: ZIndicatorDetail },
      },
    },
    async (req) => {
      const cur = await detailOr404(req.params.id);
      await requireOwner(req, cur.ownerUnitId);
      await designer(updateIndicator({ db: db(), who: actorOf(req), id: cur.id, input: req.body }));
      return detailOr404(cur.id);
    },
  );
  const statusRoute = (path: "retire" | "restore", status: "retired" | "active") =>
    app.post(
      `/indicators/:id/${path}`,
      {
        config: { permission: "plan.manage" },
        schema: {
          tags: ["indicators"],
          summary:
            status === "retired"
              ? "Retire an indicator (kept for history)"
              : "Bring a retired indicator back",
          params: ZIdParams,
          body: z.object({ reason: z.string().trim().max(500).optional() }).optional(),
          response: { 200: ZIndicatorDetail },
        },
      },
      async (req) => {
        const cur = await detailOr404(req.params.id);
        await requireOwner(req, cur.ownerUnitId);
        await designer(
          setIndicatorStatus({ db: db(), who: actorOf(req, req.body?.reason), id: cur.id, status }),
        );
        return detailOr404(cur.id);
      },
    );
  statusRoute("retire", "retired");
  statusRoute("restore", "active");
  app.delete(
    "/indicators/:id",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["indicators"],
        summary: "Delete an unused indicator (409 when figures, targets, forms or formulas use it)",
        params: ZIdParams,
      },
    },
    async (req, reply) => {
      const cur = await detailOr404(req.params.id);
      await requireOwner(req, cur.ownerUnitId);
      await designer(deleteIndicator({ db: db(), who: actorOf(req), id: cur.id }));
      return reply.code(204).send();
    },
  );
};
