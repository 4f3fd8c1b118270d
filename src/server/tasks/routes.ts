/**
 * Tasks API: tasks created from a session's conclusions, the follow-up list (overdue / due within N
 * days — the dashboard shows them), progress reports with evidence by the responsible or
 * co-operating units, cancellation and in-app reminders.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { withActor } from "../../db/client.ts";
import { todayIso } from "../../db/review/report.ts";
import { getSession, SESSION } from "../../db/review/sessions.ts";
import {
  addProgress,
  cancelTask,
  createTask,
  getTask,
  listProgress,
  listTasks,
  remindTasks,
  TASK,
} from "../../db/review/tasks.ts";
import { unitScopeSql } from "../auth/context.ts";
import type { TPermission } from "../auth/permissions.ts";
import { AppError, notFound } from "../errors.ts";
import { ZIdParams, ZPage } from "../schemas.ts";
import { ZTask, ZTaskDetail, ZTaskInput, ZTaskListQuery, ZTaskProgressInput } from "./schemas.ts";

/** Tasks the caller sees: of sessions of units in scope, or assigned to (or shared with) units in scope. */
function taskScope(req: FastifyRequest, permission: TPermission): SQL {
  return sql`(${unitScopeSql(req.auth, permission, sql`s.unit_id`)}
    or ${unitScopeSql(req.auth, permission, sql`t.responsible_unit_id`)}
    or exists (select 1 from unnest(t.cooperating_unit_ids) cu(id) where ${unitScopeSql(req.auth, permission, sql`cu.id`)}))`;
}

async function loadTask(app: FastifyInstance, req: FastifyRequest, id: number) {
  const task = await getTask(app.database.orm, { id, today: todayIso() });
  if (!task) throw notFound(TASK, "id");
  const session = await getSession(app.database.orm, task.sessionId);
  const units = [session?.unitId, task.responsibleUnitId, ...task.cooperatingUnits.map((u) => u.id)];
  for (const u of units) if (u !== undefined && (await req.inScope(u, "data.read"))) return task;
  throw notFound(TASK, "id");
}

/** /sessions/:id/tasks, /tasks … */
export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.post(
    "/sessions/:id/tasks",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["tasks"],
        summary:
          "Assign a task (from a conclusion) to a responsible unit with co-operating units and a deadline",
        params: ZIdParams,
        body: ZTaskInput,
        response: { 201: ZTask },
      },
    },
    async (req, reply) => {
      const s = await getSession(db(), req.params.id);
      if (!s) throw notFound(SESSION, "id");
      await req.requireUnit(s.unitId);
      const id = await withActor(
        db(),
        { actor: req.auth.actor, reason: "giao nhiệm vụ từ kết luận hội nghị" },
        (tx) =>
          createTask(tx, {
            sessionId: s.id,
            provinceId: s.provinceId,
            input: req.body,
            actor: req.auth.actor,
          }),
      );
      reply.code(201);
      return (await getTask(db(), { id, today: todayIso() }))!;
    },
  );

  app.get(
    "/tasks",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["tasks"],
        summary: "Tasks in the caller's scope; overdue=true or dueWithinDays=N for the follow-up lists",
        querystring: ZTaskListQuery,
        response: { 200: ZPage(ZTask) },
      },
    },
    async (req) => {
      const r = await listTasks(db(), {
        ...req.query,
        today: todayIso(),
        scope: taskScope(req, "data.read"),
      });
      return { ...r, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get(
    "/tasks/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["tasks"],
        summary: "One task with its progress reports",
        params: ZIdParams,
        response: { 200: ZTaskDetail },
      },
    },
    async (req) => {
      const task = await loadTask(app, req, req.params.id);
      return { ...task, progress: await listProgress(db(), task.id) };
    },
  );

  app.post(
    "/tasks/:id/progress",
    {
      config: { permission: "task.update" },
      schema: {
        tags: ["tasks"],
        summary: "Report progress of a task with evidence (attachment ids, a link or text); version required",
        params: ZIdParams,
        body: ZTaskProgressInput,
        response: { 201: ZTaskDetail },
      },
    },
    async (req, reply) => {
      const task = await loadTask(app, req, req.params.id);
      const unitId = req.body.unitId ?? task.responsibleUnitId;
      const allowed = [task.responsibleUnitId, ...task.cooperatingUnits.map((u) => u.id)];
      if (!allowed.includes(unitId)) {
        throw new AppError({
          status: 400,
          code: "not_assigned",
          field: "unitId",
          message: "Đơn vị này không chủ trì hay phối hợp thực hiện nhiệm vụ",
          messageEn: "This unit is neither responsible for nor co-operating on the task",
        });
      }
      await req.requireUnit(unitId, "task.update");
      const today = todayIso();
      await withActor(db(), { actor: req.auth.actor, reason: "báo cáo tiến độ nhiệm vụ" }, (tx) =>
        addProgress(tx, { taskId: task.id, unitId, input: req.body, actor: req.auth.actor, today }),
      );
      reply.code(201);
      const fresh = (await getTask(db(), { id: task.id, today }))!;
      return { ...fresh, progress: await listProgress(db(), task.id) };
    },
  );

  app.post(
    "/tasks/:id/cancel",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["tasks"],
        summary: "Cancel a task (it then counts neither as done nor as overdue)",
        params: ZIdParams,
        body: z.object({ version: z.number().int().positive() }),
        response: { 200: ZTask },
      },
    },
    async (req) => {
      const task = await loadTask(app, req, req.params.id);
      const s = await getSession(db(), task.sessionId);
      await req.requireUnit(s!.unitId);
      await withActor(db(), { actor: req.auth.actor, reason: "hủy nhiệm vụ" }, (tx) =>
        cancelTask(tx, { taskId: task.id, version: req.body.version }),
      );
      return (await getTask(db(), { id: task.id, today: todayIso() }))!;
    },
  );

  app.post(
    "/tasks/reminders",
    {
      config: { permission: "session.manage" },
      schema: {
        tags: ["tasks"],
        summary: "Send in-app reminders for overdue tasks and tasks due within N days (once a day per task)",
        body: z.object({
          provinceId: z.number().int().positive(),
          withinDays: z.number().int().min(0).max(365).default(7),
        }),
        response: { 200: z.object({ created: z.number().int() }) },
      },
    },
    async (req) => {
      await req.requireUnit(req.body.provinceId);
      const created = await withActor(db(), { actor: req.auth.actor, reason: "nhắc hạn nhiệm vụ" }, (tx) =>
        remindTasks(tx, {
          provinceId: req.body.provinceId,
          today: todayIso(),
          withinDays: req.body.withinDays,
        }),
      );
      return { created };
    },
  );
};
