import { z } from "zod";

/** Upload query: which level the file holds and, for communes, the province they belong to. */
export const ZGeoUploadQuery = z.object({
  level: z.enum(["province", "commune"]).optional().describe("default: by code length (2 digits = province)"),
  parentId: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .describe("match only its children"),
  tolerance: z.coerce.number().min(0).max(0.1).optional().describe("simplification tolerance in degrees"),
});

/** An uploaded GeoJSON FeatureCollection (validated feature by feature by the importer). */
export const ZGeoUploadBody = z.looseObject({
  type: z.enum(["FeatureCollection", "Feature"]),
  features: z.array(z.unknown()).max(20_000).optional(),
});

/** Upload outcome. */
export const ZGeoImportResult = z.object({
  features: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unmatched: z.array(z.string()),
  pointsBefore: z.number().int(),
  pointsAfter: z.number().int(),
});
/** Upload outcome type. */
export type TGeoImportResultOut = z.infer<typeof ZGeoImportResult>;

/** A boundary feature: id = unit id. */
export const ZBoundaryFeature = z.object({
  type: z.literal("Feature"),
  id: z.number().int(),
  properties: z.object({ unitId: z.number().int(), code: z.string(), name: z.string(), kind: z.string() }),
  geometry: z.object({ type: z.enum(["Polygon", "MultiPolygon"]), coordinates: z.array(z.unknown()) }),
});

/** The boundaries of a unit's children, ready for echarts.registerMap. */
export const ZBoundaryCollection = z.object({
  type: z.literal("FeatureCollection"),
  parentId: z.number().int(),
  bbox: z.array(z.number()).nullable(),
  features: z.array(ZBoundaryFeature),
});
/** Boundary collection type. */
export type TBoundaryCollection = z.infer<typeof ZBoundaryCollection>;
