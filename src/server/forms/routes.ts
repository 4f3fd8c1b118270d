import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createForm, getForm, listForms, retireForm, updateForm } from "../../db/designer/forms.ts";
import { unitScopeSql } from "../auth/context.ts";
import { notFound } from "../errors.ts";
import { actorOf, designer } from "../plans/http.ts";
import { ZIdParams } from "../schemas.ts";
import { ZForm, ZFormDetail, ZFormInput } from "./schemas.ts";

/** Reporting forms (data sets) built from a plan: list, read, create, replace, retire. */
export const formRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  const formOr404 = async (id: number) => {
    const f = await getForm(db(), id);
    if (!f) throw notFound({ vi: "biểu mẫu", en: "Form" }, "id");
    return f;
  };

  app.get(
    "/forms",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["forms"],
        summary: "Forms owned by units in my scope (optionally of one plan)",
        querystring: z.object({
          planId: z.coerce.number().int().positive().optional(),
          status: z.enum(["draft", "active", "retired"]).optional(),
        }),
        response: { 200: z.object({ items: z.array(ZForm) }) },
      },
    },
    async (req) => {
      const conds = [unitScopeSql(req.auth, "data.read", sql`d.owner_unit_id`)];
      if (req.query.planId) conds.push(sql`d.plan_id = ${req.query.planId}`);
      if (req.query.status) conds.push(sql`d.status = ${req.query.status}`);
      return { items: await listForms(db(), sql.join(conds, sql` and `)) };
    },
  );
  app.get(
    "/forms/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["forms"],
        summary: "One form with its indicators and sections",
        params: ZIdParams,
        response: { 200: ZFormDetail },
      },
    },
    async (req) => {
      const f = await formOr404(req.params.id);
      await req.requireUnit(f.ownerUnitId);
      return f;
    },
  );
  app.post(
    "/forms",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["forms"],
        summary: "Create a form: indicators in sections, unit groups, period type",
        body: ZFormInput,
        response: { 201: ZFormDetail },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.ownerUnitId);
      const id = await designer(createForm({ db: db(), who: actorOf(req), input: req.body }));
      return reply.code(201).send(await formOr404(id));
    },
  );
  app.put(
    "/forms/:id",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["forms"],
        summary: "Replace a form (audited; version goes up)",
        params: ZIdParams,
        body: ZFormInput,
        response: { 200: ZFormDetail },
      },
    },
    async (req) => {
      const cur = await formOr404(req.params.id);
      await req.requireUnit(cur.ownerUnitId);
      if (req.body.ownerUnitId !== cur.ownerUnitId) await req.requireUnit(req.body.ownerUnitId);
      await designer(updateForm({ db: db(), who: actorOf(req), id: cur.id, input: req.body }));
      return formOr404(cur.id);
    },
  );
  app.post(
    "/forms/:id/retire",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["forms"],
        summary: "Retire a form",
        params: ZIdParams,
        response: { 200: ZFormDetail },
      },
    },
    async (req) => {
      const cur = await formOr404(req.params.id);
      await req.requireUnit(cur.ownerUnitId);
      await designer(retireForm({ db: db(), who: actorOf(req), id: cur.id }));
      return formOr404(cur.id);
    },
  );
};
