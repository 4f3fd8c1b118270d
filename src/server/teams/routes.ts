import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { withActor } from "../../db/client.ts";
import { refreshCommunityFigures } from "../../db/community/figures.ts";
import {
  communeOfUnit,
  createTeam,
  getCommuneRegistry,
  getCoverage,
  getTeam,
  listActivities,
  recordActivity,
  teamCommune,
  updateTeam,
} from "../../db/community/teams.ts";
import { exportCommuneTeams, importCommuneTeams } from "../../db/community/xlsx.ts";
import { badRequest, notFound } from "../errors.ts";
import { ZIdParams } from "../schemas.ts";
import {
  ZActivity,
  ZActivityInput,
  ZActivityQuery,
  ZCommuneParams,
  ZCommuneRegistry,
  ZCoverage,
  ZCoverageQuery,
  ZImportResult,
  ZRefreshBody,
  ZTeam,
  ZTeamCreate,
  ZTeamUpdate,
} from "./schemas.ts";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const TEAM = { vi: "tổ công nghệ số cộng đồng", en: "Community team" };

/** Writing the registry means handling names and phones: both permissions over the commune. */
async function requireWriter(req: FastifyRequest, communeId: number): Promise<void> {
  await req.requireUnit(communeId, "teams.write");
  await req.requireUnit(communeId, "teams.personal");
}

/**
 * Community digital technology team registry: a commune's villages and teams (personal data only for
 * holders of teams.personal over the commune), coverage counts, activities, XLSX import/export.
 */
