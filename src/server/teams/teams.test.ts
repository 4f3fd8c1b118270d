import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../../db/client.ts";
import { currentQuarter } from "../../db/community/figures.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { getProgressOverview } from "../../db/progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { loginAs, type TTestHeaders } from "../testing.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe.each(testDatabaseKinds())("community team registry on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let commune1: number;
  let commune2: number;
  let planId: number;
  const as: Record<string, TTestHeaders> = {};

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 4 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    const communes = await rows<{ id: number }>(
      db.orm,
      sql`select id from org_unit where kind = 'commune' and province_id = ${provinceId} order by code`,
    );
    [commune1, commune2] = communes.map((c) => c.id);
    planId = (await one<{ id: number }>(db.orm, sql`select id from plan where province_id = ${provinceId}`))!
      .id;
    for (const u of ["thuky", "baocao", "baocao2", "lanhdao", "thamdinh"]) as[u] = await loginAs(app, u);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const call = async (options: {
    method?: "GET" | "POST" | "PUT";
    url: string;
    who?: string;
    body?: unknown;
    raw?: Buffer;
  }) => {
    const headers: Record<string, string> = { ...(options.who ? as[options.who] : {}) };
    if (options.raw) headers["content-type"] = XLSX;
    const r = await app.inject({
      method: options.method ?? "GET",
      url: options.url,
      headers,
      ...(options.raw
        ? { body: options.raw }
        : options.body !== undefined
          ? { payload: options.body as object }
          : {}),
    });
    return {
      status: r.statusCode,
      body: String(r.headers["content-type"] ?? "").includes("json") ? r.json() : r.rawPayload,
      text: r.body,
    };
  };

  /** XHS05 (villages with a team) of a unit on the dashboard, through the progress API (or engine). */
  const xhs05 = async (unitId: number, period: string) => {
    const r = await call({
      url: `/api/progress/overview?planId=${planId}&unitId=${unitId}&period=${period}`,
      who: "thuky",
    });
    const overview =
      r.status === 200 ? r.body : await getProgressOverview({ db: db.orm, planId, unitId, period });
    return overview.targets.find((t: { code: string }) => t.code === "XHS05").actual;
  };

  it("shows names and phones to the commune's own reporter and the secretariat only", async () => {
    const phones = await rows<{ phone: string }>(
      db.orm,
      sql`select m.phone from community_team_member m join community_team t on t.id = m.team_id
        where t.commune_id = ${commune1} and m.phone is not null`,
    );
    expect(phones.length).toBeGreaterThan(0);
    for (const who of ["baocao", "thuky"]) {
      const r = await call({ url: `/api/teams/communes/${commune1}`, who });
      expect(r.status).toBe(200);
      expect(r.body.personalVisible).toBe(true);
      const team = r.body.units.find((u: { team: unknown }) => u.team).team;
      expect(team.members.length).toBe(team.memberCount);
      expect(team.members[0].fullName).toBeTruthy();
      expect(r.text).toContain(phones[0].phone);
    }
    for (const who of ["baocao2", "lanhdao", "thamdinh", undefined]) {
      const r = await call({ url: `/api/teams/communes/${commune1}`, who });
      expect(r.status, String(who)).toBe(200);
      expect(r.body.personalVisible).toBe(false);
      expect(r.body.totals.members).toBeGreaterThan(0);
      for (const u of r.body.units)
        if (u.team) {
          expect(u.team.members).toBeNull();
          expect(u.team.leaderName).toBeNull();
          expect(u.team.memberCount).toBeGreaterThan(0);
        }
      for (const p of phones) expect(r.text).not.toContain(p.phone);
      const names = await rows<{ n: string }>(
        db.orm,
        sql`select m.full_name as n from community_team_member m join community_team t on t.id = m.team_id
          where t.commune_id = ${commune1} limit 3`,
      );
      for (const n of names) expect(r.text).not.toContain(n.n);
      const teamId = r.body.units.find((u: { team: unknown }) => u.team).team.id;
      const one = await call({ url: `/api/teams/${teamId}`, who });
      expect(one.body.members).toBeNull();
      for (const p of phones) expect(one.text).not.toContain(p.phone);
    }
    // Exporting the workbook (names and phones) is refused outside the commune.
    expect((await call({ url: `/api/teams/communes/${commune1}/export.xlsx`, who: "baocao2" })).status).toBe(
      403,
    );
    expect((await call({ url: `/api/teams/communes/${commune1}/export.xlsx`, who: "lanhdao" })).status).toBe(
      403,
    );
    expect((await call({ url: `/api/teams/communes/${commune1}/export.xlsx` })).status).toBe(401);
  });

  it("registers a team with members and the coverage figure on the dashboard follows, in the same transaction", async () => {
    const period = currentQuarter();
    const reg = (await call({ url: `/api/teams/communes/${commune1}`, who: "baocao" })).body;
    const village = reg.units.find((u: { kind: string; team: unknown }) => u.kind === "village" && u.team);
    // Dissolve an existing team: the village loses its coverage.
    const dissolved = await call({
      method: "PUT",
      url: `/api/teams/${village.team.id}`,
      who: "baocao",
      body: { name: village.team.name, status: "dissolved", members: [], version: village.team.version },
    });
    expect(dissolved.status).toBe(200);
    const before = await xhs05(commune1, period);
    expect(before.source).toBe("stored");
    expect(before.numerator).toBe(reg.totals.villagesWithTeam - 1);
    expect(before.denominator).toBe(reg.totals.villages);

    // Another commune's reporter cannot register a team here; bad input is a 400 naming the field.
    const body = {
      unitId: village.unitId,
      name: "Tổ công nghệ số cộng đồng thôn mới",
      foundingDecision: "12/QĐ-UBND",
      foundedOn: "2026-10-01",
      members: [
        { fullName: "Nguyễn Văn Thử", role: "leader", phone: "0912 345 678" },
        { fullName: "Trần Thị Mẫu", role: "deputy", phone: "0987654321" },
        { fullName: "Lê Văn Ví Dụ", role: "member" },
      ],
    };
    expect((await call({ method: "POST", url: "/api/teams", who: "baocao2", body })).status).toBe(403);
    expect((await call({ method: "POST", url: "/api/teams", who: "lanhdao", body })).status).toBe(403);
    const bad = await call({
      method: "POST",
      url: "/api/teams",
      who: "baocao",
      body: { ...body, members: [{ fullName: "A B", phone: "abc" }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toContain("phone");
    const twoLeaders = await call({
      method: "POST",
      url: "/api/teams",
      who: "baocao",
      body: { ...body, members: [body.members[0], { ...body.members[1], role: "leader" }] },
    });
    expect(twoLeaders.status).toBe(400);
    expect(twoLeaders.body.error.messageEn).toMatch(/one leader/);

    const created = await call({ method: "POST", url: "/api/teams", who: "baocao", body });
    expect(created.status).toBe(201);
    expect(created.body.memberCount).toBe(3);
    expect(created.body.leaderName).toBe("Nguyễn Văn Thử");
    expect(created.body.members.map((m: { fullName: string }) => m.fullName)).toEqual([
      "Nguyễn Văn Thử",
      "Trần Thị Mẫu",
      "Lê Văn Ví Dụ",
    ]);
    const dup = await call({ method: "POST", url: "/api/teams", who: "baocao", body });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe("unitId");

    const after = await xhs05(commune1, period);
    expect(after.numerator).toBe(reg.totals.villagesWithTeam);
    // Teams and members are data values too (CNS_TEAMS, CNS_MEMBERS) for the commune and period.
    const figures = await rows<{ code: string; value: string }>(
      db.orm,
      sql`select i.code, v.value::text as value from data_value v join indicator i on i.id = v.indicator_id
        where v.org_unit_id = ${commune1} and v.period = ${period} and i.code in ('CNS_TEAMS', 'CNS_MEMBERS')`,
    );
    const now = (await call({ url: `/api/teams/communes/${commune1}`, who: "baocao" })).body;
    expect(Object.fromEntries(figures.map((f) => [f.code, Number(f.value)]))).toEqual({
      CNS_TEAMS: now.totals.teams,
      CNS_MEMBERS: now.totals.members,
    });

    // Optimistic concurrency: a stale version is refused.
    const stale = await call({
      method: "PUT",
      url: `/api/teams/${created.body.id}`,
      who: "baocao",
      body: { ...body, version: created.body.version + 5 },
    });
    expect(stale.status).toBe(409);
    const { members: _m, ...withoutMembers } = body;
    const noMembers = await call({
      method: "PUT",
      url: `/api/teams/${created.body.id}`,
      who: "baocao",
      body: { ...withoutMembers, version: created.body.version },
    });
    expect(noMembers.status).toBe(400);
    expect(noMembers.body.error.field).toBe("body.members");
    // Editing keeps members matched by id and marks the left-out ones as left.
    const edited = await call({
      method: "PUT",
      url: `/api/teams/${created.body.id}`,
      who: "baocao",
      body: {
        ...body,
        version: created.body.version,
        members: [
          { ...created.body.members[0], phone: "0900000001" },
          { fullName: "Phạm Mới", role: "member" },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.members.map((m: { fullName: string }) => m.fullName)).toEqual([
      "Nguyễn Văn Thử",
      "Phạm Mới",
    ]);
    expect(edited.body.members[0].id).toBe(created.body.members[0].id);
    const audit = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from audit_log where table_name = 'community_team_member' and actor like 'user:%'`,
    );
    expect(audit!.n).toBeGreaterThan(0);
  });

  it("records activities and they become households-helped figures for the quarter", async () => {
    const reg = (await call({ url: `/api/teams/communes/${commune2}`, who: "baocao2" })).body;
    const team = reg.units.find((u: { team: unknown }) => u.team).team;
    const before = await one<{ v: string | null }>(
      db.orm,
      sql`select sum(a.households_helped)::text as v from community_team_activity a where a.commune_id = ${commune2}
        and a.period = '2026Q3' and a.team_id <> ${team.id}`,
    );
    const r = await call({
      method: "POST",
      url: `/api/teams/${team.id}/activities`,
      who: "baocao2",
      body: { period: "2026Q3", householdsHelped: 1234, peopleGuided: 50, sessions: 3 },
    });
    expect(r.status).toBe(200);
    const v = await one<{ value: string }>(
      db.orm,
      sql`select v.value::text as value from data_value v join indicator i on i.id = v.indicator_id
        where i.code = 'CNS_HOUSEHOLDS_HELPED' and v.org_unit_id = ${commune2} and v.period = '2026Q3'`,
    );
    expect(Number(v!.value)).toBe(Number(before?.v ?? 0) + 1234);
    const list = await call({ url: `/api/teams/communes/${commune2}/activities?period=2026Q3` });
    expect(list.body.items.find((a: { teamId: number }) => a.teamId === team.id).householdsHelped).toBe(1234);
    const bad = await call({
      method: "POST",
      url: `/api/teams/${team.id}/activities`,
      who: "baocao2",
      body: { period: "2026Q5", householdsHelped: -1, peopleGuided: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toMatch(/period|householdsHelped/);
  });

  it("rolls the registry up to the province: the dashboard's XHS05 equals the registry coverage", async () => {
    const cov = (await call({ url: `/api/teams/coverage?unitId=${provinceId}` })).body;
    expect(cov.totals.communes).toBe(4);
    expect(cov.totals.teams).toBeGreaterThan(0);
    const fig = await xhs05(provinceId, currentQuarter());
    expect(fig.numerator).toBe(cov.totals.villagesWithTeam);
    expect(fig.denominator).toBe(cov.totals.villages);
    // The anonymous coverage has counts and no names.
    const names = await rows<{ n: string }>(
      db.orm,
      sql`select full_name as n from community_team_member limit 5`,
    );
    const text = JSON.stringify(cov);
    for (const n of names) expect(text).not.toContain(n.n);
  });

  it("exports a commune's workbook and imports it back: good file applied, bad file writes nothing", async () => {
    const exported = await call({ url: `/api/teams/communes/${commune2}/export.xlsx`, who: "baocao2" });
    expect(exported.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe("Mã thôn");

    // Round trip: importing the export changes nothing.
    const same = await call({
      method: "POST",
      url: `/api/teams/communes/${commune2}/import`,
      who: "baocao2",
      raw: exported.body as Buffer,
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ teamsCreated: 0, teamsUpdated: 0, membersAdded: 0, membersLeft: 0 });

    // Good file: a new member in the first team.
    const firstTeamRow = ws.getRow(2);
    const added = ws.addRow([
      firstTeamRow.getCell(1).value,
      firstTeamRow.getCell(2).value,
      "",
      "",
      "",
      "",
      "Hoàng Thị Nhập",
      "Thành viên",
      "0911222333",
    ]);
    added.getCell(9).numFmt = "@";
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const counts = async () =>
      (await one<{ n: number }>(
        db.orm,
        sql`select count(*)::int as n from community_team_member m join community_team t on t.id = m.team_id
          where t.commune_id = ${commune2} and m.status = 'active'`,
      ))!.n;
    const n0 = await counts();
    const ok = await call({
      method: "POST",
      url: `/api/teams/communes/${commune2}/import`,
      who: "baocao2",
      raw: good,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.membersAdded).toBe(1);
    expect(await counts()).toBe(n0 + 1);

    // Bad file: one good change plus rows with an unknown village, a bad phone and a bad role → nothing written.
    ws.addRow([
      firstTeamRow.getCell(1).value,
      "",
      "",
      "",
      "",
      "",
      "Người Không Được Ghi",
      "Thành viên",
      "0911000111",
    ]);
    ws.addRow(["KHONG-CO", "Thôn lạ", "Tổ lạ", "", "", "", "Ai Đó", "Thành viên", ""]);
    ws.addRow([firstTeamRow.getCell(1).value, "", "", "", "", "", "Số Sai", "Thành viên", "abc"]);
    ws.addRow([firstTeamRow.getCell(1).value, "", "", "", "", "", "Vai Sai", "Chủ tịch", ""]);
    const badFile = Buffer.from(await wb.xlsx.writeBuffer());
    const auditBefore = (await one<{ n: number }>(db.orm, sql`select count(*)::int as n from audit_log`))!.n;
    const bad = await call({
      method: "POST",
      url: `/api/teams/communes/${commune2}/import`,
      who: "baocao2",
      raw: badFile,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("import_rejected");
    const issues = bad.body.error.details.issues as Array<{ row: number; field: string }>;
    expect(issues.map((i) => i.field).sort()).toEqual(["phone", "role", "unitCode"]);
    expect(issues.every((i) => i.row > 1)).toBe(true);
    expect(await counts()).toBe(n0 + 1);
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from audit_log`))!.n).toBe(
      auditBefore,
    );

    // Not a workbook at all; another commune's reporter; a leader.
    const junk = await call({
      method: "POST",
      url: `/api/teams/communes/${commune2}/import`,
      who: "baocao2",
      raw: Buffer.from("hello"),
    });
    expect(junk.status).toBe(400);
    expect(junk.body.error.details.issues[0].field).toBe("file");
    expect(
      (
        await call({
          method: "POST",
          url: `/api/teams/communes/${commune2}/import`,
          who: "baocao",
          raw: good,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: "POST",
          url: `/api/teams/communes/${commune2}/import`,
          who: "lanhdao",
          raw: good,
        })
      ).status,
    ).toBe(403);
  });
});
