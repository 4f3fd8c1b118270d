import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { withActor } from "../../db/client.ts";
import {
  createProgramme,
  getBoard,
  getRegistration,
  listProgrammes,
  programmeProvince,
  recogniseRegistration,
  registerCommune,
  registrationCommune,
  saveAnswers,
} from "../../db/community/programme.ts";
import { notFound } from "../errors.ts";
import { ZIdParams } from "../schemas.ts";
import {
  ZAnswersBody,
  ZBoard,
  ZProgramme,
  ZProgrammeCreate,
  ZProgrammeQuery,
  ZRecogniseBody,
  ZRegistration,
  ZRegistrationCreate,
} from "./schemas.ts";

const PROGRAMME = { vi: "chương trình xã chuyển đổi số", en: "Programme" };
const REGISTRATION = { vi: "đăng ký", en: "Registration" };

/**
 * Commune DX programme: programmes per province and year, registrations (basic / advanced), answers to the
 * criteria, recognition decided by the evaluation engine's rule, and the province's status board.
 */
export const programmeRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;

  app.get(
    "/programmes",
    {
      config: { permission: "public" },
      schema: {
        tags: ["programme"],
        summary: "Commune DX programmes of a province",
        querystring: ZProgrammeQuery,
        response: { 200: z.object({ items: z.array(ZProgramme) }) },
      },
    },
    async (req) => ({ items: await listProgrammes({ db: db(), provinceId: req.query.provinceId }) }),
  );

  app.post(
    "/programmes",
    {
      config: { permission: "plan.manage" },
      schema: {
        tags: ["programme"],
        summary: "Open a province's programme for a year (default criteria and recognition rule)",
        body: ZProgrammeCreate,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.provinceId);
      const id = await withActor(db(), { actor: req.auth.actor, reason: "mở chương trình xã CĐS" }, (tx) =>
        createProgramme({ db: tx, ...req.body }),
      );
      reply.code(201);
      return { id };
    },
  );

  app.get(
    "/programmes/:id/board",
    {
      config: { permission: "public" },
      schema: {
        tags: ["programme"],
        summary: 'Status board: "72/173 registered, 69 basic, 3 advanced", and each commune\'s level',
        params: ZIdParams,
        response: { 200: ZBoard },
      },
    },
    async (req) => {
      const board = await getBoard({ db: db(), programmeId: req.params.id });
      if (!board) throw notFound(PROGRAMME, "id");
      return board;
    },
  );

  app.post(
    "/programmes/:id/registrations",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["programme"],
        summary: "Register a commune at a level (basic / advanced)",
        params: ZIdParams,
        body: ZRegistrationCreate,
        response: { 201: ZRegistration },
      },
    },
    async (req, reply) => {
      if ((await programmeProvince(db(), req.params.id)) === undefined) throw notFound(PROGRAMME, "id");
      await req.requireUnit(req.body.communeId);
      const id = await withActor(db(), { actor: req.auth.actor, reason: "đăng ký xã CĐS" }, (tx) =>
        registerCommune({ db: tx, programmeId: req.params.id, ...req.body, actor: req.auth.actor }),
      );
      reply.code(201);
      return (await getRegistration({ db: db(), id }))!;
    },
  );

  app.get(
    "/programmes/registrations/:id",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["programme"],
        summary: "A registration with criteria, answers and what the recognition rule says now",
        params: ZIdParams,
        response: { 200: ZRegistration },
      },
    },
    async (req) => {
      const communeId = await registrationCommune(db(), req.params.id);
      if (communeId === undefined) throw notFound(REGISTRATION, "id");
      await req.requireUnit(communeId);
      return (await getRegistration({ db: db(), id: req.params.id }))!;
    },
  );

  app.put(
    "/programmes/registrations/:id/answers",
    {
      config: { permission: "data.write" },
      schema: {
        tags: ["programme"],
        summary: "Save a commune's answers to the programme's criteria",
        params: ZIdParams,
        body: ZAnswersBody,
        response: { 200: ZRegistration },
      },
    },
    async (req) => {
      const communeId = await registrationCommune(db(), req.params.id);
      if (communeId === undefined) throw notFound(REGISTRATION, "id");
      await req.requireUnit(communeId);
      await withActor(db(), { actor: req.auth.actor, reason: "tự đánh giá tiêu chí xã CĐS" }, (tx) =>
        saveAnswers({ db: tx, id: req.params.id, answers: req.body.answers, actor: req.auth.actor }),
      );
      return (await getRegistration({ db: db(), id: req.params.id }))!;
    },
  );

  app.post(
    "/programmes/registrations/:id/recognise",
    {
      config: { permission: "index.appraise" },
      schema: {
        tags: ["programme"],
        summary: "Record the recognition the rule decides (none / basic / advanced) with the decision number",
        params: ZIdParams,
        body: ZRecogniseBody,
        response: { 200: ZRegistration },
      },
    },
    async (req) => {
      const communeId = await registrationCommune(db(), req.params.id);
      if (communeId === undefined) throw notFound(REGISTRATION, "id");
      await req.requireUnit(communeId);
      await withActor(db(), { actor: req.auth.actor, reason: "công nhận xã CĐS" }, (tx) =>
        recogniseRegistration({
          db: tx,
          id: req.params.id,
          decision: req.body.decision,
          actor: req.auth.actor,
        }),
      );
      return (await getRegistration({ db: db(), id: req.params.id }))!;
    },
  );
};
