import { z } from "zod";

/** Pagination query shared by list routes. */
export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
/** Pagination query type. */
export type TPageQuery = z.infer<typeof ZPageQuery>;

/** A page of items with the total. */
export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/** A numeric id in the path. */
export const ZIdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** ISO date YYYY-MM-DD. */
export const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
