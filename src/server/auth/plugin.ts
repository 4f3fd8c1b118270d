import { createHmac, timingSafeEqual } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  findApiKey,
  findSession,
  hashToken,
  revokeSession,
  touchApiKey,
  touchSession,
  unitPath,
} from "../../db/auth.ts";
import { AppError, notFound } from "../errors.ts";
import { ANONYMOUS, pathInScope, type TAuth, type TGrant } from "./context.ts";
import { isPermission, ROLE_PERMISSIONS, type TPermission, type TRoleName } from "./permissions.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The permission a caller needs; a route without one is refused (deny by default). */
    permission?: TPermission;
    /** false only on routes that cannot carry a CSRF token yet (login). */
    csrf?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling; set before validation and the handler. */
    auth: TAuth;
    /**
     * Throws 403 unless the unit lies in a subtree where the caller holds the permission (default: the
     * route's), 404 when the unit does not exist.
     */
    requireUnit(unitId: number, permission?: TPermission): Promise<void>;
    /** Like requireUnit, but answers true/false. */
    inScope(unitId: number, permission?: TPermission): Promise<boolean>;
  }
}

/** Cookie holding the session token (HttpOnly). */
export const SESSION_COOKIE = "dxm_session";
/** Cookie holding the CSRF token the web app copies into x-csrf-token (readable by scripts on purpose). */
export const CSRF_COOKIE = "dxm_csrf";
/** Header carrying the CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = "x-csrf-token";
/** Error codes the gate itself answers with (anything else came from a handler). */
export const GATE_CODES = [
  "unauthorized",
  "session_expired",
  "invalid_api_key",
  "permission_denied",
  "csrf",
  "no_permission_declared",
  "password_change_required",
] as const;
/** Prefix of API key secrets. */
export const API_KEY_PREFIX = "dxm_";

/** Tunables of the auth layer (defaults suit a provincial deployment; tests shorten them). */
export interface TAuthOptions {
  /** Sign out after this much inactivity (default 2 h). */
  idleMs: number;
  /** Sign out this long after login whatever happens (default 12 h). */
  absoluteMs: number;
  /** Wrong passwords in a row before the account is locked (default 5). */
  maxFailures: number;
  /** How long a lock lasts (default 15 min). */
  lockMs: number;
  /** Login attempts per IP per window (default 10 a minute). */
  loginRateMax: number;
  loginRateWindowMs: number;
  /** Secure cookies: "auto" = when the request came over HTTPS (trustProxy honoured). */
  secureCookies: "auto" | boolean;
}

/** Defaults of {@link TAuthOptions}. */
export const DEFAULT_AUTH_OPTIONS: TAuthOptions = {
  idleMs: 2 * 3600_000,
  absoluteMs: 12 * 3600_000,
  maxFailures: 5,
  lockMs: 15 * 60_000,
  loginRateMax: 10,
  loginRateWindowMs: 60_000,
  secureCookies: "auto",
};

declare module "fastify" {
  interface FastifyInstance {
    /** Auth tunables in force. */
    authOptions: TAuthOptions;
  }
}

/** The CSRF token of a session: derived from the session token, so nothing more is stored. */
export function csrfFor(sessionToken: string): string {
  return createHmac("sha256", sessionToken).update("dxm-csrf").digest("base64url");
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 401: not signed in (or the session ended). */
export function unauthorized(code = "unauthorized"): AppError {
  return new AppError({
    status: 401,
    code,
    message:
      code === "session_expired"
        ? "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại"
        : "Cần đăng nhập để thực hiện thao tác này",
    messageEn: code === "session_expired" ? "Session expired, please sign in again" : "Sign-in required",
  });
}

/** 403: signed in but not allowed. */
export function forbidden(code = "forbidden", what?: { vi: string; en: string }): AppError {
  return new AppError({
    status: 403,
    code,
    message: what?.vi ?? "Bạn không có quyền thực hiện thao tác này",
    messageEn: what?.en ?? "You are not allowed to do this",
  });
}

/** Whether cookies must be Secure for this request. */
export function isSecureRequest(request: FastifyRequest, options: TAuthOptions): boolean {
  if (options.secureCookies !== "auto") return options.secureCookies;
  return request.protocol === "https";
}

/** Sets the session and CSRF cookies. */
export function setSessionCookies(options: {
  request: FastifyRequest;
  reply: FastifyReply;
  token: string;
  auth: TAuthOptions;
}): string {
  const secure = isSecureRequest(options.request, options.auth);
  const maxAge = Math.floor(options.auth.absoluteMs / 1000);
  const csrf = csrfFor(options.token);
  options.reply.setCookie(SESSION_COOKIE, options.token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge,
  });
  options.reply.setCookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: "lax", path: "/", secure, maxAge });
  return csrf;
}

/** Clears both cookies. */
export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
  reply.clearCookie(CSRF_COOKIE, { path: "/" });
}

