import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../client.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { purgeDemo } from "./reset.ts";
import { createDemo, DEMO_USERS, demoProvinceId } from "./seed.ts";

describe.each(testDatabaseKinds())("demo province on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.cleanup());

  it("creates a clearly labelled province shaped like the seeds", async () => {
    const s = await createDemo(db.orm);
    expect(s.communes).toBeGreaterThanOrEqual(95);
    expect(s.agencies).toBeGreaterThanOrEqual(12);
    expect(s.targets).toBe(40);
    expect(s.members).toBeGreaterThan(s.teams * 4 - 1);
    const p = await one<{ full_name: string; is_demo: boolean }>(
      db.orm,
      sql`select full_name, is_demo from org_unit where id = ${s.provinceId}`,
    );
    expect(p?.full_name).toContain("dữ liệu minh họa");
    expect(p?.is_demo).toBe(true);
    const pillars = await rows<{ code: string; n: number }>(
      db.orm,
      sql`select p.code, count(*)::int as n from target t join pillar p on p.id = t.pillar_id group by p.code`,
    );
    expect(pillars.map((x) => x.code).sort()).toEqual(["ATTT", "CQS", "HT", "KTS", "NL", "NT", "TC", "XHS"]);
    const periods = await rows<{ period_type: string }>(
      db.orm,
      sql`select distinct period_type from data_value where province_id = ${s.provinceId}`,
    );
    expect(periods.map((x) => x.period_type).sort()).toEqual(["half_year", "nine_months", "quarter", "year"]);
    // Gaps exist: not every commune reported every quarter.
    const gaps = await one<{ missing: number }>(
      db.orm,
      sql`select (count(distinct u.id) * 7 - count(distinct (v.org_unit_id, v.period)))::int as missing
        from org_unit u left join data_value v on v.org_unit_id = u.id and v.period_type = 'quarter'
          and v.indicator_id = (select id from indicator where code = 'MH_CQS03')
        where u.kind = 'commune' and u.province_id = ${s.provinceId}`,
    );
    expect(gaps?.missing).toBeGreaterThan(0);
    const roles = await rows<{ role: string }>(db.orm, sql`select distinct role from role_assignment`);
    expect(roles.length).toBe(new Set(DEMO_USERS.map((u) => u.role)).size);
  });

  it("is deterministic and resets cleanly", async () => {
    const first = await one<{ total: string }>(
      db.orm,
      sql`select sum(numerator)::text as total from data_value`,
    );
    // A row 0016 set aside for a demo unit goes with the demo (it has no foreign key to follow).
    await db.orm.execute(sql`insert into data_value_superseded select v.*, now(), v.id from data_value v
      order by v.id limit 1`);
    await purgeDemo(db.orm);
    expect(await demoProvinceId(db.orm)).toBeUndefined();
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from data_value`))?.n).toBe(0);
    const setAside = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from data_value_superseded`,
    );
    expect(setAside?.n).toBe(0);
    await createDemo(db.orm);
    const again = await one<{ total: string }>(
      db.orm,
      sql`select sum(numerator)::text as total from data_value`,
    );
    expect(again?.total).toBe(first?.total);
  });
});
