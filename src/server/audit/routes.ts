import { type SQL, sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ACCESS_EVENTS } from "../../db/auth.ts";
import { one, rows } from "../../db/client.ts";
import { unitScopeSql } from "../auth/context.ts";
import { ZErrorBody } from "../errors.ts";
import { ZPage, ZPageQuery } from "../schemas.ts";

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZId = z.coerce.number().int().positive().max(2_147_483_647);
const ZWhen = z.iso.datetime({ offset: true }).or(z.iso.date());

/** One access-log entry. */
export const ZAccessEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  event: z.string(),
  actor: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  apiKeyId: z.number().int().nullable(),
  targetUserId: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

/** One audited change: who, when, table, row, before, after, why. */
export const ZChangeEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  table: z.string(),
  rowId: z.string().nullable(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  provinceId: z.number().int().nullable(),
});

function rootScope(request: FastifyRequest): boolean {
  return request.auth.grants.some(
    (g) => g.permissions.includes("audit.read") && g.path.split("/").filter(Boolean).length <= 1,
  );
}

/** Rows whose unit column lies in the caller's audit scope (everything for a nation-wide auditor). */
function scoped(request: FastifyRequest, column: SQL): SQL {
  return rootScope(request) ? sql`true` : unitScopeSql(request.auth, "audit.read", column);
}

/** The access log and the change log, for auditors, inside their scope. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/audit/access",
    {
      config: { permission: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "Access log: sign-ins, failures, sign-outs, role changes, password resets, exports",
        querystring: ZPageQuery.extend({
          event: z.enum(ACCESS_EVENTS).optional(),
          userId: ZId.optional(),
          unitId: ZId.optional(),
          from: ZWhen.optional(),
          to: ZWhen.optional(),
        }),
        response: { 200: ZPage(ZAccessEntry), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const conds = [scoped(request, sql`l.unit_id`)];
      if (q.unitId !== undefined) {
        await request.requireUnit(q.unitId);
        conds.push(
          sql`l.unit_id in (select id from org_unit where path like (select path from org_unit where id = ${q.unitId}) || '%')`,
        );
      }
      if (q.event) conds.push(sql`l.event = ${q.event}`);
      if (q.userId !== undefined)
        conds.push(sql`(l.user_id = ${q.userId} or l.target_user_id = ${q.userId})`);
      if (q.from) conds.push(sql`l.at >= ${q.from}::timestamptz`);
      if (q.to) conds.push(sql`l.at < ${q.to}::timestamptz`);
      const where = sql.join(conds, sql` and `);
      const items = await rows<z.infer<typeof ZAccessEntry>>(
        app.database.orm,
        sql`select l.id, l.at::text as at, l.event, l.actor, l.user_id as "userId", l.username, l.api_key_id as "apiKeyId",
            l.target_user_id as "targetUserId", l.unit_id as "unitId", l.ip, l.detail
          from access_log l where ${where} order by l.id desc limit ${q.limit} offset ${q.offset}`,
      );
      const total = await one<{ n: number }>(
        app.database.orm,
        sql`select count(*)::int as n from access_log l where ${where}`,
      );
      return { items, total: total?.n ?? 0, limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    "/audit/changes",
    {
      config: { permission: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "Change log (who changed what, before and after, why) by table, row or unit",
        querystring: ZPageQuery.extend({
          table: z
            .string()
            .regex(/^[a-z_][a-z0-9_]{0,62}$/)
            .optional(),
          rowId: z
            .string()
            .regex(/^\d{1,19}$/)
            .optional(),
          unitId: ZId.optional(),
          actor: z.string().max(100).optional(),
          from: ZWhen.optional(),
          to: ZWhen.optional(),
        }),
        response: { 200: ZPage(ZChangeEntry), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const conds = [scoped(request, sql`l.province_id`)];
      if (q.table) conds.push(sql`l.table_name = ${q.table}`);
      if (q.rowId) conds.push(sql`l.row_id = ${q.rowId}`);
      if (q.actor) conds.push(sql`l.actor = ${q.actor}`);
      if (q.unitId !== undefined) {
        await request.requireUnit(q.unitId);
        const id = String(q.unitId);
        conds.push(sql`((l.table_name = 'org_unit' and l.row_id = ${id})
          or coalesce(l.after, l.before) ->> 'org_unit_id' = ${id} or coalesce(l.after, l.before) ->> 'unit_id' = ${id}
          or coalesce(l.after, l.before) ->> 'commune_id' = ${id})`);
      }
      if (q.from) conds.push(sql`l.at >= ${q.from}::timestamptz`);
      if (q.to) conds.push(sql`l.at < ${q.to}::timestamptz`);
      const where = sql.join(conds, sql` and `);
      const items = await rows<z.infer<typeof ZChangeEntry>>(
        app.database.orm,
        sql`select l.id, l.at::text as at, l.actor, l.table_name as "table", l.row_id as "rowId", l.action, l.before, l.after,
            l.reason, l.province_id as "provinceId"
          from audit_log l where ${where} order by l.id desc limit ${q.limit} offset ${q.offset}`,
      );
      const total = await one<{ n: number }>(
        app.database.orm,
        sql`select count(*)::int as n from audit_log l where ${where}`,
      );
      return { items, total: total?.n ?? 0, limit: q.limit, offset: q.offset };
    },
  );
};
