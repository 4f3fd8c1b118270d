import { sql } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  createSession,
  findLoginUser,
  passwordHashOf,
  purgeOldSessions,
  recordAccess,
  recordLoginFailure,
  recordLoginSuccess,
  revokeSession,
  revokeUserSessions,
  setPasswordHash,
} from "../../db/auth.ts";
import { one, rows } from "../../db/client.ts";
import { AppError, badRequest, ZErrorBody } from "../errors.ts";
import { checkPassword, hashPassword, verifyPassword } from "./passwords.ts";
import { ROLE_PERMISSIONS, type TRoleName } from "./permissions.ts";
import { clearSessionCookies, csrfFor, SESSION_COOKIE, setSessionCookies, unauthorized } from "./plugin.ts";
import { type TMe, ZLoginBody, ZMe, ZOk, ZPasswordChange } from "./schemas.ts";

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody };

function invalidCredentials(): AppError {
  return new AppError({
    status: 401,
    code: "invalid_credentials",
    message: "Sai tên đăng nhập hoặc mật khẩu",
    messageEn: "Wrong username or password",
  });
}

/** Request facts for the access log (no cookies, no passwords). */
export function accessContext(request: FastifyRequest) {
  return {
    actor: request.auth.actor,
    userId: request.auth.userId ?? null,
    username: request.auth.username ?? null,
    apiKeyId: request.auth.apiKeyId ?? null,
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? null,
  };
}

/** Builds the /me answer for a user and the CSRF token of their session. */
export async function describeMe(options: {
  request: FastifyRequest;
  userId: number;
  csrfToken: string;
}): Promise<TMe> {
  const db = options.request.server.database.orm;
  const user = await one<TMe["user"]>(
    db,
    sql`select a.id, a.username, a.display_name as "displayName", a.email, a.unit_id as "unitId",
        u.name as "unitName", a.must_change_password as "mustChangePassword"
      from app_user a left join org_unit u on u.id = a.unit_id where a.id = ${options.userId}`,
  );
  if (!user) throw unauthorized();
  const roles = await rows<{ role: string; unitId: number; unitName: string | null }>(
    db,
    sql`select ra.role, ra.unit_id as "unitId", u.name as "unitName"
      from role_assignment ra join org_unit u on u.id = ra.unit_id where ra.user_id = ${options.userId} order by ra.id`,
  );
  const withPerms = roles.map((r) => ({
    ...r,
    permissions: [...(ROLE_PERMISSIONS[r.role as TRoleName] ?? [])],
  }));
  return {
    user,
    roles: withPerms,
    permissions: [...new Set(withPerms.flatMap((r) => r.permissions))].sort(),
    csrfToken: options.csrfToken,
  };
}

function sessionToken(request: FastifyRequest): string {
  return request.cookies[SESSION_COOKIE] ?? "";
}

