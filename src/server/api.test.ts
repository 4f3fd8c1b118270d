import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo } from "../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { buildApp } from "./app.ts";
import { loginAs } from "./testing.ts";

describe.each(testDatabaseKinds())("read API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 12 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const get = async (url: string, headers?: Record<string, string>) => {
    const r = await app.inject({ method: "GET", url, headers });
    return { status: r.statusCode, body: r.json() };
  };

  it("reports health with the database kind and migration version", async () => {
    const r = await get("/api/health");
    expect(r.status).toBe(200);
    expect(r.body.database.kind).toBe(kind);
    expect(r.body.database.migration).toMatch(/^\d{4}_/);
  });

  it("publishes an OpenAPI 3.1 document listing the routes", async () => {
    const r = await get("/api/openapi.json");
    expect(r.body.openapi).toBe("3.1.0");
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/units",
        "/api/units/{id}/children",
        "/api/plans/{id}/targets",
        "/api/data-values",
      ]),
    );
    const docs = await app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });

  it("lists, searches and pages units", async () => {
    const provinces = await get("/api/units/tree");
    expect(provinces.body.items.map((u: { id: number }) => u.id)).toContain(provinceId);
    const kids = await get(`/api/units/${provinceId}/children?limit=5&offset=0`);
    expect(kids.body.items).toHaveLength(5);
    expect(kids.body.total).toBe(12 + 13);
    const next = await get(`/api/units/${provinceId}/children?limit=5&offset=5`);
    expect(next.body.items[0].id).not.toBe(kids.body.items[0].id);
    const search = await get("/api/units?q=so%20y%20te");
    expect(search.body.items[0].name).toBe("Sở Y tế");
    const one = await get(`/api/units/${kids.body.items[0].id}`);
    expect(one.body.ancestors.map((a: { kind: string }) => a.kind)).toEqual(["nation", "province"]);
  });

  it("serves plans, targets with yearly values, pillars, indicators and data values", async () => {
    const plans = await get("/api/plans");
    expect(plans.body.total).toBe(1);
    const targets = await get(`/api/plans/${plans.body.items[0].id}/targets`);
    expect(targets.body.items).toHaveLength(40);
    const t1 = targets.body.items[0];
    expect(t1.values).toEqual(expect.arrayContaining([{ year: 2025, value: "80" }]));
    expect((await get("/api/pillars")).body.items).toHaveLength(8);
    const ind = await get("/api/indicators?q=MH_CQS03");
    expect(ind.body.items[0].aggregation).toBe("ratio_of_sums");
    const thuky = await loginAs(app, "thuky");
    const url = `/api/data-values?indicatorId=${ind.body.items[0].id}&period=2025Q1&limit=3`;
    expect((await get(url)).status).toBe(401);
    const values = await get(url, thuky);
    expect(values.body.items).toHaveLength(3);
    expect(Number(values.body.items[0].numerator)).toBeLessThanOrEqual(
      Number(values.body.items[0].denominator),
    );
  });

  it("answers bad input with one bilingual error shape naming the field", async () => {
    const r = await get("/api/units?limit=abc");
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("querystring.limit");
    expect(r.body.error.message).toBeTruthy();
    expect(r.body.error.messageEn).toBeTruthy();
    const period = await get("/api/data-values?period=2024X9", await loginAs(app, "thuky"));
    expect(period.status).toBe(400);
    expect(period.body.error.field).toBe("querystring.period");
    const missing = await get("/api/units/999999");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: "not_found", field: "id" });
    expect((await get("/api/nothing-here")).status).toBe(404);
  });
});
