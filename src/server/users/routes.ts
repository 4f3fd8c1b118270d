import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { hashToken, newToken, recordAccess, revokeUserSessions, setPasswordHash } from "../../db/auth.ts";
import { one, withActor } from "../../db/client.ts";
import { unitScopeSql } from "../auth/context.ts";
import { hashPassword, temporaryPassword } from "../auth/passwords.ts";
import { grantableRoles, type TRoleName } from "../auth/permissions.ts";
import { API_KEY_PREFIX, forbidden } from "../auth/plugin.ts";
import { accessContext } from "../auth/routes.ts";
import { badRequest, notFound, ZErrorBody } from "../errors.ts";
import { ZIdParams, ZPage, ZPageQuery } from "../schemas.ts";
import {
  type TUser,
  ZApiKey,
  ZApiKeyCreate,
  ZApiKeyCreated,
  ZRoleGrant,
  ZTemporaryPassword,
  ZUser,
  ZUserCreate,
  ZUserUpdate,
} from "./schemas.ts";
import { getApiKey, getUser, listApiKeys, listUsers } from "./store.ts";

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };
const USER = { vi: "người dùng", en: "User" };

function callerRoles(request: FastifyRequest): string[] {
  return request.auth.grants.filter((g) => g.permissions.includes("users.manage")).map((g) => g.role);
}

function isRootScope(request: FastifyRequest): boolean {
  return request.auth.grants.some(
    (g) => g.permissions.includes("users.manage") && g.path.split("/").filter(Boolean).length <= 1,
  );
}

/** Loads a user the caller may manage: inside their scope, and an administrator only for an administrator. */
async function manageableUser(request: FastifyRequest, id: number): Promise<TUser> {
  const user = await getUser(request.server.database.orm, id);
  if (!user) throw notFound(USER, "id");
  if (user.unitId === null) {
    if (!isRootScope(request)) throw forbidden("out_of_scope");
  } else {
    await request.requireUnit(user.unitId, "users.manage");
  }
  if (user.roles.some((r) => r.role === "admin") && !callerRoles(request).includes("admin")) {
    throw forbidden("admin_only", {
      vi: "Chỉ quản trị hệ thống mới sửa được tài khoản quản trị",
      en: "Only an administrator can change an administrator's account",
    });
  }
  return user;
}

function notSelf(request: FastifyRequest, userId: number): void {
  if (request.auth.userId === userId) {
    throw forbidden("self_change", {
      vi: "Không thể tự thay đổi vai trò hay trạng thái của chính mình",
      en: "You cannot change your own roles or status",
    });
  }
}

async function checkGrant(request: FastifyRequest, grant: { role: string; unitId: number }): Promise<void> {
  if (!grantableRoles(callerRoles(request)).includes(grant.role as TRoleName)) {
    throw forbidden("role_not_grantable", {
      vi: `Bạn không được giao vai trò "${grant.role}"`,
      en: `You may not grant the role "${grant.role}"`,
    });
  }
  await request.requireUnit(grant.unitId, "users.manage");
}

