import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows, withActor } from "./client.ts";
import { createDemo } from "./demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "./testing.ts";

describe.each(testDatabaseKinds())("audit and data safety on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await createDemo(db.orm, { communes: 6 });
  });
  afterAll(async () => db?.cleanup());

  it("records who changed a value, when, before and after, and why", async () => {
    const v = await one<{ id: number; numerator: string }>(
      db.orm,
      sql`select id, numerator::text from data_value where numerator is not null order by id limit 1`,
    );
    await withActor(db.orm, { actor: "user:7", reason: "sửa số liệu" }, (tx) =>
      tx.execute(
        sql`update data_value set numerator = numerator + 1, version = version + 1 where id = ${v!.id}`,
      ),
    );
    const a = await one<{
      actor: string;
      reason: string;
      before: { numerator: number };
      after: { numerator: number };
    }>(
      db.orm,
      sql`select actor, reason, before, after from audit_log
        where table_name = 'data_value' and row_id = ${String(v!.id)} and action = 'update'`,
    );
    expect(a?.actor).toBe("user:7");
    expect(a?.reason).toBe("sửa số liệu");
    expect(Number(a?.after.numerator) - Number(a?.before.numerator)).toBe(1);
  });

  it("keeps the audit log append-only and never deletes a data value", async () => {
    await expect(db.orm.execute(sql`update audit_log set actor = 'x'`)).rejects.toThrow();
    await expect(db.orm.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(db.orm.execute(sql`delete from data_value`)).rejects.toThrow();
    const n = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from data_value`);
    expect(n?.n).toBeGreaterThan(0);
  });

  it("rolls back a multi-row write as a whole", async () => {
    const before = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from pillar`);
    await expect(
      withActor(db.orm, { actor: "test" }, async (tx) => {
        await tx.execute(
          sql`insert into pillar (code, kind, name, name_en) values ('ZZ', 'pillar', 'Z', 'Z')`,
        );
        await tx.execute(
          sql`insert into pillar (code, kind, name, name_en) values ('ZZ', 'pillar', 'Z', 'Z')`,
        );
      }),
    ).rejects.toThrow();
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from pillar`))?.n).toBe(before?.n);
  });

  it("never writes password hashes into the audit log", async () => {
    const leaked = await rows(
      db.orm,
      sql`select id from audit_log where table_name = 'app_user' and (after ? 'password_hash' or before ? 'password_hash')`,
    );
    const users = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from app_user`);
    expect(users?.n).toBeGreaterThan(0);
    expect(leaked).toEqual([]);
  });
  it("checks data_value references once per statement, like foreign keys, both ways, and the unit's province", async () => {
    const v = await one<{ id: number; unit: number; ind: number; prov: number }>(
      db.orm,
      sql`select id, org_unit_id as unit, indicator_id as ind, province_id as prov from data_value order by id limit 1`,
    );
    const code = async (p: Promise<unknown>) => {
      const e = (await p.then(
        () => undefined,
        (x: unknown) => x,
      )) as { code?: string; cause?: { code?: string } } | undefined;
      return e?.code ?? e?.cause?.code;
    };
    const insert = (unit: number, ind: number, prov: number) =>
      withActor(db.orm, { actor: "test" }, (tx) =>
        tx.execute(sql`insert into data_value (province_id, indicator_id, org_unit_id, period, period_type,
          period_start, period_end, value, status)
          values (${prov}, ${ind}, ${unit}, '203001', 'month', '2030-01-01', '2030-01-31', 1, 'submitted')`),
      );
    expect(await code(insert(999_999, v!.ind, v!.prov))).toBe("23503");
    expect(await code(insert(v!.unit, 999_999, v!.prov))).toBe("23503");
    expect(await code(insert(v!.unit, v!.ind, 999_999))).toBe("23503");
    // A province_id other than the unit's province (0017: a province's values are read through its units).
    expect(await code(insert(v!.unit, v!.ind, v!.unit))).toBe("23514");
    expect(
      await code(
        withActor(db.orm, { actor: "test" }, (tx) =>
          tx.execute(sql`update data_value set data_set_id = 999999 where id = ${v!.id}`),
        ),
      ),
    ).toBe("23503");
    // Parents in use cannot be deleted; nothing was written by the refused statements.
    expect(await code(db.orm.execute(sql`delete from indicator where id = ${v!.ind}`))).toBe("23503");
    expect(await code(db.orm.execute(sql`delete from org_unit where id = ${v!.unit}`))).toBe("23503");
    const n = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from data_value where period = '203001'`,
    );
    expect(n?.n).toBe(0);
    // A valid reference passes.
    await insert(v!.unit, v!.ind, v!.prov);
    const m = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from data_value where period = '203001'`,
    );
    expect(m?.n).toBe(1);
  });
});
