import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/evaluation/sensitivity.ts";
import { one, withActor } from "../client.ts";
import { getIndicatorTable, getProgressOverview, rankByIndicators } from "../progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { type TDataValueInput, upsertDataValues } from "../values.ts";
import { setKeeping } from "./cache.ts";
import { buildProgressFixture, type TProgressFixture } from "./fixture.ts";

type TDb = Awaited<ReturnType<typeof openTestDatabase>>;

// Kept dashboards and tables are an optimisation: after any write, a kept result must equal a fresh
// computation exactly, and only what the write can change may be recomputed.
describe.each(testDatabaseKinds())("kept dashboards and tables on %s", (kind) => {
  let db: TDb;
  let f: TProgressFixture;
  let formulaTarget: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    f = await buildProgressFixture(db);
    // A target on the formula indicator (T_FORM = T_SUM × 2): its row depends on T_SUM's values.
    formulaTarget = (await one<{ id: number }>(
      db.orm,
      sql`insert into target (plan_id, code, name, indicator_id, direction, applies_to, sort)
        values (${f.planId}, 'M_FORM', 'Mục tiêu công thức', ${f.ind.FORM}, 'higher', 'commune', 99) returning id`,
    ))!.id;
    await db.orm.execute(
      sql`insert into target_value (target_id, year, value) values (${formulaTarget}, 2025, 100)`,
    );
  }, 120_000);
  afterAll(async () => db?.cleanup());
  afterEach(() => setKeeping(true));

  const overview = (unitId: number, period: string, planId = f.planId) =>
    getProgressOverview({ db: db.orm, planId, unitId, period });
  const table = (parentUnitId: number, period: string) =>
    getIndicatorTable({ db: db.orm, parentUnitId, indicatorIds: Object.values(f.ind), period });

  /** Every view, kept and fresh: they must be equal field by field. */
  async function compareAll(label: string) {
    const views: Array<() => Promise<unknown>> = [];
    for (const period of ["2025S1", "2025", "2025Q2", "2025Q1"]) {
      for (const unitId of [f.nationId, f.provinceId, f.bigProvinceId, f.communes[0]])
        views.push(async () => ({ ...(await overview(unitId, period)), computedAt: null }));
      views.push(async () => ({
        ...(await overview(f.provinceId, period, f.truncPlanId)),
        computedAt: null,
      }));
      views.push(() => table(f.nationId, period));
      views.push(() => table(f.provinceId, period));
      for (const parentUnitId of [f.nationId, f.provinceId])
        views.push(() =>
          rankByIndicators({
            db: db.orm,
            parentUnitId,
            period,
            components: [f.ind.SUM, f.ind.RATIO, f.ind.FORM].map((indicatorId) => ({ indicatorId })),
          }),
        );
    }
    for (const view of views) {
      const kept = await view();
      setKeeping(false);
      const fresh = await view();
      setKeeping(true);
      expect(kept, label).toEqual(fresh);
    }
  }

  it("equals a fresh computation after random writes, deletes, drafts and rolled-back changes", async () => {
    const rand = mulberry32(11);
    const units = [...f.communes, ...f.agencies, f.provinceId, f.bigProvinceId, f.nationId];
    const inds = [
      f.ind.SUM,
      f.ind.STOCK,
      f.ind.RATIO,
      f.ind.AVG,
      f.ind.SHARE,
      f.ind.COUNT,
      f.ind.MIN,
      f.ind.RANK,
    ];
    const periods = ["2025Q1", "2025Q2", "2025S1", "202504", "202506"];
    const bigCommune = (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where parent_id = ${f.bigProvinceId} order by id limit 1`,
    ))!.id;
    units.push(bigCommune);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const randomValue = (ind: number): Partial<TDataValueInput> =>
      ind === f.ind.RATIO || ind === f.ind.AVG
        ? { numerator: Math.floor(rand() * 50), denominator: 50 + Math.floor(rand() * 50) }
        : ind === f.ind.SHARE || ind === f.ind.COUNT
          ? { value: rand() < 0.5 ? 1 : 0 }
          : { value: Math.floor(rand() * 100) };
    await compareAll("before any write");
    for (let round = 0; round < 6; round++) {
      const values: TDataValueInput[] = [];
      for (let k = 0; k < 4; k++) {
        const ind = pick(inds);
        values.push({
          indicatorId: ind,
          orgUnitId: pick(units),
          period: pick(periods),
          ...randomValue(ind),
          ...(rand() < 0.2 ? { delete: true } : {}),
        } as TDataValueInput);
      }
      await upsertDataValues({ db: db.orm, actor: "test", values }).catch((e: Error) => {
        // A delete of a value that does not exist, or a unit outside an indicator's rule, is refused
        // whole: the views must then be unchanged, which the comparison checks as well.
        expect((e as { statusCode?: number }).statusCode ?? 400).toBeLessThan(500);
      });
      // A change that is rolled back moves nothing.
      await withActor(db.orm, { actor: "test" }, async (tx) => {
        await tx.execute(sql`update data_value set value = value + 1000 where value is not null`);
        throw new Error("rolled back");
      }).catch(() => undefined);
      // A value turned back into a draft leaves the figures.
      if (round === 3)
        await withActor(db.orm, { actor: "test" }, (tx) =>
          tx.execute(
            sql`update data_value set status = 'draft' where id = (select min(id) from data_value where indicator_id = ${f.ind.SUM})`,
          ),
        );
      await compareAll(`after round ${round}`);
    }
  }, 240_000);

  it("recomputes only the rows and columns whose indicators were written", async () => {
    const before = await overview(f.provinceId, "2025S1");
    const again = await overview(f.provinceId, "2025S1");
    // Unchanged data: every row is the kept one, and kept rows cannot be changed by a caller.
    for (const [i, t] of again.targets.entries()) expect(t).toBe(before.targets[i]);
    expect(Object.isFrozen(before.targets[0].actual)).toBe(true);
    const tableBefore = await table(f.nationId, "2025S1");
    await upsertDataValues({
      db: db.orm,
      actor: "test",
      values: [{ indicatorId: f.ind.SUM, orgUnitId: f.communes[1], period: "2025Q1", value: 77 }],
    });
    const after = await overview(f.provinceId, "2025S1");
    const tableAfter = await table(f.nationId, "2025S1");
    const changed = after.targets.filter((t, i) => t !== before.targets[i]).map((t) => t.targetId);
    const sumTargets = after.targets.filter((t) => t.indicatorId === f.ind.SUM).map((t) => t.targetId);
    // The written indicator's targets and the formula that reads it; nothing else.
    expect(changed.sort()).toEqual([...sumTargets, formulaTarget].sort());
    const col = Object.values(f.ind).indexOf(f.ind.SUM);
    const formCol = Object.values(f.ind).indexOf(f.ind.FORM);
    for (const [r, row] of tableAfter.rows.entries())
      for (const [c, fig] of row.figures.entries())
        if (c !== col && c !== formCol) expect(fig).toBe(tableBefore.rows[r].figures[c]);
    // The province row of the written column moved.
    const provRow = tableAfter.rows.findIndex((row) => row.unitId === f.provinceId);
    expect(tableAfter.rows[provRow].figures[col]).not.toEqual(tableBefore.rows[provRow].figures[col]);
    // A write in another province leaves this province's kept rows alone, not the nation's.
    const nationBefore = await overview(f.nationId, "2025S1");
    const bigCommune = (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where parent_id = ${f.bigProvinceId} order by id limit 1`,
    ))!.id;
    await upsertDataValues({
      db: db.orm,
      actor: "test",
      values: [{ indicatorId: f.ind.SHARE, orgUnitId: bigCommune, period: "2025S1", value: 0 }],
    });
    const provinceAgain = await overview(f.provinceId, "2025S1");
    for (const [i, t] of provinceAgain.targets.entries()) expect(t).toBe(after.targets[i]);
    const nationAfter = await overview(f.nationId, "2025S1");
    const share = nationAfter.targets.findIndex((t) => t.indicatorId === f.ind.SHARE);
    expect(nationAfter.targets[share]).not.toBe(nationBefore.targets[share]);
  });

  it("recomputes everything when the catalogue changes", async () => {
    const before = await overview(f.provinceId, "2025S1");
    await withActor(db.orm, { actor: "test" }, (tx) =>
      tx.execute(sql`update target_value set value = value + 1 where target_id = ${formulaTarget}`),
    );
    const after = await overview(f.provinceId, "2025S1");
    for (const [i, t] of after.targets.entries()) expect(t).not.toBe(before.targets[i]);
    const row = after.targets.find((t) => t.targetId === formulaTarget)!;
    expect(row.targetValue).toBe(101);
  });
});