/** User administration: accounts, roles over unit subtrees, password resets, API keys. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  const manage = { permission: "users.manage" as const };

  app.get(
    "/users",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Users inside my scope",
        querystring: ZPageQuery.extend({
          q: z.string().trim().min(1).max(100).optional(),
          unitId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
        }),
        response: { 200: ZPage(ZUser), ...errors },
      },
    },
    async (request) => {
      if (request.query.unitId !== undefined) await request.requireUnit(request.query.unitId);
      const inScope = unitScopeSql(request.auth, "users.manage", sql`a.unit_id`);
      const scope = isRootScope(request) ? sql`true` : inScope;
      const r = await listUsers(db(), { scope, ...request.query });
      return { ...r, limit: request.query.limit, offset: request.query.offset };
    },
  );

  app.get(
    "/users/:id",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "One user",
        params: ZIdParams,
        response: { 200: ZUser, ...errors },
      },
    },
    (request) => manageableUser(request, request.params.id),
  );

  app.post(
    "/users",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Create an account (temporary password shown once; changed at first login)",
        body: ZUserCreate,
        response: { 200: ZTemporaryPassword, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      await request.requireUnit(body.unitId);
      for (const r of body.roles) await checkGrant(request, r);
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      const id = await withActor(db(), { actor: request.auth.actor, reason: "tạo tài khoản" }, async (tx) => {
        const row = await one<{ id: number }>(
          tx,
          sql`insert into app_user (username, display_name, email, phone, unit_id, password_hash, must_change_password, password_changed_at)
            values (${body.username}, ${body.displayName}, ${body.email ?? null}, ${body.phone ?? null}, ${body.unitId},
              ${passwordHash}, true, now()) returning id`,
        );
        for (const r of body.roles) {
          await tx.execute(sql`insert into role_assignment (user_id, role, unit_id) values (${row!.id}, ${r.role}, ${r.unitId})
            on conflict do nothing`);
        }
        return row!.id;
      });
      const ctx = accessContext(request);
      await recordAccess(db(), {
        ...ctx,
        event: "user_create",
        targetUserId: id,
        unitId: body.unitId,
        detail: { username: body.username },
      });
      for (const r of body.roles) {
        await recordAccess(db(), {
          ...ctx,
          event: "role_grant",
          targetUserId: id,
          unitId: r.unitId,
          detail: { role: r.role },
        });
      }
      return { user: (await getUser(db(), id))!, temporaryPassword: password };
    },
  );

  app.patch(
    "/users/:id",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Change an account (disabling signs it out everywhere)",
        params: ZIdParams,
        body: ZUserUpdate,
        response: { 200: ZUser, ...errors },
      },
    },
    async (request) => {
      const user = await manageableUser(request, request.params.id);
      const b = request.body;
      if (b.status !== undefined || b.unitId !== undefined) notSelf(request, user.id);
      if (b.unitId !== undefined) await request.requireUnit(b.unitId);
      await withActor(db(), { actor: request.auth.actor, reason: "sửa tài khoản" }, async (tx) => {
        await tx.execute(sql`update app_user set
            display_name = coalesce(${b.displayName ?? null}, display_name),
            email = case when ${b.email !== undefined} then ${b.email ?? null} else email end,
            phone = case when ${b.phone !== undefined} then ${b.phone ?? null} else phone end,
            unit_id = coalesce(${b.unitId ?? null}::int, unit_id),
            status = coalesce(${b.status ?? null}, status),
            updated_at = now()
          where id = ${user.id}`);
      });
      if (b.status === "disabled") await revokeUserSessions(db(), user.id);
      await recordAccess(db(), {
        ...accessContext(request),
        event: b.status === "disabled" ? "user_disable" : "user_update",
        targetUserId: user.id,
        unitId: user.unitId,
        detail: { fields: Object.keys(b) },
      });
      return (await getUser(db(), user.id))!;
    },
  );

  app.post(
    "/users/:id/reset-password",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Reset a password (temporary password shown once; must be changed at next login)",
        params: ZIdParams,
        response: { 200: ZTemporaryPassword, ...errors },
      },
    },
    async (request) => {
      const user = await manageableUser(request, request.params.id);
      notSelf(request, user.id);
      const password = temporaryPassword();
      await setPasswordHash(db(), {
        userId: user.id,
        passwordHash: await hashPassword(password),
        mustChange: true,
        actor: request.auth.actor,
        reason: "đặt lại mật khẩu",
      });
      const ended = await revokeUserSessions(db(), user.id);
      await recordAccess(db(), {
        ...accessContext(request),
        event: "password_reset",
        targetUserId: user.id,
        unitId: user.unitId,
        detail: { sessionsEnded: ended },
      });
      return { user: (await getUser(db(), user.id))!, temporaryPassword: password };
    },
  );

  app.post(
    "/users/:id/roles",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Grant a role over a unit subtree",
        params: ZIdParams,
        body: ZRoleGrant,
        response: { 200: ZUser, ...errors },
      },
    },
    async (request) => {
      const user = await manageableUser(request, request.params.id);
      notSelf(request, user.id);
      await checkGrant(request, request.body);
      await withActor(db(), { actor: request.auth.actor, reason: "giao vai trò" }, async (tx) => {
        await tx.execute(sql`insert into role_assignment (user_id, role, unit_id)
          values (${user.id}, ${request.body.role}, ${request.body.unitId}) on conflict do nothing`);
      });
      await recordAccess(db(), {
        ...accessContext(request),
        event: "role_grant",
        targetUserId: user.id,
        unitId: request.body.unitId,
        detail: { role: request.body.role },
      });
      return (await getUser(db(), user.id))!;
    },
  );

  app.delete(
    "/users/:id/roles/:roleId",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Withdraw a role",
        params: ZIdParams.extend({ roleId: ZIdParams.shape.id }),
        response: { 200: ZUser, ...errors },
      },
    },
    async (request) => {
      const user = await manageableUser(request, request.params.id);
      notSelf(request, user.id);
      const assignment = user.roles.find((r) => r.id === request.params.roleId);
      if (!assignment) throw notFound({ vi: "vai trò", en: "Role assignment" }, "roleId");
      await checkGrant(request, assignment);
      await withActor(db(), { actor: request.auth.actor, reason: "thu hồi vai trò" }, async (tx) => {
        await tx.execute(
          sql`delete from role_assignment where id = ${assignment.id} and user_id = ${user.id}`,
        );
      });
      await recordAccess(db(), {
        ...accessContext(request),
        event: "role_revoke",
        targetUserId: user.id,
        unitId: assignment.unitId,
        detail: { role: assignment.role },
      });
      return (await getUser(db(), user.id))!;
    },
  );

  app.get(
    "/api-keys",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "API keys inside my scope",
        response: { 200: z.object({ items: z.array(ZApiKey) }), ...errors },
      },
    },
    async (request) => ({
      items: await listApiKeys(db(), unitScopeSql(request.auth, "users.manage", sql`k.unit_id`)),
    }),
  );

  app.post(
    "/api-keys",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Create an API key for a machine feed (secret shown once)",
        body: ZApiKeyCreate,
        response: { 200: ZApiKeyCreated, ...errors },
      },
    },
    async (request) => {
      const b = request.body;
      await request.requireUnit(b.unitId);
      if (b.expiresAt && new Date(b.expiresAt).getTime() <= Date.now()) {
        throw badRequest({
          field: "expiresAt",
          message: "Ngày hết hạn phải ở tương lai",
          messageEn: "Expiry must be in the future",
        });
      }
      const secret = newToken(API_KEY_PREFIX);
      const codes = b.indicatorCodes === null ? null : JSON.stringify(b.indicatorCodes);
      const id = await withActor(db(), { actor: request.auth.actor, reason: "tạo khóa API" }, async (tx) => {
        const row = await one<{ id: number }>(
          tx,
          sql`insert into api_key (name, prefix, key_hash, unit_id, province_id, indicator_codes, permissions, created_by, expires_at)
            values (${b.name}, ${secret.slice(0, 10)}, ${hashToken(secret)}, ${b.unitId},
              (select coalesce(province_id, case when kind = 'province' then id end) from org_unit where id = ${b.unitId}),
              case when ${codes}::jsonb is null then null
                else coalesce((select array_agg(x) from jsonb_array_elements_text(${codes}::jsonb) as x), '{}') end,
              (select array_agg(x) from jsonb_array_elements_text(${JSON.stringify(b.permissions)}::jsonb) as x),
              ${request.auth.userId ?? null}, ${b.expiresAt ?? null}::timestamptz)
            returning id`,
        );
        return row!.id;
      });
      await recordAccess(db(), {
        ...accessContext(request),
        event: "apikey_create",
        unitId: b.unitId,
        detail: { apiKeyId: id, permissions: b.permissions },
      });
      return { key: (await getApiKey(db(), id))!, secret };
    },
  );

  app.delete(
    "/api-keys/:id",
    {
      config: manage,
      schema: {
        tags: ["users"],
        summary: "Revoke an API key",
        params: ZIdParams,
        response: { 200: ZApiKey, ...errors },
      },
    },
    async (request) => {
      const key = await getApiKey(db(), request.params.id);
      if (!key) throw notFound({ vi: "khóa API", en: "API key" }, "id");
      await request.requireUnit(key.unitId);
      await withActor(db(), { actor: request.auth.actor, reason: "thu hồi khóa API" }, async (tx) => {
        await tx.execute(
          sql`update api_key set revoked_at = now() where id = ${key.id} and revoked_at is null`,
        );
      });
      await recordAccess(db(), {
        ...accessContext(request),
        event: "apikey_revoke",
        unitId: key.unitId,
        detail: { apiKeyId: key.id },
      });
      return (await getApiKey(db(), key.id))!;
    },
  );
};
