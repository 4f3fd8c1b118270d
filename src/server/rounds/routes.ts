import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { rows, withActor } from "../../db/client.ts";
import {
  createRound,
  getRound,
  listOwed,
  listRounds,
  roundCompleteness,
  setRoundStatus,
} from "../../db/collection/rounds.ts";
import { transitionSubmission } from "../../db/collection/submissions.ts";
import { unitScopeSql } from "../auth/context.ts";
import { badRequest, notFound } from "../errors.ts";
import { remindRound } from "../notifications/notify.ts";
import { ZIdParams } from "../schemas.ts";
import { XLSX_MIME } from "../submissions/excel.ts";
import { ZImportResult } from "../submissions/schemas.ts";
import { importRoundFile } from "./bulk-import.ts";
import { ZCompleteness, ZCreateRound, ZOwed, ZRemindResult, ZRound } from "./schemas.ts";

const ROUND = { vi: "đợt báo cáo", en: "Reporting round" };
const today = () => new Date().toISOString().slice(0, 10);

/** Reporting rounds: open, list, what a unit owes, completeness, reminders, lock, bulk upload. */
export const roundRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  app.addContentTypeParser(
    [XLSX_MIME, "text/csv", "application/octet-stream"],
    { parseAs: "buffer", bodyLimit: 20 * 1_048_576 },
    (_req, body, done) => done(null, body),
  );
  const load = async (id: number) => {
    const r = await getRound(db(), id);
    if (!r) throw notFound(ROUND, "id");
    return r;
  };

  app.post(
    "/rounds",
    {
      config: { permission: "round.manage" },
      schema: {
        tags: ["collection"],
        summary: "Open a reporting round",
        body: ZCreateRound,
        response: { 201: ZRound },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.ownerUnitId, "round.manage");
      const r = await createRound({ db: db(), actor: req.auth.actor, round: req.body });
      reply.code(201);
      return r;
    },
  );

  app.get(
    "/rounds",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Rounds owned by units in my scope",
        querystring: z.object({ status: z.enum(["draft", "open", "closed", "cancelled"]).optional() }),
        response: { 200: z.object({ items: z.array(ZRound) }) },
      },
    },
    async (req) => ({
      items: await listRounds(db(), {
        scope: unitScopeSql(req.auth, "data.read", sql`r.owner_unit_id`),
        status: req.query.status,
      }),
    }),
  );

  app.get(
    "/rounds/forms",
    {
      config: { permission: "round.manage" },
      schema: {
        tags: ["collection"],
        summary: "Active forms a round can ask for",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                code: z.string(),
                name: z.string(),
                periodType: z.string(),
                appliesTo: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: await rows<{ id: number; code: string; name: string; periodType: string; appliesTo: string }>(
        db(),
        sql`select id, code, name, period_type as "periodType", applies_to as "appliesTo" from data_set
          where status = 'active' order by code`,
      ),
    }),
  );

  app.get(
    "/rounds/owed",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["collection"],
        summary: "What the units in my scope owe in open rounds (with the state of each report)",
        querystring: z.object({ unitId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ items: z.array(ZOwed) }) },
      },
    },
    async (req) => ({
      items: await listOwed(db(), {
        scope: unitScopeSql(req.auth, "data.write", sql`ru.org_unit_id`),
        unitId: req.query.unitId,
        today: today(),
      }),
    }),
  );

  app.get(
    "/rounds/:id",
    {
      config: { permission: "data.read" },
      schema: { tags: ["collection"], summary: "A round", params: ZIdParams, response: { 200: ZRound } },
    },
    async (req) => {
      const r = await load(req.params.id);
      await req.requireUnit(r.ownerUnitId, "data.read");
      return r;
    },
  );

  app.get(
    "/rounds/:id/completeness",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Who has submitted, who is late, who was returned",
        params: ZIdParams,
        response: { 200: ZCompleteness },
      },
    },
    async (req) => {
      const r = await load(req.params.id);
      await req.requireUnit(r.ownerUnitId, "data.read");
      return roundCompleteness(db(), { roundId: r.id, today: today() });
    },
  );

  app.post(
    "/rounds/:id/status",
    {
      config: { permission: "round.manage" },
      schema: {
        tags: ["collection"],
        summary: "Open, close or cancel a round",
        params: ZIdParams,
        body: z.object({ status: z.enum(["draft", "open", "closed", "cancelled"]) }),
        response: { 200: ZRound },
      },
    },
    async (req) => {
      const r = await load(req.params.id);
      await req.requireUnit(r.ownerUnitId, "round.manage");
      await setRoundStatus({ db: db(), actor: req.auth.actor, roundId: r.id, status: req.body.status });
      return load(r.id);
    },
  );

  app.post(
    "/rounds/:id/remind",
    {
      config: { permission: "round.manage" },
      schema: {
        tags: ["collection"],
        summary: "Remind units that have not submitted (in-app, and e-mail when SMTP is configured)",
        params: ZIdParams,
        response: { 200: ZRemindResult },
      },
    },
    async (req) => {
      const r = await load(req.params.id);
      await req.requireUnit(r.ownerUnitId, "round.manage");
      return (await remindRound({ db: db(), roundId: r.id, today: today(), log: req.log }))!;
    },
  );

  app.post(
    "/rounds/:id/lock",
    {
      config: { permission: "round.manage" },
      schema: {
        tags: ["collection"],
        summary: "Lock every approved report of the round (khóa sổ)",
        params: ZIdParams,
        response: { 200: z.object({ locked: z.number().int() }) },
      },
    },
    async (req) => {
      const r = await load(req.params.id);
      await req.requireUnit(r.ownerUnitId, "round.manage");
      const approved = await rows<{ id: number; version: number }>(
        db(),
        sql`select id, version from submission where round_id = ${r.id} and state = 'approved'`,
      );
      await withActor(db(), { actor: req.auth.actor, reason: `khóa sổ đợt ${r.name}` }, async (tx) => {
        for (const s of approved)
          await transitionSubmission({
            db: tx,
            actor: req.auth.actor,
            submissionId: s.id,
            version: s.version,
            action: "lock",
          });
      });
      return { locked: approved.length };
    },
  );

  app.post(
    "/rounds/:id/import",
    {
      config: { permission: "round.manage" },
      schema: {
        tags: ["collection"],
        summary: "Bulk upload (XLSX or CSV) of many units' figures for one form; all or nothing",
        params: ZIdParams,
        querystring: z.object({
          dataSetId: z.coerce.number().int().positive(),
          submit: z.enum(["1", "0"]).optional(),
        }),
        consumes: [XLSX_MIME, "text/csv"],
        response: { 200: ZImportResult, 400: ZImportResult },
      },
    },
    async (req, reply) => {
      const r = await load(req.params.id);
      await req.requireUnit(r.ownerUnitId, "round.manage");
      if (!r.dataSetIds.includes(req.query.dataSetId))
        throw badRequest({
          field: "dataSetId",
          message: "Biểu mẫu không thuộc đợt báo cáo",
          messageEn: "The form is not part of the round",
        });
      if (!Buffer.isBuffer(req.body))
        throw badRequest({
          field: "file",
          message: "Hãy gửi tệp .xlsx hoặc .csv",
          messageEn: "Send an .xlsx or .csv file",
        });
      const isZip = req.body[0] === 0x50 && req.body[1] === 0x4b;
      const result = await importRoundFile({
        db: db(),
        actor: req.auth.actor,
        round: r,
        dataSetId: req.query.dataSetId,
        buffer: req.body,
        kind: isZip ? "xlsx" : "csv",
        submit: req.query.submit === "1",
      });
      if (!result.ok) reply.code(400);
      return result;
    },
  );
};
