import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentVersion } from "../../db/migrate.ts";
import { countUnits } from "../../db/units.ts";

/** Health schema. */
export const ZHealth = z.object({
  status: z.literal("ok"),
  database: z.object({
    kind: z.enum(["pglite", "postgres"]),
    migration: z.string().nullable(),
    units: z.record(z.string(), z.number()),
  }),
  version: z.string(),
  uptimeSeconds: z.number(),
});

/** GET /api/health: database kind, migration version, unit counts. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    {
      config: { permission: "public" },
      schema: { tags: ["system"], summary: "Health and database status", response: { 200: ZHealth } },
    },
    async () => {
      const db = app.database;
      return {
        status: "ok" as const,
        database: { kind: db.kind, migration: await currentVersion(db), units: await countUnits(db.orm) },
        version: process.env.npm_package_version ?? "0.1.0",
        uptimeSeconds: Math.round(process.uptime()),
      };
    },
  );
};
