import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/evaluation/sensitivity.ts";
import { rows } from "../client.ts";
import { createDemo } from "../demo/seed.ts";
import { getIndicatorTable, getProgressOverview, rankByIndicators } from "../progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { bulkImportDataValues } from "../values.ts";

type TDb = Awaited<ReturnType<typeof openTestDatabase>>;

// Folding the parts of longer periods in SQL is an optimisation: every figure, count and trail must be
// exactly what reading the parts one by one gives, whatever the rules, gaps and own values.
describe.each(testDatabaseKinds())("folded periods on %s", (kind) => {
  let db: TDb;
  let provinceId: number;
  let planId: number;
  let communeId: number;
  let indicatorIds: number[];
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 8 })).provinceId;
    planId = (await rows<{ id: number }>(db.orm, sql`select id from plan order by id limit 1`))[0].id;
    const inds = await rows<{ id: number; kind: string; min: string | null; max: string | null }>(
      db.orm,
      sql`select distinct i.id, i.kind, i.min_value::text as min, i.max_value::text as max
        from indicator i join target t on t.indicator_id = i.id
        where t.plan_id = ${planId} and i.formula is null order by i.id`,
    );
    indicatorIds = inds.map((i) => i.id);
    const units = await rows<{ id: number; kind: string }>(
      db.orm,
      sql`select id, kind from org_unit where province_id = ${provinceId} and kind in ('commune', 'agency')
        order by id`,
    );
    communeId = units.find((u) => u.kind === "commune")!.id;
    // Monthly values with gaps from July 2025 to 2026 (the demo has quarters, halves, nine months, years),
    // and the province's own figure for some months of some indicators (own values win part by part).
    const rand = mulberry32(7);
    // The demo's units are valid from July 2025.
    const months = [2025, 2026]
      .flatMap((y) => Array.from({ length: 12 }, (_, m) => `${y}${String(m + 1).padStart(2, "0")}`))
      .filter((m) => m >= "202507");
    const value = (k: string, min: string | null, max: string | null) => {
      if (k === "ratio") {
        const den = 10 + Math.floor(rand() * 90);
        return { numerator: Math.floor(rand() * den), denominator: den };
      }
      if (k === "boolean") return { value: rand() < 0.6 ? 1 : 0 };
      const lo = min === null ? 0 : Number(min);
      const hi = max === null ? (k === "percent" ? 100 : 500) : Number(max);
      const v = lo + rand() * (hi - lo);
      return { value: k === "percent" ? Math.round(v * 10) / 10 : Math.floor(v) };
    };
    const batch: Array<Record<string, unknown>> = [];
    for (const ind of inds)
      for (const month of months) {
        for (const u of units)
          if (rand() < 0.7)
            batch.push({
              indicatorId: ind.id,
              orgUnitId: u.id,
              period: month,
              ...value(ind.kind, ind.min, ind.max),
            });
        if (ind.id % 3 === 0 && rand() < 0.3)
          batch.push({
            indicatorId: ind.id,
            orgUnitId: provinceId,
            period: month,
            ...value(ind.kind, ind.min, ind.max),
          });
      }
    await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "fold-test",
      rows: batch as never,
    });
  }, 180_000);
  afterAll(async () => db?.cleanup());

  const PERIODS = ["2026N9", "2026Q3", "2026S1", "2026Q1", "2025", "2025Q4", "2025S2", "202609", "202512"];

  it("gives the same dashboard as reading every part, for the province and a commune", async () => {
    let compared = 0;
    for (const unitId of [provinceId, communeId])
      for (const period of PERIODS) {
        const folded = await getProgressOverview({ db: db.orm, planId, unitId, period });
        const read = await getProgressOverview({ db: db.orm, planId, unitId, period, fold: false });
        expect({ ...folded, computedAt: null }).toEqual({ ...read, computedAt: null });
        compared += folded.targets.filter((t) => t.actual.source === "time").length;
      }
    // The comparison covered figures combined over time, not only stored ones.
    expect(compared).toBeGreaterThan(50);
  });

  it("gives the same table of children × indicators as reading every part", async () => {
    for (const period of ["2026", "2026N9", "2026Q2", "2025S2"]) {
      const folded = await getIndicatorTable({ db: db.orm, parentUnitId: provinceId, indicatorIds, period });
      const read = await getIndicatorTable({
        db: db.orm,
        parentUnitId: provinceId,
        indicatorIds,
        period,
        fold: false,
      });
      expect(folded).toEqual(read);
      expect(folded.rows.length).toBeGreaterThan(0);
    }
  });

  it("gives the same rankings of children as reading every part", async () => {
    const parentUnitId = provinceId;
    for (const period of ["2026", "2026Q3", "2025S2", "202609"]) {
      const components = indicatorIds.slice(0, 12).map((indicatorId) => ({ indicatorId }));
      const folded = await rankByIndicators({ db: db.orm, parentUnitId, period, components });
      const read = await rankByIndicators({ db: db.orm, parentUnitId, period, components, fold: false });
      expect(folded).toEqual(read);
      expect(folded.items.filter((i) => i.value !== null).length).toBeGreaterThan(4);
      const one = { db: db.orm, parentUnitId, period, components: components.slice(2, 3) };
      expect(await rankByIndicators(one)).toEqual(await rankByIndicators({ ...one, fold: false }));
    }
  });
});
