import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one } from "../client.ts";
import { explainTarget, getProgressOverview } from "../progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { upsertDataValues } from "../values.ts";
import { buildProgressFixture, type TProgressFixture } from "./fixture.ts";

// A count of units meeting a threshold, added up over time (over_time "sum"): the quarter's figure is
// the sum of the months' counts — a count, not Σ meeting / Σ reporting — in the dashboard, folded or
// not, and in the explanation trail alike.
describe.each(testDatabaseKinds())("a count of units meeting a threshold over time on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let f: TProgressFixture;
  let targetId: number;
  let indicatorId: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    f = await buildProgressFixture(db);
    indicatorId = (await one<{ id: number }>(
      db.orm,
      sql`insert into indicator (code, name, kind, aggregation, over_time, threshold, threshold_op, decimals)
        values ('T_CFLOW', 'Xã tổ chức sự kiện chuyển đổi số', 'boolean', 'count_meeting', 'sum', 1, '>=', 0)
        returning id`,
    ))!.id;
    targetId = (await one<{ id: number }>(
      db.orm,
      sql`insert into target (plan_id, code, name, indicator_id, direction, applies_to, sort)
        values (${f.planId}, 'M_CFLOW', 'Sự kiện', ${indicatorId}, 'higher', 'commune', 50) returning id`,
    ))!.id;
    await db.orm.execute(
      sql`insert into target_value (target_id, year, value) values (${targetId}, 2029, 10)`,
    );
    const [c1, c2, c3] = f.communes;
    const month = (period: string, values: number[]) =>
      values.map((value, i) => ({ indicatorId, orgUnitId: [c1, c2, c3][i], period, value }));
    await upsertDataValues({
      db: db.orm,
      actor: "test",
      values: [...month("202901", [1, 1, 0]), ...month("202902", [1, 0, 0]), ...month("202903", [0, 1])],
    });
  }, 120_000);
  afterAll(async () => db?.cleanup());

  it("adds the months' counts: 2 + 1 + 1 = 4 commune-months, reported as the last month", async () => {
    for (const fold of [true, false]) {
      const o = await getProgressOverview({
        db: db.orm,
        planId: f.planId,
        unitId: f.provinceId,
        period: "2029Q1",
        fold,
      });
      const row = o.targets.find((t) => t.targetId === targetId)!;
      expect(row.actual).toMatchObject({ value: 4, display: "4", source: "time", reported: 2, expected: 4 });
      expect(row.actual.numerator).toBeNull();
    }
    const e = await explainTarget({ db: db.orm, targetId, unitId: f.provinceId, period: "2029Q1" });
    expect(e.explanation.children![0].result).toBe(4);
    // A single month stays the count of that month, with the units counted.
    const m = await getProgressOverview({
      db: db.orm,
      planId: f.planId,
      unitId: f.provinceId,
      period: "202901",
    });
    expect(m.targets.find((t) => t.targetId === targetId)!.actual).toMatchObject({
      value: 2,
      numerator: 2,
      denominator: 3,
    });
  });
});