export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.orm;
  // The commune's workbook arrives as the raw body of the import call.
  app.addContentTypeParser(
    [XLSX_TYPE, "application/octet-stream"],
    { parseAs: "buffer", bodyLimit: 5 * 1_048_576 },
    (_req, body, done) => done(null, body),
  );

  app.get(
    "/teams/communes/:communeId",
    {
      config: { permission: "public" },
      schema: {
        tags: ["teams"],
        summary:
          "A commune's registry: villages with or without a team; names and phones only for its officers",
        params: ZCommuneParams,
        response: { 200: ZCommuneRegistry },
      },
    },
    async (req) => {
      const { communeId } = req.params;
      const personal = await req.inScope(communeId, "teams.personal");
      const canWrite = personal && (await req.inScope(communeId, "teams.write"));
      const r = await getCommuneRegistry({ db: db(), communeId, personal, canWrite });
      if (!r) throw notFound({ vi: "xã, phường", en: "Commune" }, "communeId");
      return r;
    },
  );

  app.get(
    "/teams/coverage",
    {
      config: { permission: "public" },
      schema: {
        tags: ["teams"],
        summary: "Coverage of the communes under a unit: teams, members, villages with a team (counts only)",
        querystring: ZCoverageQuery,
        response: { 200: ZCoverage },
      },
    },
    async (req) => getCoverage({ db: db(), unitId: req.query.unitId }),
  );

  app.get(
    "/teams/:id",
    {
      config: { permission: "public" },
      schema: { tags: ["teams"], summary: "One team", params: ZIdParams, response: { 200: ZTeam } },
    },
    async (req) => {
      const communeId = await teamCommune(db(), req.params.id);
      if (communeId === undefined) throw notFound(TEAM, "id");
      const personal = await req.inScope(communeId, "teams.personal");
      const team = await getTeam({ db: db(), id: req.params.id, personal });
      if (!team) throw notFound(TEAM, "id");
      return team;
    },
  );

  app.post(
    "/teams",
    {
      config: { permission: "teams.write" },
      schema: {
        tags: ["teams"],
        summary: "Register a team for a village (or the commune) with its members",
        body: ZTeamCreate,
        response: { 201: ZTeam },
      },
    },
    async (req, reply) => {
      const communeId = await communeOfUnit(db(), req.body.unitId);
      await requireWriter(req, communeId);
      const id = await withActor(db(), { actor: req.auth.actor, reason: "đăng ký tổ CNS cộng đồng" }, (tx) =>
        createTeam({ db: tx, input: req.body, actor: req.auth.actor }),
      );
      reply.code(201);
      return (await getTeam({ db: db(), id, personal: true }))!;
    },
  );

  app.put(
    "/teams/:id",
    {
      config: { permission: "teams.write" },
      schema: {
        tags: ["teams"],
        summary: "Update a team and its member list (send the version you read)",
        params: ZIdParams,
        body: ZTeamUpdate,
        response: { 200: ZTeam },
      },
    },
    async (req) => {
      const communeId = await teamCommune(db(), req.params.id);
      if (communeId === undefined) throw notFound(TEAM, "id");
      await requireWriter(req, communeId);
      await withActor(db(), { actor: req.auth.actor, reason: "cập nhật tổ CNS cộng đồng" }, (tx) =>
        updateTeam({ db: tx, id: req.params.id, input: req.body, actor: req.auth.actor }),
      );
      return (await getTeam({ db: db(), id: req.params.id, personal: true }))!;
    },
  );

  app.post(
    "/teams/:id/activities",
    {
      config: { permission: "teams.write" },
      schema: {
        tags: ["teams"],
        summary: "Record a team's activity for a quarter (households helped, people guided)",
        params: ZIdParams,
        body: ZActivityInput,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const communeId = await teamCommune(db(), req.params.id);
      if (communeId === undefined) throw notFound(TEAM, "id");
      await req.requireUnit(communeId, "teams.write");
      await withActor(db(), { actor: req.auth.actor, reason: "báo cáo hoạt động tổ CNS" }, (tx) =>
        recordActivity({ db: tx, teamId: req.params.id, input: req.body, actor: req.auth.actor }),
      );
      return { ok: true as const };
    },
  );

  app.get(
    "/teams/communes/:communeId/activities",
    {
      config: { permission: "public" },
      schema: {
        tags: ["teams"],
        summary: "A commune's team activities for a quarter",
        params: ZCommuneParams,
        querystring: ZActivityQuery,
        response: { 200: z.object({ items: z.array(ZActivity) }) },
      },
    },
    async (req) => ({
      items: await listActivities({ db: db(), communeId: req.params.communeId, period: req.query.period }),
    }),
  );

  app.get(
    "/teams/communes/:communeId/export.xlsx",
    {
      config: { permission: "teams.personal" },
      schema: {
        tags: ["teams"],
        summary: "A commune's registry as XLSX (one row per member)",
        params: ZCommuneParams,
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.params.communeId);
      const file = await exportCommuneTeams({ db: db(), communeId: req.params.communeId });
      return reply
        .header("content-type", XLSX_TYPE)
        .header("content-disposition", `attachment; filename="to-cns-${req.params.communeId}.xlsx"`)
        .send(file);
    },
  );

  app.post(
    "/teams/communes/:communeId/import",
    {
      config: { permission: "teams.write" },
      bodyLimit: 5 * 1_048_576,
      schema: {
        tags: ["teams"],
        summary:
          "Import a commune's registry XLSX (body: the file). All-or-nothing: a bad file answers 400 with every row's problem",
        params: ZCommuneParams,
        response: { 200: ZImportResult },
      },
    },
    async (req) => {
      const { communeId } = req.params;
      await requireWriter(req, communeId);
      // The raw file (XLSX content type), or JSON {fileBase64} from the web app's api client.
      const body = req.body as unknown;
      const b64 = (body as { fileBase64?: unknown } | null)?.fileBase64;
      const file = Buffer.isBuffer(body) ? body : typeof b64 === "string" ? Buffer.from(b64, "base64") : null;
      if (!file || file.length === 0)
        throw badRequest({
          field: "body",
          message: "Hãy gửi tệp XLSX (nội dung tệp, hoặc JSON {fileBase64})",
          messageEn: "Send the XLSX file as the request body, or JSON {fileBase64}",
        });
      return withActor(db(), { actor: req.auth.actor, reason: "nhập tệp tổ CNS cộng đồng" }, (tx) =>
        importCommuneTeams({ db: tx, communeId, file, actor: req.auth.actor }),
      );
    },
  );

  app.post(
    "/teams/figures/refresh",
    {
      config: { permission: "teams.write" },
      schema: {
        tags: ["teams"],
        summary: "Recompute a province's registry figures (data values) for a quarter",
        body: ZRefreshBody,
        response: { 200: z.object({ written: z.number().int() }) },
      },
    },
    async (req) => {
      await req.requireUnit(req.body.provinceId);
      const written = await withActor(
        db(),
        { actor: req.auth.actor, reason: "tính lại số liệu tổ CNS" },
        (tx) => refreshCommunityFigures({ db: tx, provinceId: req.body.provinceId, period: req.body.period }),
      );
      return { written };
    },
  );
};
