import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listDataValues } from "../../db/catalog.ts";
import { PERIOD_TYPES } from "../../db/schema/plans.ts";
import { upsertDataValues } from "../../db/values.ts";
import { requireIndicatorIds, scopedUnit } from "../auth/scope.ts";
import { ZPage, ZPageQuery } from "../schemas.ts";

/** A data value; numbers are exact decimal strings. */
export const ZDataValue = z.object({
  id: z.number().int(),
  indicatorId: z.number().int(),
  indicatorCode: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  period: z.string(),
  periodType: z.string(),
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
  value: z.string().nullable(),
  comment: z.string().nullable(),
  status: z.string(),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

const ZNumberIn = z
  .union([z.number(), z.string().max(40)])
  .nullable()
  .optional();

/** One value to write (PUT /api/data-values). Numbers as JSON numbers or exact decimal strings. */
export const ZDataValueWrite = z.object({
  indicatorId: z.number().int().positive().max(2_147_483_647),
  orgUnitId: z.number().int().positive().max(2_147_483_647),
  period: z.string().max(10),
  numerator: ZNumberIn,
  denominator: ZNumberIn,
  value: ZNumberIn,
  comment: z.string().max(4000).nullable().optional(),
  /** The version read; a different stored version answers 409. */
  expectedVersion: z.number().int().positive().optional(),
  /** Retire the value (soft delete). */
  delete: z.boolean().optional(),
});

/** Body of PUT /api/data-values. */
export const ZDataValueBatch = z.object({
  values: z.array(ZDataValueWrite).min(1).max(10_000),
  importId: z.string().max(200).optional(),
  status: z.enum(["draft", "submitted"]).optional(),
  dataSetId: z.number().int().positive().max(2_147_483_647).optional(),
});
/** Batch body type. */
export type TDataValueBatch = z.infer<typeof ZDataValueBatch>;

/** What a batch did. */
export const ZDataValueBatchResult = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
});

/** Data values (read, and batch write). */
export const dataValueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/data-values",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["data"],
        summary: "List data values by indicator, unit (or subtree) and period",
        querystring: ZPageQuery.extend({
          indicatorId: z.coerce.number().int().positive().optional(),
          orgUnitId: z.coerce.number().int().positive().optional(),
          underUnitId: z.coerce.number().int().positive().optional(),
          period: z
            .string()
            .regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/, "2024, 2024Q3, 2024S1, 2024N9 or 202409")
            .optional(),
          periodType: z.enum(PERIOD_TYPES).optional(),
        }),
        response: { 200: ZPage(ZDataValue) },
      },
    },
    async (req) => {
      // Raw values are read inside the caller's scope only: the asked unit must be in it, and with no
      // unit the list is limited to the caller's subtree.
      const query = { ...req.query };
      await requireIndicatorIds(req, query.indicatorId === undefined ? [] : [query.indicatorId]);
      if (query.orgUnitId !== undefined) {
        await req.requireUnit(query.orgUnitId);
        if (query.underUnitId !== undefined) await req.requireUnit(query.underUnitId);
      } else {
        query.underUnitId = await scopedUnit({
          request: req,
          unitId: query.underUnitId,
          field: "underUnitId",
        });
      }
      return {
        ...(await listDataValues(app.database.orm, query)),
        limit: req.query.limit,
        offset: req.query.offset,
      };
    },
  );

  app.put(
    "/data-values",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["data"],
        summary:
          "Write a batch of data values (validated, one audited transaction; dashboards see it at once)",
        body: ZDataValueBatch,
        response: { 200: ZDataValueBatchResult },
      },
    },
    async (req) => {
      // Every unit written must lie in the caller's data.write scope.
      for (const unitId of new Set(req.body.values.map((v) => v.orgUnitId))) await req.requireUnit(unitId);
      return upsertDataValues({
        db: app.database.orm,
        actor: { actor: req.auth.actor },
        values: req.body.values,
        importId: req.body.importId,
        status: req.body.status,
        dataSetId: req.body.dataSetId,
      });
    },
  );
};
