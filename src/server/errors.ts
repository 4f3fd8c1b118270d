import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";

/** The one error shape every route returns. */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().describe("Vietnamese"),
    messageEn: z.string().describe("English"),
    field: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
/** Error body type. */
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** An expected failure with a status, a code, a Vietnamese and an English message, and the field at fault. */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageVi: string;
  readonly field?: string;
  readonly details?: unknown;
  constructor(options: {
    status: number;
    code: string;
    message: string;
    messageEn: string;
    field?: string;
    details?: unknown;
  }) {
    super(options.messageEn);
    this.status = options.status;
    this.code = options.code;
    this.messageVi = options.message;
    this.field = options.field;
    this.details = options.details;
  }

  /** The response body. */
  toBody(): TErrorBody {
    return {
      error: {
        code: this.code,
        message: this.messageVi,
        messageEn: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details !== undefined ? { details: this.details } : {}),
      },
    };
  }
}

/** 404 for a missing resource. */
export function notFound(what: { vi: string; en: string }, field?: string): AppError {
  return new AppError({
    status: 404,
    code: "not_found",
    message: `Không tìm thấy ${what.vi}`,
    messageEn: `${what.en} not found`,
    field,
  });
}

/** 400 for a bad field. */
export function badRequest(options: {
  field: string;
  message: string;
  messageEn: string;
  code?: string;
}): AppError {
  return new AppError({ status: 400, code: options.code ?? "invalid", ...options });
}

/** 409 for a conflict (stale version, duplicate, in use). */
export function conflict(options: {
  message: string;
  messageEn: string;
  field?: string;
  details?: unknown;
  code?: string;
}) {
  return new AppError({ status: 409, code: options.code ?? "conflict", ...options });
}

const vi = z.locales.vi();
const en = z.locales.en();
type LocaleError = (issue: unknown) => string | { message: string } | undefined;
const say = (map: LocaleError, issue: unknown): string => {
  const r = map(issue);
  return typeof r === "string" ? r : (r?.message ?? "");
};

// PostgreSQL errors a user can cause: say what was wrong without echoing SQL.
const PG_ERRORS: Record<string, { status: number; code: string; vi: string; en: string }> = {
  "23505": { status: 409, code: "duplicate", vi: "Giá trị đã tồn tại", en: "Value already exists" },
  "23503": {
    status: 409,
    code: "reference",
    vi: "Dữ liệu liên quan không tồn tại hoặc đang được sử dụng",
    en: "Referenced data is missing or in use",
  },
  "23514": { status: 400, code: "check", vi: "Giá trị vi phạm ràng buộc", en: "Value violates a rule" },
  "22003": { status: 400, code: "out_of_range", vi: "Số quá lớn", en: "Number out of range" },
  "22P02": { status: 400, code: "invalid", vi: "Giá trị sai định dạng", en: "Value has a wrong format" },
  "22001": { status: 400, code: "too_long", vi: "Chuỗi quá dài", en: "Text too long" },
  P0001: {
    status: 409,
    code: "rule",
    vi: "Thao tác bị chặn bởi quy tắc dữ liệu",
    en: "Blocked by a data rule",
  },
};

function pgCode(err: unknown): { code?: string; constraint?: string } {
  let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    e = e.cause as typeof e;
  }
  return {};
}

/** Installs the error handler: validation → 400 with field, AppError → its status, anything else → 500 without detail. */
export function installErrorHandler(app: FastifyInstance, options: { spaFallback?: boolean } = {}): void {
  // Errors bypass each route's response schema: a 4xx must never turn into a 500 because a route
  // declared a different shape for that status.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError)
      return reply
        .code(err.status)
        .type("application/json; charset=utf-8")
        .serializer(JSON.stringify)
        .send(err.toBody());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0];
      const path = (issue?.instancePath ?? "").split("/").filter(Boolean);
      const where = err.validationContext ?? "body";
      const field = [where, ...path].join(".");
      // Rebuild the zod issue (code + params) so the locale maps can word it in both languages.
      const raw = { ...(issue?.params ?? {}), code: issue?.keyword, path };
      return reply
        .code(400)
        .type("application/json; charset=utf-8")
        .serializer(JSON.stringify)
        .send({
          error: {
            code: "validation",
            message: `${field}: ${say(vi.localeError as LocaleError, raw) || "không hợp lệ"}`,
            messageEn: `${field}: ${say(en.localeError as LocaleError, raw) || "invalid"}`,
            field,
          },
        });
    }
    const pg = pgCode(err);
    if (pg.code && PG_ERRORS[pg.code]) {
      const m = PG_ERRORS[pg.code];
      return reply
        .code(m.status)
        .type("application/json; charset=utf-8")
        .serializer(JSON.stringify)
        .send({
          error: {
            code: m.code,
            message: m.vi,
            messageEn: m.en,
            ...(pg.constraint ? { field: pg.constraint } : {}),
          },
        });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const tooLarge = err.statusCode === 413;
      return reply
        .code(err.statusCode)
        .type("application/json; charset=utf-8")
        .serializer(JSON.stringify)
        .send({
          error: {
            code: err.code ?? "bad_request",
            message: tooLarge ? "Dữ liệu gửi lên quá lớn" : "Yêu cầu không hợp lệ",
            messageEn: tooLarge ? "Request body too large" : err.message,
          },
        });
    }
    request.log.error({ err }, "unhandled error");
    return reply
      .code(500)
      .type("application/json; charset=utf-8")
      .serializer(JSON.stringify)
      .send({
        error: {
          code: "internal",
          message: "Lỗi hệ thống, vui lòng thử lại",
          messageEn: "Internal error, please retry",
        },
      });
  });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the web app fall back to index.html (served by @fastify/static); /api keeps JSON 404s.
    if (options.spaFallback && request.method === "GET" && !request.url.startsWith("/api/")) {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    reply.code(404).send({
      error: {
        code: "not_found",
        message: `Không có đường dẫn ${request.method} ${request.url.split("?")[0]}`,
        messageEn: `No route ${request.method} ${request.url.split("?")[0]}`,
      },
    });
  });
}
