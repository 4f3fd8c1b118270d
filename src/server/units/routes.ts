import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { getUnit, listUnits } from "../../db/units.ts";
import { notFound } from "../errors.ts";
import { ZIdParams, ZPage, ZPageQuery } from "../schemas.ts";
import { ZUnit, ZUnitDetail, ZUnitQuery } from "./schemas.ts";

/** Units: search, tree, one unit, its children. */
export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/units",
    {
      config: { permission: "public" },
      schema: {
        tags: ["units"],
        summary: "List or search units (valid today unless `at` says otherwise)",
        querystring: ZUnitQuery,
        response: { 200: ZPage(ZUnit) },
      },
    },
    async (req) => ({
      ...(await listUnits(app.database.orm, req.query)),
      limit: req.query.limit,
      offset: req.query.offset,
    }),
  );
  app.get(
    "/units/tree",
    {
      config: { permission: "public" },
      schema: {
        tags: ["units"],
        summary: "Top of the unit tree: the nation and its provinces (expand with /units/{id}/children)",
        querystring: ZUnitQuery.pick({ at: true }),
        response: { 200: ZPage(ZUnit) },
      },
    },
    async (req) => {
      const r = await listUnits(app.database.orm, {
        at: req.query.at,
        limit: 1000,
        offset: 0,
        kind: "province",
      });
      return { ...r, limit: 1000, offset: 0 };
    },
  );
  app.get(
    "/units/:id",
    {
      config: { permission: "public" },
      schema: {
        tags: ["units"],
        summary: "One unit with its ancestors",
        params: ZIdParams,
        response: { 200: ZUnitDetail },
      },
    },
    async (req) => {
      const unit = await getUnit(app.database.orm, req.params.id);
      if (!unit) throw notFound({ vi: "đơn vị", en: "Unit" }, "id");
      return unit;
    },
  );
  app.get(
    "/units/:id/children",
    {
      config: { permission: "public" },
      schema: {
        tags: ["units"],
        summary: "Children of a unit",
        params: ZIdParams,
        querystring: ZPageQuery.extend({ at: ZUnitQuery.shape.at }),
        response: { 200: ZPage(ZUnit) },
      },
    },
    async (req) => {
      const unit = await getUnit(app.database.orm, req.params.id);
      if (!unit) throw notFound({ vi: "đơn vị", en: "Unit" }, "id");
      const r = await listUnits(app.database.orm, { ...req.query, parentId: req.params.id });
      return { ...r, limit: req.query.limit, offset: req.query.offset };
    },
  );
};
