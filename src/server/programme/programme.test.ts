import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { loginAs, type TTestHeaders } from "../testing.ts";

describe.each(testDatabaseKinds())("commune DX programme on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let commune1: number;
  let programmeId: number;
  const as: Record<string, TTestHeaders> = {};

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 6 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    commune1 = (
      await rows<{ id: number }>(
        db.orm,
        sql`select id from org_unit where kind = 'commune' and province_id = ${provinceId} order by code limit 1`,
      )
    )[0].id;
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
  }) => {
    const r = await app.inject({
      method: options.method ?? "GET",
      url: options.url,
      headers: options.who ? as[options.who] : {},
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    return { status: r.statusCode, body: r.json() };
  };

  const full = (den: number) => ({ numerator: den, denominator: den });
  const answers = {
    BB2: full(200),
    BB3: { met: true },
    BB4: full(25),
    MR1: { numerator: 100, denominator: 3000 },
    MR2: full(80),
    MR3: { met: true },
    MR4: { met: false },
    MR5: { met: false },
    MR6: { points: 2 },
  };

  it("lists the demo programme and its board counts registrations per level", async () => {
    const list = await call({ url: `/api/programmes?provinceId=${provinceId}` });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      year: 2026,
      criteriaCount: 10,
      ruleCode: "COMMUNE-DX-RECOGNITION",
    });
    programmeId = list.body.items[0].id;
    const board = (await call({ url: `/api/programmes/${programmeId}/board` })).body;
    expect(board.summary.communes).toBe(6);
    const registered = board.communes.filter((c: { level: string | null }) => c.level !== null);
    expect(board.summary.registered).toBe(registered.length);
    expect(board.summary.basic + board.summary.advanced).toBe(registered.length);
    expect(board.summary.text).toBe(
      `${registered.length}/6 xã đăng ký (${board.summary.basic} cơ bản, ${board.summary.advanced} nâng cao)`,
    );
    // The walkthrough's commune is not registered yet.
    expect(board.communes.find((c: { communeId: number }) => c.communeId === commune1).level).toBeNull();
  });

  it("registers a commune, scores its answers and recognises it by the engine's rule", async () => {
    const url = `/api/programmes/${programmeId}/registrations`;
    expect(
      (await call({ method: "POST", url, who: "baocao2", body: { communeId: commune1, level: "basic" } }))
        .status,
    ).toBe(403);
    expect(
      (await call({ method: "POST", url, who: "lanhdao", body: { communeId: commune1, level: "basic" } }))
        .status,
    ).toBe(403);
    expect(
      (await call({ method: "POST", url, who: "baocao", body: { communeId: commune1, level: "gold" } }))
        .status,
    ).toBe(400);
    const reg = await call({
      method: "POST",
      url,
      who: "baocao",
      body: { communeId: commune1, level: "basic" },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.criteria).toHaveLength(10);
    expect(reg.body.evaluation.level).toBe("none");
    const id = reg.body.id;

    const unknown = await call({
      method: "PUT",
      url: `/api/programmes/registrations/${id}/answers`,
      who: "baocao",
      body: { answers: { ZZ9: { met: true } } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.messageEn).toContain("ZZ9");

    // Everything answered but a procedure share short of 100%: a mandatory criterion is not met.
    const short = await call({
      method: "PUT",
      url: `/api/programmes/registrations/${id}/answers`,
      who: "baocao",
      body: { answers: { ...answers, BB2: { numerator: 150, denominator: 200 } } },
    });
    expect(short.status).toBe(200);
    expect(short.body.evaluation.level).toBe("none");
    expect(short.body.evaluation.reasons[0].criteria).toContain("BB2");

    // BB1 is read from the team registry: cover every village, then all mandatory criteria are met.
    const registry = (await call({ url: `/api/teams/communes/${commune1}`, who: "baocao" })).body;
    for (const u of registry.units)
      if (u.kind === "village" && !u.team) {
        const t = await call({
          method: "POST",
          url: "/api/teams",
          who: "baocao",
          body: {
            unitId: u.unitId,
            name: `Tổ công nghệ số cộng đồng ${u.name}`,
            members: [{ fullName: "Đỗ Văn Một", role: "leader" }],
          },
        });
        expect(t.status).toBe(201);
      }
    const ok = await call({
      method: "PUT",
      url: `/api/programmes/registrations/${id}/answers`,
      who: "baocao",
      body: { answers },
    });
    expect(ok.body.evaluation.mandatory).toEqual({ met: 4, total: 4, share: 1 });
    // 2 of 6 extended criteria (MR2, MR3) is 33% ≥ 30%: the rule says advanced.
    expect(ok.body.evaluation.extended).toMatchObject({ met: 2, total: 6 });
    expect(ok.body.evaluation.level).toBe("advanced");
    expect(ok.body.recognisedLevel).toBeNull();

    // Recognition is recorded by an appraiser, never by the commune itself.
    const recogniseUrl = `/api/programmes/registrations/${id}/recognise`;
    expect(
      (await call({ method: "POST", url: recogniseUrl, who: "baocao", body: { decision: "1/QĐ-UBND" } }))
        .status,
    ).toBe(403);
    const rec = await call({
      method: "POST",
      url: recogniseUrl,
      who: "thamdinh",
      body: { decision: "25/QĐ-UBND" },
    });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ recognisedLevel: "advanced", decision: "25/QĐ-UBND" });
    const again = await call({
      method: "POST",
      url,
      who: "baocao",
      body: { communeId: commune1, level: "basic" },
    });
    expect(again.status).toBe(409);

    const board = (await call({ url: `/api/programmes/${programmeId}/board` })).body;
    const row = board.communes.find((c: { communeId: number }) => c.communeId === commune1);
    expect(row).toMatchObject({
      level: "basic",
      recognisedLevel: "advanced",
      evaluatedLevel: "advanced",
      mandatoryMet: 4,
    });
    expect(board.summary.recognisedAdvanced).toBeGreaterThanOrEqual(1);
  });
});