/** Sign in and out, who am I, change my password. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const opts = app.authOptions;
  app.post(
    "/auth/login",
    {
      config: {
        permission: "public",
        csrf: false,
        rateLimit: {
          max: opts.loginRateMax,
          timeWindow: opts.loginRateWindowMs,
          errorResponseBuilder: () =>
            new AppError({
              status: 429,
              code: "rate_limited",
              message: "Quá nhiều lần đăng nhập, vui lòng thử lại sau ít phút",
              messageEn: "Too many sign-in attempts, try again in a few minutes",
            }),
        },
      },
      schema: {
        tags: ["auth"],
        summary: "Sign in (sets the HttpOnly session cookie; returns the CSRF token)",
        body: ZLoginBody,
        response: { 200: ZMe, ...errors, 423: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request, reply) => {
      const db = app.database.orm;
      const { username, password } = request.body;
      const ctx = { ip: request.ip, userAgent: request.headers["user-agent"] ?? null };
      const user = await findLoginUser(db, username);
      if (user?.status !== "active") {
        await verifyPassword(null, password);
        await recordAccess(db, {
          event: "login_failed",
          actor: "anonymous",
          username: username.slice(0, 100),
          userId: user?.id ?? null,
          detail: { reason: user ? "disabled" : "unknown_user" },
          ...ctx,
        });
        throw invalidCredentials();
      }
      const base = {
        actor: `user:${user.id}`,
        userId: user.id,
        username: user.username,
        unitId: user.unitId,
        ...ctx,
      };
      if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) {
        await recordAccess(db, { ...base, event: "login_locked", detail: { lockedUntil: user.lockedUntil } });
        const seconds = Math.ceil((new Date(user.lockedUntil).getTime() - Date.now()) / 1000);
        reply.header("retry-after", String(seconds));
        throw new AppError({
          status: 423,
          code: "account_locked",
          message: `Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau ${Math.ceil(seconds / 60)} phút`,
          messageEn: `Account locked after repeated failures; try again in ${Math.ceil(seconds / 60)} min`,
        });
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const state = await recordLoginFailure(db, {
          userId: user.id,
          maxFailures: opts.maxFailures,
          lockMs: opts.lockMs,
        });
        await recordAccess(db, {
          ...base,
          event: state.locked ? "login_locked" : "login_failed",
          detail: { reason: "password", failedLogins: state.failedLogins },
        });
        throw invalidCredentials();
      }
      await recordLoginSuccess(db, user.id);
      await purgeOldSessions(db);
      const session = await createSession(db, {
        userId: user.id,
        absoluteMs: opts.absoluteMs,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      const csrf = setSessionCookies({ request, reply, token: session.token, auth: opts });
      await recordAccess(db, { ...base, event: "login", detail: { sessionId: session.id } });
      return describeMe({ request, userId: user.id, csrfToken: csrf });
    },
  );

  app.get(
    "/auth/me",
    {
      config: { permission: "self" },
      schema: {
        tags: ["auth"],
        summary: "The signed-in person, roles, permissions, CSRF token",
        response: { 200: ZMe, ...errors },
      },
    },
    async (request) => {
      if (request.auth.userId === undefined) throw unauthorized();
      return describeMe({ request, userId: request.auth.userId, csrfToken: csrfFor(sessionToken(request)) });
    },
  );

  const logout = async (request: FastifyRequest, reply: FastifyReply, everywhere: boolean) => {
    const db = app.database.orm;
    let count = 1;
    if (everywhere && request.auth.userId !== undefined) {
      count = await revokeUserSessions(db, request.auth.userId);
    } else if (request.auth.sessionId !== undefined) {
      await revokeSession(db, request.auth.sessionId);
    }
    clearSessionCookies(reply);
    await recordAccess(db, {
      ...accessContext(request),
      event: everywhere ? "logout_all" : "logout",
      detail: { sessions: count },
    });
    return { ok: true as const, count };
  };
  app.post(
    "/auth/logout",
    {
      config: { permission: "self" },
      schema: { tags: ["auth"], summary: "Sign out of this browser", response: { 200: ZOk, ...errors } },
    },
    (request, reply) => logout(request, reply, false),
  );
  app.post(
    "/auth/logout-all",
    {
      config: { permission: "self" },
      schema: {
        tags: ["auth"],
        summary: "Sign out everywhere (every session of this account)",
        response: { 200: ZOk, ...errors },
      },
    },
    (request, reply) => logout(request, reply, true),
  );

  app.post(
    "/auth/password",
    {
      config: { permission: "self" },
      schema: {
        tags: ["auth"],
        summary: "Change my password (other sessions are signed out)",
        body: ZPasswordChange,
        response: { 200: ZOk, ...errors },
      },
    },
    async (request) => {
      const db = app.database.orm;
      const userId = request.auth.userId;
      if (userId === undefined) throw unauthorized();
      const { currentPassword, newPassword } = request.body;
      if (!(await verifyPassword(await passwordHashOf(db, userId), currentPassword))) {
        throw badRequest({
          field: "currentPassword",
          code: "wrong_password",
          message: "Mật khẩu hiện tại không đúng",
          messageEn: "The current password is wrong",
        });
      }
      const me = await one<{ username: string; displayName: string; email: string | null }>(
        db,
        sql`select username, display_name as "displayName", email from app_user where id = ${userId}`,
      );
      const problem = checkPassword({ password: newPassword, ...me });
      if (problem) throw badRequest({ field: "newPassword", ...problem, code: `password_${problem.code}` });
      if (newPassword === currentPassword) {
        throw badRequest({
          field: "newPassword",
          code: "password_same",
          message: "Mật khẩu mới phải khác mật khẩu cũ",
          messageEn: "The new password must differ from the old one",
        });
      }
      await setPasswordHash(db, {
        userId,
        passwordHash: await hashPassword(newPassword),
        mustChange: false,
        actor: request.auth.actor,
        reason: "đổi mật khẩu",
      });
      const count = await revokeUserSessions(db, userId, request.auth.sessionId);
      await recordAccess(db, {
        ...accessContext(request),
        event: "password_change",
        detail: { otherSessionsEnded: count },
      });
      return { ok: true as const, count };
    },
  );
};
