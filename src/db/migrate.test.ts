import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, one, openDatabase, rows, withActor } from "./client.ts";
import { listMigrations, migrate } from "./migrate.ts";
import { openTestDatabase, testDatabaseKinds } from "./testing.ts";
import { ensureNation, refreshPaths } from "./units.ts";

/** Two provinces, a commune of the first and a summed indicator, with helpers to write and move. */
async function fixture(orm: Database["orm"]) {
  const ids = await withActor(orm, { actor: "test" }, async (tx) => {
    const nation = await ensureNation(tx);
    const [a, b] = await rows<{ id: number }>(
      tx,
      sql`insert into org_unit (code, kind, level, name, parent_id, valid_from, source)
        values ('MA', 'province', 1, 'Tỉnh A', ${nation}, '2020-01-01', 'test'),
          ('MB', 'province', 1, 'Tỉnh B', ${nation}, '2020-01-01', 'test') returning id`,
    );
    await tx.execute(sql`update org_unit set province_id = id where code in ('MA', 'MB')`);
    const c = await one<{ id: number }>(
      tx,
      sql`insert into org_unit (code, kind, level, name, parent_id, province_id, valid_from, source)
        values ('MC', 'commune', 3, 'Xã C', ${a.id}, ${a.id}, '2020-01-01', 'test') returning id`,
    );
    await refreshPaths(tx);
    const i = await one<{ id: number }>(
      tx,
      sql`insert into indicator (code, name, kind, aggregation, over_time)
        values ('MIG_COUNT', 'Số thử', 'count', 'sum', 'sum') returning id`,
    );
    return { communeId: c!.id, indicatorId: i!.id, provinceA: a.id, provinceB: b.id };
  });
  /** Stores a month's value of the commune under a province (as a writer before 0016 could). */
  const write = (province: number, period: string, value: number) => {
    const start = `${period.slice(0, 4)}-${period.slice(4)}-01`;
    return withActor(orm, { actor: "test" }, (tx) =>
      tx.execute(sql`insert into data_value (province_id, indicator_id, org_unit_id, period, period_type,
        period_start, period_end, value, status)
        values (${province}, ${ids.indicatorId}, ${ids.communeId}, ${period}, 'month', ${start}::date,
          (${start}::date + interval '1 month - 1 day')::date, ${value}, 'submitted')`),
    );
  };
  /** Moves the commune under another province, as a corrected unit list does. */
  const moveTo = (province: number) =>
    withActor(orm, { actor: "test" }, async (tx) => {
      await tx.execute(
        sql`update org_unit set parent_id = ${province}, province_id = ${province} where id = ${ids.communeId}`,
      );
      await refreshPaths(tx);
    });
  /** The province's own rollup row for January 2024. */
  const rollup = (province: number) =>
    one<{ n: number; s: string }>(
      orm,
      sql`select coalesce(sum(n_rows), 0)::int as n, coalesce(sum(sum_value), 0)::text as s from progress_rollup
        where province_id = ${province} and ancestor_id = ${province} and period = '202401'`,
    );
  return { ...ids, write, moveTo, rollup };
}

describe.each(testDatabaseKinds())("migrations on %s", (kind) => {
  let db: (Database & { cleanup(): Promise<void> }) | undefined;
  afterEach(async () => {
    await db?.cleanup();
    db = undefined;
  });

  it("0016 keeps one row per unit, indicator and period; the other is kept aside, audited, out of the rollups", async () => {
    db = await openTestDatabase(kind, { until: "0015_span_refresh_many" });
    const orm = db.orm;
    // Before 0016 a unit that changed province between two writes could hold a row under each.
    const { communeId, provinceA, provinceB, write, moveTo, rollup } = await fixture(orm);
    await write(provinceA, "202401", 5);
    await write(provinceA, "202402", 3);
    await moveTo(provinceB);
    await write(provinceB, "202401", 7);
    expect(await rollup(provinceA)).toEqual({ n: 1, s: "5" });

    expect(await migrate(db)).toEqual(
      listMigrations()
        .map((m) => m.version)
        .filter((v) => v > "0015_span_refresh_many"),
    );
    const kept = await rows<{ id: number; province_id: number; period: string; value: string }>(
      orm,
      sql`select id, province_id, period, value::text from data_value where org_unit_id = ${communeId} order by period`,
    );
    // The unit's other value follows it to its province.
    expect(kept.map((r) => [r.province_id, r.period, r.value])).toEqual([
      [provinceB, "202401", "7"],
      [provinceB, "202402", "3"],
    ]);
    const aside = await rows<{ province_id: number; value: string; kept_id: number }>(
      orm,
      sql`select province_id, value::text, kept_id from data_value_superseded`,
    );
    expect(aside).toEqual([{ province_id: provinceA, value: "5", kept_id: kept[0].id }]);
    const audited = await one<{ actor: string; value: string }>(
      orm,
      sql`select actor, before->>'value' as value from audit_log where table_name = 'data_value' and action = 'delete'`,
    );
    expect(audited).toEqual({ actor: "migration 0016", value: "5" });
    expect(await rollup(provinceA)).toEqual({ n: 0, s: "0" });
    expect(await rollup(provinceB)).toEqual({ n: 1, s: "7" });
    expect(
      await one<{ n: number }>(
        orm,
        sql`select count(*)::int as n from progress_rollup where province_id = ${provinceA}`,
      ),
    ).toEqual({ n: 0 });
    // The key is now the unit's: a second row under another province is refused.
    await expect(write(provinceA, "202401", 9)).rejects.toMatchObject({ cause: { code: "23505" } });
  });

  it("a unit that changes province takes its values along, and both provinces are rebuilt", async () => {
    db = await openTestDatabase(kind);
    const { communeId, provinceA, provinceB, write, moveTo, rollup } = await fixture(db.orm);
    await write(provinceA, "202401", 5);
    expect(await rollup(provinceA)).toEqual({ n: 1, s: "5" });
    await moveTo(provinceB);
    expect(
      await rows(db.orm, sql`select province_id from data_value where org_unit_id = ${communeId}`),
    ).toEqual([{ province_id: provinceB }]);
    expect(await rollup(provinceA)).toEqual({ n: 0, s: "0" });
    expect(await rollup(provinceB)).toEqual({ n: 1, s: "5" });
    const audited = await one<{ actor: string; before: number; after: number }>(
      db.orm,
      sql`select actor, (before->>'province_id')::int as before, (after->>'province_id')::int as after
        from audit_log where table_name = 'data_value' and action = 'update'`,
    );
    expect(audited).toEqual({ actor: "test", before: provinceA, after: provinceB });
    // Written again, the unit's value for the month is the same row.
    await expect(write(provinceB, "202401", 6)).rejects.toMatchObject({ cause: { code: "23505" } });
  });

  it.runIf(kind === "postgres")("migrates through a pool of one connection", async () => {
    db = await openTestDatabase(kind, { until: "0001_foundation" });
    const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    const schema = (await one<{ s: string }>(db.orm, sql`select current_schema() as s`))!.s;
    const single = await openDatabase({ url, searchPath: schema, poolSize: 1 });
    try {
      expect((await migrate(single, { until: "0002_auth" })).length).toBe(1);
    } finally {
      await single.close();
    }
  });
});
