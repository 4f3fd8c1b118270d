import { z } from "zod";
import { UNIT_KINDS } from "../../core/unit-list.ts";
import { ZIsoDate, ZPageQuery } from "../schemas.ts";

/** A unit. */
export const ZUnit = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: z.enum(UNIT_KINDS),
  level: z.number().int(),
  name: z.string(),
  nameEn: z.string().nullable(),
  fullName: z.string().nullable(),
  unitType: z.string().nullable(),
  parentId: z.number().int().nullable(),
  provinceId: z.number().int().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  isDemo: z.boolean(),
  childCount: z.number().int().optional(),
});
/** Unit type. */
export type TUnit = z.infer<typeof ZUnit>;

/** Unit list filters. */
export const ZUnitQuery = ZPageQuery.extend({
  parentId: z.coerce.number().int().positive().optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  at: z
    .union([ZIsoDate, z.literal("all")])
    .optional()
    .describe("Units valid on this date (default today) or 'all'"),
});

/** Unit with its ancestors. */
export const ZUnitDetail = ZUnit.extend({ ancestors: z.array(ZUnit) });
