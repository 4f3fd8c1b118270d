import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Database } from "../db/client.ts";
import { installHardening, redactedLogger } from "./auth/hardening.ts";
import { installAuth, type TAuthOptions } from "./auth/plugin.ts";
import { installErrorHandler } from "./errors.ts";
import { API_ROUTES } from "./routes.ts";
import "./types.ts";

/** Options for {@link buildApp}. */
export interface BuildAppOptions {
  database: Database;
  /** pino logger options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Folder of the built web app to serve at / (skipped when missing). */
  webDir?: string;
  /** Session, lockout and rate-limit tunables (tests shorten them). */
  auth?: Partial<TAuthOptions>;
  /** Trust X-Forwarded-* from a reverse proxy (default: DXM_TRUST_PROXY=1). */
  trustProxy?: boolean;
}

/** Builds the HTTP application: API under /api, OpenAPI at /api/openapi.json, docs at /api/docs, web app at /. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: redactedLogger(options.logger),
    bodyLimit: 1_048_576,
    trustProxy: options.trustProxy ?? process.env.DXM_TRUST_PROXY === "1",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("database", options.database);
  const webDir = options.webDir ?? path.resolve("dist/web");
  const hasWeb = existsSync(path.join(webDir, "index.html"));
  installErrorHandler(app, { spaFallback: hasWeb });
  await installHardening(app);
  await installAuth(app, options.auth);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "DX Monitor API — Giám sát chuyển đổi số",
        description:
          "REST API of DX Monitor. Errors share one shape: {error: {code, message (Vietnamese), messageEn, field?}}.",
        version: "0.1.0",
      },
    },
    // Each operation says which permission it needs (x-permission), for readers and the security test.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const permission = input.route.config?.permission;
      return { ...out, schema: { ...out.schema, "x-permission": permission ?? "none" } };
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  await app.register(
    async (api) => {
      for (const routes of API_ROUTES) await api.register(routes);
      api.get("/openapi.json", { schema: { hide: true }, config: { permission: "public" } }, async () =>
        app.swagger(),
      );
    },
    { prefix: "/api" },
  );

  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, maxAge: "1h" });
  return app;
}
