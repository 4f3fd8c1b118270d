import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { badRequest } from "../errors.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** true lets markup-like text through the input guard (the route must then never render it as HTML). */
    rawText?: boolean;
  }
}

// A tag opening (<script, </div, <!--, <?xml) or a javascript: URL: never needed in a figure, a name or a
// comment, and the raw material of stored cross-site scripting. NUL characters are refused with them:
// PostgreSQL cannot store them in text, so they would otherwise surface as server errors.
const MARKUP = /<[a-zA-Z!/?]|javascript\s*:/i;

/** The path of the first string in a JSON value that looks like markup, or undefined. */
export function findMarkup(value: unknown, path: string[] = [], depth = 0): string[] | undefined {
  if (typeof value === "string") return MARKUP.test(value) || value.includes("\u0000") ? path : undefined;
  if (depth > 32 || value === null || typeof value !== "object") return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    if (MARKUP.test(k)) return [...path, k];
    const hit = findMarkup(v, [...path, k], depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The Content-Security-Policy of every response. Scripts only from our origin (the Vite build emits
 * files, no inline script; swagger-ui at /api/docs loads files too). Styles allow 'unsafe-inline'
 * because Ant Design and swagger-ui write style attributes; nothing else is relaxed.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", "blob:"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Plain-HTTP installs inside a provincial network must keep working; HSTS covers HTTPS ones.
  upgradeInsecureRequests: null,
};

/** Security headers (helmet with the strict CSP above) and the rate-limit plugin (per-route limits). */
export async function installHardening(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  });
  await app.register(fastifyRateLimit, { global: false });
  // Markup in a JSON body is refused before validation, on every route, whoever wrote it.
  app.addHook("preValidation", async (request) => {
    if (request.routeOptions.config?.rawText) return;
    const inQuery = findMarkup(request.query);
    const inBody = inQuery ? undefined : findMarkup(request.body);
    const hit = inQuery ? ["querystring", ...inQuery] : inBody ? ["body", ...inBody] : undefined;
    if (hit) {
      throw badRequest({
        field: hit.join("."),
        code: "markup",
        message: "Không được nhập mã HTML, script hoặc ký tự NUL",
        messageEn: "HTML, script or NUL characters are not accepted here",
      });
    }
  });
}

/** Log fields that must never be written: cookies, credentials, CSRF tokens, passwords, phone numbers. */
export const REDACT_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  "headers.cookie",
  "headers.authorization",
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "*.passwordHash",
  "*.token",
  "*.phone",
  "*.email",
];

/** Adds redaction to pino options (true → default options with redaction; false stays silent). */
export function redactedLogger(
  logger: boolean | Record<string, unknown> | undefined,
): boolean | Record<string, unknown> {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  const paths = [...new Set([...redactPathsOf(base.redact), ...REDACT_PATHS])];
  return { ...base, redact: { paths, censor: "[redacted]" } };
}

function redactPathsOf(redact: unknown): string[] {
  if (Array.isArray(redact)) return redact.filter((p): p is string => typeof p === "string");
  if (redact && typeof redact === "object" && Array.isArray((redact as { paths?: unknown }).paths)) {
    return ((redact as { paths: unknown[] }).paths ?? []).filter((p): p is string => typeof p === "string");
  }
  return [];
}
