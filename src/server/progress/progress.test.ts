import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { buildProgressFixture, type TProgressFixture } from "../../db/progress/fixture.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { loginAs } from "../testing.ts";
import { ZProgressOverview } from "./schemas.ts";

describe.each(testDatabaseKinds())("progress API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let planId: number;
  let f: TProgressFixture;
  let admin: Record<string, string>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 24 })).provinceId;
    planId = (await one<{ id: number }>(db.orm, sql`select id from plan where code = 'NQ-CDS'`))!.id;
    f = await buildProgressFixture(db);
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    admin = await loginAs(app, "admin");
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const get = async (url: string, headers: Record<string, string> = admin) => {
    const r = await app.inject({ method: "GET", url, headers });
    return { status: r.statusCode, body: r.json() };
  };

  it("serves the demo province's dashboard in one call, typed by ZProgressOverview", async () => {
    const thuky = await loginAs(app, "thuky");
    const r = await get(`/api/progress/overview?planId=${planId}&unitId=${provinceId}&period=2025S1`, thuky);
    expect(r.status).toBe(200);
    const o = ZProgressOverview.parse(r.body);
    expect(o.targets).toHaveLength(40);
    expect(o.summary.total).toBe(40);
    expect(o.summary.text).toMatch(/^\d+\/40 mục tiêu, đạt \d+,\d%$/);
    expect(o.pillars.map((p) => p.code)).toEqual(["CQS", "KTS", "XHS", "NT", "TC", "HT", "NL", "ATTT"]);
    const commune = o.targets.find((t) => t.appliesTo === "commune")!;
    expect(commune.actual.source === "time" || commune.actual.source === "units").toBe(true);
    expect(commune.actual.expected).toBe(24);
    expect(o.completeness.expected).toBeGreaterThan(0);
    const withForecast = o.targets.filter((t) => t.forecast && t.forecast.category !== "not_available");
    expect(withForecast.length).toBeGreaterThan(0);
  });

  it("returns the seeds' figures in Vietnamese format", async () => {
    const half = await get(`/api/progress/overview?planId=${f.planId}&unitId=${f.provinceId}&period=2025S1`);
    expect(half.body.targets.find((t: { code: string }) => t.code === "M_RATIO").actual.display).toBe(
      "89,6%",
    );
    const trunc = await get(
      `/api/progress/overview?planId=${f.truncPlanId}&unitId=${f.provinceId}&period=2025S1`,
    );
    expect(trunc.body.targets[0].actual.display).toBe("89,5%");
    const big = await get(
      `/api/progress/overview?planId=${f.planId}&unitId=${f.bigProvinceId}&period=2025S1`,
    );
    expect(big.body.targets.find((t: { code: string }) => t.code === "M_SHARE").actual.display).toBe("41,6%");
    const seed = await get(
      `/api/progress/overview?planId=${f.seedPlanId}&unitId=${f.provinceId}&period=2025S1`,
    );
    expect(seed.body.summary.text).toBe("14/38 mục tiêu, đạt 36,8%");
  });

  it("serves a target's series, rankings and explanations", async () => {
    const d = await get(`/api/progress/targets/${f.target.SUM}?unitId=${f.provinceId}&period=2025Q2`);
    expect(d.status).toBe(200);
    expect(d.body.breakdown).toHaveLength(6);
    const r = await get(
      `/api/progress/rankings?indicatorId=${f.ind.SHARE}&parentUnitId=${f.provinceId}&period=2025S1`,
    );
    expect(r.status).toBe(200);
    expect(
      r.body.items
        .filter((i: { rank: number | null }) => i.rank !== null)
        .map((i: { rank: number }) => i.rank),
    ).toEqual([1, 1, 3]);
    const s = await get(`/api/progress/rankings?statusOf=${planId}&parentUnitId=${provinceId}&period=2025S1`);
    expect(s.status).toBe(200);
    expect(s.body.by.kind).toBe("status");
    const e = await get(
      `/api/progress/explain?targetId=${f.target.RATIO}&unitId=${f.provinceId}&period=2025S1`,
    );
    expect(e.status).toBe(200);
    expect(e.body.explanation.children[0].display).toBe("89,6%");
  });

  it("answers 4xx, never 500, for bad input and out-of-scope callers", async () => {
    expect(
      (await get(`/api/progress/overview?planId=${planId}&unitId=${provinceId}&period=2025Q5`)).status,
    ).toBe(400);
    expect(
      (await get(`/api/progress/overview?planId=999999&unitId=${provinceId}&period=2025Q1`)).status,
    ).toBe(404);
    expect((await get(`/api/progress/rankings?parentUnitId=${provinceId}&period=2025Q1`)).status).toBe(400);
    const anon = await app.inject({
      method: "GET",
      url: `/api/progress/overview?planId=${planId}&unitId=${provinceId}&period=2025S1`,
    });
    expect(anon.statusCode).toBe(401);
    const reporter = await loginAs(app, "baocao");
    expect(
      (await get(`/api/progress/overview?planId=${planId}&unitId=${provinceId}&period=2025S1`, reporter))
        .status,
    ).toBe(403);
  });

  it("writes values through PUT /api/data-values and the dashboard sees them at once", async () => {
    const thuky = await loginAs(app, "thuky");
    const commune = (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where parent_id = ${provinceId} and kind = 'commune' order by code limit 1`,
    ))!.id;
    const ind = (await one<{ id: number }>(db.orm, sql`select id from indicator where code = 'MH_CQS03'`))!
      .id;
    const url = `/api/progress/overview?planId=${planId}&unitId=${provinceId}&period=2026Q3`;
    const before = (await get(url, thuky)).body.targets.find(
      (t: { code: string }) => t.code === "CQS03",
    ).actual;
    const put = await app.inject({
      method: "PUT",
      url: "/api/data-values",
      headers: thuky,
      payload: {
        values: [
          { indicatorId: ind, orgUnitId: commune, period: "2026Q3", numerator: 1000, denominator: 1000 },
        ],
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().inserted + put.json().updated).toBe(1);
    const after = (await get(url, thuky)).body.targets.find(
      (t: { code: string }) => t.code === "CQS03",
    ).actual;
    expect(after.denominator).not.toBe(before.denominator);
    const bad = await app.inject({
      method: "PUT",
      url: "/api/data-values",
      headers: thuky,
      payload: {
        values: [{ indicatorId: ind, orgUnitId: commune, period: "2026Q3", numerator: 5, denominator: 4 }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("values[0].numerator");
    // A reporter may write their own commune only.
    const reporter = await loginAs(app, "baocao2");
    const denied = await app.inject({
      method: "PUT",
      url: "/api/data-values",
      headers: reporter,
      payload: {
        values: [{ indicatorId: ind, orgUnitId: commune, period: "2026Q3", numerator: 1, denominator: 4 }],
      },
    });
    expect(denied.statusCode).toBe(403);
  });
});
