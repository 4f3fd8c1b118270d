import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows, withActor } from "../client.ts";
import { buildProgressFixture, type TProgressFixture } from "../progress/fixture.ts";
import { getProgressOverview } from "../progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { bulkImportDataValues } from "../values.ts";

// A first load of keys that do not exist yet is a plain insert; re-imports, duplicates and keys stored
// by another writer meanwhile must still come out as the upsert would have written them.
describe.each(testDatabaseKinds())("bulk import write paths on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let f: TProgressFixture;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    f = await buildProgressFixture(db);
  }, 120_000);
  afterAll(async () => db?.cleanup());

  const storedValue = async (unit: number, period: string) =>
    (
      await one<{ v: string | null }>(
        db.orm,
        sql`select value::text as v from data_value where org_unit_id = ${unit} and indicator_id = ${f.ind.SUM}
          and period = ${period}`,
      )
    )?.v;
  const rowsFor = (period: string, values: number[]) =>
    values.map((value, i) => ({ indicatorId: f.ind.SUM, orgUnitId: f.communes[i], period, value }));

  it("inserts a first load, updates on a second, and refuses duplicates in one file whole", async () => {
    const first = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "b1",
      rows: rowsFor("2028Q1", [1, 2, 3]),
    });
    expect(first).toMatchObject({ rows: 3, inserted: 3, updated: 0 });
    const second = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "b2",
      rows: rowsFor("2028Q1", [1, 5, 3, 4]),
    });
    expect(second).toMatchObject({ rows: 4, inserted: 1, updated: 1, unchanged: 2 });
    expect(await storedValue(f.communes[1], "2028Q1")).toBe("5");
    // Fresh keys, but the same key twice: the plain insert fails on its key, the upsert names the fault.
    const dup = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "b3",
      rows: [...rowsFor("2028Q2", [1, 2]), ...rowsFor("2028Q2", [7])],
    }).catch((e: { status: number; code: string }) => e);
    expect(dup).toMatchObject({ status: 400, code: "duplicate" });
    expect(await storedValue(f.communes[0], "2028Q2")).toBeUndefined();
  });

  it.runIf(kind === "postgres")(
    "writes a key another transaction stored after the check as an update, not an error",
    async () => {
      const c1 = await db.pool!.connect();
      try {
        await c1.query("begin");
        await c1.query(
          `insert into data_value (province_id, indicator_id, org_unit_id, period, period_type, period_start,
            period_end, value, status) values ($1, $2, $3, '2028Q3', 'quarter', '2028-07-01', '2028-09-30', 9,
            'submitted')`,
          [f.provinceId, f.ind.SUM, f.communes[2]],
        );
        // The import sees no such key (not committed), inserts, waits on the key, then must update it.
        const importing = bulkImportDataValues({
          database: db,
          actor: "test",
          importId: "b4",
          rows: rowsFor("2028Q3", [1, 2, 3]),
        });
        await new Promise((r) => setTimeout(r, 500));
        await c1.query("commit");
        expect(await importing).toMatchObject({ rows: 3, inserted: 2, updated: 1 });
      } finally {
        c1.release();
      }
      expect(await storedValue(f.communes[2], "2028Q3")).toBe("3");
      // The rollup counts each key once: 1 + 2 + 3 from three communes.
      const overview = await getProgressOverview({
        db: db.orm,
        planId: f.planId,
        unitId: f.provinceId,
        period: "2028Q3",
      });
      const sum = overview.targets.find((t) => t.indicatorId === f.ind.SUM)!;
      expect(sum.actual).toMatchObject({ value: 6, reported: 3 });
    },
  );

  it("takes units without any value yet as a first load, duplicates included", async () => {
    const fresh: number[] = [];
    for (const code of ["T01C8", "T01C9"])
      fresh.push(
        (await one<{ id: number }>(
          db.orm,
          sql`insert into org_unit (code, kind, level, name, parent_id, province_id, valid_from)
            values (${code}, 'commune', 3, ${code}, ${f.provinceId}, ${f.provinceId}, '2020-01-01') returning id`,
        ))!.id,
      );
    const rowsOf = (values: number[]) =>
      values.map((value, i) => ({
        indicatorId: f.ind.SUM,
        orgUnitId: fresh[i % 2],
        period: "2028Q4",
        value,
      }));
    const dup = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "b5",
      rows: rowsOf([1, 2, 3]),
    })
      .then(() => undefined)
      .catch((e: { status: number; code: string }) => e);
    expect(dup).toMatchObject({ status: 400, code: "duplicate" });
    expect(await storedValue(fresh[0], "2028Q4")).toBeUndefined();
    const first = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "b6",
      rows: rowsOf([4, 5]),
    });
    expect(first).toMatchObject({ rows: 2, inserted: 2, updated: 0 });
    const again = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "b7",
      rows: rowsOf([4, 6]),
    });
    expect(again).toMatchObject({ rows: 2, inserted: 0, updated: 1, unchanged: 1 });
    expect(await storedValue(fresh[1], "2028Q4")).toBe("6");
  });

  it("stamps the indicator's current version on new and changed figures in the one insert", async () => {
    const versions = async () =>
      (
        await rows<{ period: string; v: number }>(
          db.orm,
          sql`select period, indicator_version as v from data_value where indicator_id = ${f.ind.SUM}
            and org_unit_id = ${f.communes[0]} and period in ('2029Q1', '2029Q2') order by period`,
        )
      ).map((r) => [r.period, r.v]);
    const bump = () =>
      withActor(db.orm, { actor: "test" }, (tx) =>
        tx.execute(sql`update indicator set version = version + 1 where id = ${f.ind.SUM}`),
      );
    const current = async () =>
      (await one<{ v: number }>(db.orm, sql`select version as v from indicator where id = ${f.ind.SUM}`))!.v;
    await bump();
    const v1 = await current();
    const load = (importId: string, q1: number, q2: number) =>
      bulkImportDataValues({
        database: db,
        actor: "test",
        importId,
        rows: [...rowsFor("2029Q1", [q1]), ...rowsFor("2029Q2", [q2])],
      });
    // Audited updates of the two figures: the stamp is part of the write, not a second update.
    const updates = async () =>
      (
        await one<{ n: number }>(
          db.orm,
          sql`select count(*)::int as n from audit_log a join data_value d on a.row_id = d.id::text
            where a.table_name = 'data_value' and a.action = 'update' and d.indicator_id = ${f.ind.SUM}
              and d.org_unit_id = ${f.communes[0]} and d.period in ('2029Q1', '2029Q2')`,
        )
      )?.n;
    expect(await load("v1", 1, 2)).toMatchObject({ inserted: 2 });
    expect(await versions()).toEqual([
      ["2029Q1", v1],
      ["2029Q2", v1],
    ]);
    expect(await updates()).toBe(0);
    // A later definition: the changed figure takes it, the unchanged one keeps the version it was reported under.
    await bump();
    expect(await load("v2", 1, 9)).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await versions()).toEqual([
      ["2029Q1", v1],
      ["2029Q2", v1 + 1],
    ]);
    expect(await updates()).toBe(1);
  });
});