function grantsOf(roles: Array<{ role: string; unitId: number; path: string }>): TGrant[] {
  return roles.map((r) => ({
    role: r.role,
    unitId: r.unitId,
    path: r.path,
    permissions: ROLE_PERMISSIONS[r.role as TRoleName] ?? [],
  }));
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Installs authentication and the deny-by-default permission gate on the root instance:
 * cookies, `request.auth`, `request.requireUnit`, and an onRequest hook that refuses a route without
 * `config.permission`, a caller without the permission (401 anonymous / 403 signed in), a
 * cookie-authenticated write without the CSRF header, and everything but their own account to a
 * person who must change their password. It runs before validation, so a refused call learns nothing.
 */
export async function installAuth(app: FastifyInstance, options: Partial<TAuthOptions> = {}): Promise<void> {
  const opts: TAuthOptions = { ...DEFAULT_AUTH_OPTIONS, ...options };
  app.decorate("authOptions", opts);
  await app.register(fastifyCookie);
  app.decorateRequest("auth", null as unknown as TAuth);
  app.decorateRequest(
    "requireUnit",
    async function (this: FastifyRequest, unitId: number, permission?: TPermission) {
      const perm = permission ?? this.routeOptions.config?.permission ?? "public";
      const path = await unitPath(app.database.orm, unitId);
      if (path === undefined) throw notFound({ vi: "đơn vị", en: "Unit" }, "unitId");
      if (!pathInScope(this.auth, perm, path)) {
        throw forbidden("out_of_scope", {
          vi: "Đơn vị này nằm ngoài phạm vi được giao cho bạn",
          en: "This unit is outside your assigned scope",
        });
      }
    },
  );
  app.decorateRequest(
    "inScope",
    async function (this: FastifyRequest, unitId: number, permission?: TPermission) {
      const perm = permission ?? this.routeOptions.config?.permission ?? "public";
      const path = await unitPath(app.database.orm, unitId);
      return path !== undefined && pathInScope(this.auth, perm, path);
    },
  );

  // Routes the app registers through plugins it does not own (swagger-ui pages, the static web app)
  // are public; every /api route must declare its permission itself.
  app.addHook("onRoute", (route) => {
    const url = route.url ?? route.path ?? "";
    const config = (route.config ?? {}) as { permission?: TPermission };
    if (config.permission === undefined && (url.startsWith("/api/docs") || !url.startsWith("/api"))) {
      route.config = { ...config, permission: "public" };
    }
  });

  app.addHook("onRequest", async (request, reply) => {
    request.auth = ANONYMOUS;
    if (request.is404) return;
    const permission = request.routeOptions.config?.permission;
    const authorization = request.headers.authorization;
    const db = app.database.orm;

    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!m?.[1].startsWith(API_KEY_PREFIX)) throw unauthorized("invalid_api_key");
      const key = await findApiKey(db, hashToken(m[1]));
      if (!key?.usable) throw unauthorized("invalid_api_key");
      void touchApiKey(db, key.id).catch(() => undefined);
      const perms = key.permissions.filter(isPermission);
      request.auth = {
        apiKeyId: key.id,
        actor: `apikey:${key.id}`,
        roles: [{ role: "apikey", unitId: key.unitId }],
        indicatorCodes: key.indicatorCodes,
        grants: [{ role: "apikey", unitId: key.unitId, path: key.path, permissions: perms }],
      };
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const s = await findSession(db, hashToken(token));
        const live = s && !s.revoked && !s.expired && s.status === "active" && s.idleMs <= opts.idleMs;
        if (!s || !live) {
          if (s && !s.revoked) await revokeSession(db, s.id);
          clearSessionCookies(reply);
          if (permission !== "public") throw unauthorized("session_expired");
        } else {
          if (s.idleMs > 60_000) await touchSession(db, s.id);
          const roles = s.grants;
          request.auth = {
            userId: s.userId,
            sessionId: s.id,
            username: s.username,
            actor: `user:${s.userId}`,
            roles: roles.map((r) => ({ role: r.role, unitId: r.unitId })),
            mustChangePassword: s.mustChangePassword,
            grants: grantsOf(roles),
          };
          // A write carried by the browser's cookie must prove it came from our page.
          if (!SAFE_METHODS.has(request.method) && request.routeOptions.config?.csrf !== false) {
            const sent = request.headers[CSRF_HEADER];
            if (typeof sent !== "string" || !sameSecret(sent, csrfFor(token))) {
              throw forbidden("csrf", {
                vi: "Thiếu hoặc sai mã chống giả mạo (CSRF), vui lòng tải lại trang",
                en: "Missing or wrong CSRF token, please reload the page",
              });
            }
          }
        }
      }
    }

    if (permission === undefined) {
      request.log.error({ url: request.routeOptions.url }, "route declares no permission: refused");
      throw forbidden("no_permission_declared");
    }
    if (permission === "public") return;
    const auth = request.auth;
    if (auth.userId === undefined && auth.apiKeyId === undefined) throw unauthorized();
    if (auth.mustChangePassword && permission !== "self") {
      throw forbidden("password_change_required", {
        vi: "Bạn cần đổi mật khẩu trước khi tiếp tục",
        en: "Change your password before continuing",
      });
    }
    if (!auth.grants.some((g) => g.permissions.includes(permission))) throw forbidden("permission_denied");
  });
}
