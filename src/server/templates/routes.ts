import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { copyTemplate } from "../../db/designer/templates.ts";
import { findTemplate, PLAN_TEMPLATES } from "../../db/templates/index.ts";
import { notFound } from "../errors.ts";
import { actorOf, designer } from "../plans/http.ts";
import { ZTemplate, ZTemplateCopyInput } from "./schemas.ts";

/** Plan templates shipped with the product (national programme targets) and copying one into a plan. */
export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/templates",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "Shipped plan templates (Decision 749/QĐ-TTg, Decision 411/QĐ-TTg)",
        response: { 200: z.object({ items: z.array(ZTemplate) }) },
      },
    },
    async () => ({ items: [...PLAN_TEMPLATES] }),
  );
  app.get(
    "/templates/:code",
    {
      config: { permission: "public" },
      schema: {
        tags: ["plans"],
        summary: "One template with its targets and sources",
        params: z.object({ code: z.string().max(40) }),
        response: { 200: ZTemplate },
      },
    },
    async (req) => {
      const t = findTemplate(req.params.code);
      if (!t) throw notFound({ vi: "mẫu kế hoạch", en: "Template" }, "code");
      return t;
    },
  );
  app.post(
    "/templates/:code/copy",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["plans"],
        summary: "Copy a template into a new draft plan of a province",
        params: z.object({ code: z.string().max(40) }),
        body: ZTemplateCopyInput,
        response: { 201: z.object({ planId: z.number().int(), targets: z.number().int() }) },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.ownerUnitId);
      const r = await designer(
        copyTemplate({
          db: app.database.orm,
          who: actorOf(req),
          templateCode: req.params.code,
          input: req.body,
        }),
      );
      return reply.code(201).send(r);
    },
  );
};
