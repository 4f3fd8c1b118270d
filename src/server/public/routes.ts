/**
 * Public transparency API (no login): the dashboard and target breakdowns of a province, only for
 * periods that are published (src/db/public.ts: every value of the period approved or locked).
 */
import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { one } from "../../db/client.ts";
import { getProgressOverview, getTargetDetail } from "../../db/progress.ts";
import { isPublished, provinceOf, publicPlanOf, publicProvinces, publishedPeriods } from "../../db/public.ts";
import { AppError, notFound, ZErrorBody } from "../errors.ts";
import { ZProgressOverview, ZTargetDetail } from "../progress/schemas.ts";
import { ZIdParams } from "../schemas.ts";

const ZId = z.coerce.number().int().positive().max(2_147_483_647);
const ZPeriod = z.string().regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/, "2024, 2024Q3, 2024S1, 2024N9 or 202409");

/** Public provinces and their published periods. */
export const ZPublicIndex = z.object({
  provinces: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      planId: z.number().int().nullable(),
      periods: z.array(z.object({ period: z.string(), values: z.number().int() })),
    }),
  ),
  rule: z.object({ vi: z.string(), en: z.string() }),
});
/** Public index type. */
export type TPublicIndex = z.infer<typeof ZPublicIndex>;

const RULE = {
  vi: "Chỉ công bố số liệu của kỳ mà mọi giá trị đã được phê duyệt hoặc khóa (không còn giá trị chờ thẩm định).",
  en: "Figures are published for a period once every value in it is approved or locked (none awaiting review).",
};

function notPublished(period: string): AppError {
  return new AppError({
    status: 404,
    code: "not_published",
    message: `Số liệu kỳ ${period} chưa được công bố`,
    messageEn: `Figures for ${period} are not published yet`,
    field: "period",
  });
}

async function gate(
  app: Parameters<FastifyPluginAsyncZod>[0],
  q: { unitId: number; period: string },
): Promise<{ planId: number }> {
  const db = app.database.orm;
  const provinceId = await provinceOf(db, q.unitId);
  if (provinceId === undefined) throw notFound({ vi: "đơn vị", en: "Unit" }, "unitId");
  const planId = await publicPlanOf(db, provinceId);
  if (planId === undefined) throw notFound({ vi: "kế hoạch công khai", en: "Public plan" }, "unitId");
  if (!(await isPublished({ db, provinceId, period: q.period }))) throw notPublished(q.period);
  return { planId };
}

/** GET /public/index, /public/overview, /public/targets/:id. */
export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/public/index",
    {
      config: { permission: "public" },
      schema: {
        tags: ["public"],
        summary: "Provinces with public figures and their published periods",
        response: { 200: ZPublicIndex },
      },
    },
    async () => {
      const db = app.database.orm;
      const provinces = await publicProvinces(db);
      return {
        provinces: await Promise.all(
          provinces.map(async (p) => ({
            ...p,
            planId: (await publicPlanOf(db, p.id)) ?? null,
            periods: await publishedPeriods({ db, provinceId: p.id }),
          })),
        ),
        rule: RULE,
      };
    },
  );

  app.get(
    "/public/overview",
    {
      config: { permission: "public" },
      schema: {
        tags: ["public"],
        summary: "Published dashboard of a province or commune for a period (404 not_published otherwise)",
        querystring: z.object({ unitId: ZId, period: ZPeriod }),
        response: { 200: ZProgressOverview, 404: ZErrorBody },
      },
    },
    async (req) => {
      const { planId } = await gate(app, req.query);
      return getProgressOverview({
        db: app.database.orm,
        planId,
        unitId: req.query.unitId,
        period: req.query.period,
      });
    },
  );

  app.get(
    "/public/targets/:id",
    {
      config: { permission: "public" },
      schema: {
        tags: ["public"],
        summary: "Published series and breakdown by child units of one target",
        params: ZIdParams,
        querystring: z.object({ unitId: ZId, period: ZPeriod }),
        response: { 200: ZTargetDetail, 404: ZErrorBody },
      },
    },
    async (req) => {
      const { planId } = await gate(app, req.query);
      const owner = await one<{ planId: number }>(
        app.database.orm,
        sql`select plan_id as "planId" from target where id = ${req.params.id}`,
      );
      if (owner?.planId !== planId) throw notFound({ vi: "mục tiêu công khai", en: "Public target" }, "id");
      return getTargetDetail({
        db: app.database.orm,
        targetId: req.params.id,
        unitId: req.query.unitId,
        period: req.query.period,
      });
    },
  );
};
