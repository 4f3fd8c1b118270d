import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { one } from "../../db/client.ts";
import { childBoundaries, GeoImportError, importBoundaries } from "../../db/geo.ts";
import { getUnit } from "../../db/units.ts";
import { AppError, notFound, ZErrorBody } from "../errors.ts";
import { ZIdParams } from "../schemas.ts";
import { ZBoundaryCollection, ZGeoImportResult, ZGeoUploadBody, ZGeoUploadQuery } from "./schemas.ts";

/** Map boundaries: upload a GeoJSON FeatureCollection, read the boundaries of a unit's children. */
export const geoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/geo/boundaries",
    {
      // Official boundary files are large (a province's communes ≈ 20 MB before simplification).
      bodyLimit: 64 * 1024 * 1024,
      config: { permission: "units.manage" },
      schema: {
        tags: ["geo"],
        summary:
          "Upload boundaries (GeoJSON FeatureCollection; features matched to units by id or properties.code)",
        querystring: ZGeoUploadQuery,
        body: ZGeoUploadBody,
        response: { 200: ZGeoImportResult, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (req) => {
      const db = app.database.orm;
      let scopeUnit = req.query.parentId;
      if (scopeUnit !== undefined) {
        if (!(await getUnit(db, scopeUnit)))
          throw notFound({ vi: "đơn vị cấp trên", en: "Parent unit" }, "parentId");
      } else {
        // Without a parent the file may touch any province: only whoever manages the nation may upload it.
        scopeUnit = (
          await one<{ id: number }>(db, sql`select id from org_unit where kind = 'nation' limit 1`)
        )?.id;
      }
      if (scopeUnit !== undefined) await req.requireUnit(scopeUnit, "units.manage");
      try {
        return await importBoundaries({
          db,
          document: req.body,
          actor: req.auth.actor,
          source: "upload",
          level: req.query.level,
          parentId: req.query.parentId,
          tolerance: req.query.tolerance,
        });
      } catch (e) {
        if (e instanceof GeoImportError)
          throw new AppError({
            status: 400,
            code: "invalid_geojson",
            message: e.messageVi,
            messageEn: e.message,
            field: "body",
            details: e.issues.slice(0, 50),
          });
        throw e;
      }
    },
  );

  app.get(
    "/geo/units/:id/children",
    {
      config: { permission: "public" },
      schema: {
        tags: ["geo"],
        summary: "Boundaries of a unit's current children (provinces of the nation, communes of a province)",
        params: ZIdParams,
        response: { 200: ZBoundaryCollection, 404: ZErrorBody },
      },
    },
    async (req, reply) => {
      const unit = await getUnit(app.database.orm, req.params.id);
      if (!unit) throw notFound({ vi: "đơn vị", en: "Unit" }, "id");
      const fc = await childBoundaries({ db: app.database.orm, parentId: unit.id });
      // Boundaries change rarely; public and cacheable so phones do not refetch them on every visit.
      reply.header("cache-control", "public, max-age=300");
      return { ...fc, parentId: unit.id };
    },
  );
};
