import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";

describe.each(testDatabaseKinds())("public pages API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 8 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it("lists only periods whose values are all approved, without login", async () => {
    const r = await app.inject({ url: "/api/public/index" });
    expect(r.statusCode).toBe(200);
    const demo = r.json().provinces.find((p: { id: number }) => p.id === provinceId);
    const periods = demo.periods.map((p: { period: string }) => p.period);
    expect(periods).toContain("2026S1");
    expect(periods).toContain("2025");
    // The demo's third quarter of 2026 is still awaiting review, so neither it nor 9 months 2026 is public.
    expect(periods).not.toContain("2026N9");
    expect(periods).not.toContain("2026Q3");
  });

  it("serves a published dashboard and refuses an unpublished period with a bilingual 404", async () => {
    const ok = await app.inject({ url: `/api/public/overview?unitId=${provinceId}&period=2026S1` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().summary.total).toBe(40);
    const no = await app.inject({ url: `/api/public/overview?unitId=${provinceId}&period=2026N9` });
    expect(no.statusCode).toBe(404);
    expect(no.json().error).toMatchObject({ code: "not_published", field: "period" });
    expect(no.json().error.message).toContain("chưa được công bố");
    const bad = await app.inject({ url: `/api/public/overview?unitId=${provinceId}&period=2026X` });
    expect(bad.statusCode).toBe(400);
  });

  it("serves a published target's breakdown but not a target of another plan", async () => {
    const ov = (await app.inject({ url: `/api/public/overview?unitId=${provinceId}&period=2026S1` })).json();
    const id = ov.targets.find((t: { code: string }) => t.code === "CQS03").targetId;
    const r = await app.inject({ url: `/api/public/targets/${id}?unitId=${provinceId}&period=2026S1` });
    expect(r.statusCode).toBe(200);
    expect(
      r.json().breakdown.some((b: { figure: { value: number | null } }) => b.figure.value !== null),
    ).toBe(true);
    const missing = await app.inject({
      url: `/api/public/targets/999999?unitId=${provinceId}&period=2026S1`,
    });
    expect(missing.statusCode).toBe(404);
  });
});
