import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUnitList } from "../../core/unit-list.ts";
import { one } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { hasSharedData, openTestDatabase, SHARED_DATA, testDatabaseKinds } from "../../db/testing.ts";
import { importUnits } from "../../db/units.ts";
import { buildApp } from "../app.ts";
import { loginAs } from "../testing.ts";

describe.each(testDatabaseKinds())("geo boundaries on %s", (kind) => {
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

  it("gives the demo province one generated boundary per commune, tiling its outline", async () => {
    const r = await app.inject({ url: `/api/geo/units/${provinceId}/children` });
    expect(r.statusCode).toBe(200);
    const fc = r.json();
    expect(fc.features).toHaveLength(12);
    expect(new Set(fc.features.map((f: { id: number }) => f.id)).size).toBe(12);
    for (const f of fc.features) expect(f.geometry.coordinates[0].length).toBeGreaterThanOrEqual(4);
    expect(fc.bbox[0]).toBeLessThan(fc.bbox[2]);
    // The province itself has its outline, shown on the national map.
    const nation = await one<{ id: number }>(db.orm, sql`select id from org_unit where kind = 'nation'`);
    const national = (await app.inject({ url: `/api/geo/units/${nation!.id}/children` })).json();
    expect(national.features.map((f: { id: number }) => f.id)).toContain(provinceId);
  });

  it("refuses anonymous uploads and reports invalid GeoJSON with a bilingual 400", async () => {
    const anon = await app.inject({
      method: "POST",
      url: "/api/geo/boundaries",
      payload: { type: "FeatureCollection", features: [] },
    });
    expect([401, 403]).toContain(anon.statusCode);
    const headers = await loginAs(app, "admin");
    const bad = await app.inject({
      method: "POST",
      url: "/api/geo/boundaries",
      headers,
      payload: {
        type: "FeatureCollection",
        features: [{ type: "Feature", id: "99", geometry: { type: "Point", coordinates: [1, 2] } }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_geojson");
    expect(bad.json().error.message).toMatch(/không hợp lệ/);
    const none = await app.inject({
      method: "POST",
      url: "/api/geo/boundaries",
      headers,
      payload: {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            id: "77777",
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [1, 1],
                  [2, 1],
                  [2, 2],
                  [1, 1],
                ],
              ],
            },
          },
        ],
      },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.messageEn).toMatch(/no code matches/);
  });

  it("lets an administrator replace a commune boundary by code, audited; a commune reporter may not", async () => {
    const commune = await one<{ id: number; code: string }>(
      db.orm,
      sql`select id, code from org_unit where parent_id = ${provinceId} and kind = 'commune' order by code limit 1`,
    );
    const square = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { code: commune!.code },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [108, 8],
                [108.1, 8],
                [108.1, 8.1],
                [108, 8.1],
                [108, 8],
              ],
            ],
          },
        },
      ],
    };
    const reporter = await app.inject({
      method: "POST",
      url: `/api/geo/boundaries?parentId=${provinceId}`,
      headers: await loginAs(app, "baocao"),
      payload: square,
    });
    expect(reporter.statusCode).toBe(403);
    const r = await app.inject({
      method: "POST",
      url: `/api/geo/boundaries?parentId=${provinceId}&level=commune`,
      headers: await loginAs(app, "thuky"),
      payload: square,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ inserted: 0, updated: 1, unmatched: [] });
    const fc = (await app.inject({ url: `/api/geo/units/${provinceId}/children` })).json();
    const f = fc.features.find((x: { id: number }) => x.id === commune!.id);
    expect(f.geometry.coordinates[0]).toHaveLength(5);
    const audit = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from audit_log where table_name = 'geo_boundary'`,
    );
    expect(audit!.n).toBeGreaterThan(0);
  });

  it.skipIf(!hasSharedData)(
    "imports the official province and Lào Cai ward boundaries, simplified, matched by code",
    async () => {
      const file = path.join(SHARED_DATA, "units/vn_units_2026-07-25.json");
      const list = parseUnitList({ fileName: file, text: readFileSync(file, "utf8") });
      await importUnits({ db: db.orm, records: list.records, actor: "test", source: "test" });
      const headers = await loginAs(app, "admin");
      const provinces = readdirSync(path.join(SHARED_DATA, "geo/provinces")).slice(0, 4);
      const features = provinces.flatMap(
        (f) => JSON.parse(readFileSync(path.join(SHARED_DATA, "geo/provinces", f), "utf8")).features,
      );
      const r = await app.inject({
        method: "POST",
        url: "/api/geo/boundaries?level=province",
        headers,
        payload: { type: "FeatureCollection", features },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json().inserted).toBe(4);
      expect(r.json().pointsAfter).toBeLessThan(r.json().pointsBefore / 2);
      const wards = readdirSync(path.join(SHARED_DATA, "geo/lao_cai_wards")).slice(0, 5);
      const wardFeatures = wards.flatMap(
        (f) => JSON.parse(readFileSync(path.join(SHARED_DATA, "geo/lao_cai_wards", f), "utf8")).features,
      );
      const w = await app.inject({
        method: "POST",
        url: "/api/geo/boundaries",
        headers,
        payload: { type: "FeatureCollection", features: wardFeatures },
      });
      expect(w.statusCode).toBe(200);
      expect(w.json().inserted).toBe(5);
      const laoCai = await one<{ id: number }>(
        db.orm,
        sql`select id from org_unit where kind = 'province' and code = '15' and valid_to is null`,
      );
      const fc = (await app.inject({ url: `/api/geo/units/${laoCai!.id}/children` })).json();
      expect(fc.features).toHaveLength(5);
      expect(fc.features[0].properties.code).toMatch(/^0\d{4}$/);
    },
  );
});
