import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows, withActor } from "../client.ts";
import { createDemo } from "../demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { refreshCommunityFigures } from "./figures.ts";

describe.each(testDatabaseKinds())("registry figures on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let provinceId: number;
  let commune: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 3 })).provinceId;
    commune = (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where kind = 'commune' and province_id = ${provinceId} order by code limit 1`,
    ))!.id;
  }, 300_000);
  afterAll(async () => db?.cleanup());

  const figure = async (code: string, period: string) =>
    one<{ numerator: string | null; denominator: string | null; value: string | null; status: string }>(
      db.orm,
      sql`select v.numerator::text as numerator, v.denominator::text as denominator, v.value::text as value, v.status
        from data_value v join indicator i on i.id = v.indicator_id
        where i.code = ${code} and v.org_unit_id = ${commune} and v.period = ${period}`,
    );
  const refresh = (period: string) =>
    withActor(db.orm, { actor: "test" }, (tx) => refreshCommunityFigures({ db: tx, provinceId, period }));

  it("counts active teams founded by the quarter's end, and their active members", async () => {
    const teams = await rows<{ id: number; members: number }>(
      db.orm,
      sql`select t.id, (select count(*) from community_team_member m where m.team_id = t.id and m.status = 'active')::int
          as members from community_team t where t.commune_id = ${commune} and t.status = 'active' order by t.id`,
    );
    expect((await figure("CNS_TEAMS", "2026Q3"))?.value).toBe(String(teams.length));
    // A team founded after the quarter does not count for it; a dissolved one counts nowhere.
    await withActor(db.orm, { actor: "test" }, async (tx) => {
      await tx.execute(sql`update community_team set founded_on = '2026-08-01' where id = ${teams[0].id}`);
      await tx.execute(sql`update community_team set status = 'dissolved' where id = ${teams[1].id}`);
    });
    expect(await refresh("2026Q2")).toBeGreaterThan(0);
    expect((await figure("CNS_TEAMS", "2026Q2"))?.value).toBe(String(teams.length - 2));
    await refresh("2026Q3");
    expect((await figure("CNS_TEAMS", "2026Q3"))?.value).toBe(String(teams.length - 1));
    expect((await figure("CNS_MEMBERS", "2026Q3"))?.value).toBe(
      String(teams.reduce((s, t) => s + t.members, 0) - teams[1].members),
    );
    const cov = await figure("CNS_VILLAGE_COVERAGE", "2026Q3");
    expect(Number(cov?.numerator)).toBeLessThan(Number(cov?.denominator));
    expect(await figure("CNS_COMMUNE_COVERAGE", "2026Q3")).toMatchObject({
      numerator: "1",
      denominator: "1",
    });
    // Nothing changed: nothing rewritten.
    expect(await refresh("2026Q3")).toBe(0);
  });

  it("writes activity sums only where teams reported, and never touches a locked value", async () => {
    expect(await figure("CNS_HOUSEHOLDS_HELPED", "2025Q1")).toBeUndefined();
    await withActor(db.orm, { actor: "test" }, async (tx) => {
      await tx.execute(sql`update data_value set status = 'locked' where org_unit_id = ${commune} and period = '2026Q3'
        and indicator_id = (select id from indicator where code = 'CNS_TEAMS')`);
      await tx.execute(sql`update community_team set status = 'dissolved' where commune_id = ${commune}`);
    });
    const locked = await figure("CNS_TEAMS", "2026Q3");
    await refresh("2026Q3");
    expect(await figure("CNS_TEAMS", "2026Q3")).toEqual(locked);
    expect((await figure("CNS_MEMBERS", "2026Q3"))?.value).toBe("0");
    // What a team did before it was dissolved still counts for that quarter.
    const sum = await one<{ n: string }>(
      db.orm,
      sql`select sum(households_helped)::text as n from community_team_activity
        where commune_id = ${commune} and period = '2026Q3'`,
    );
    expect((await figure("CNS_HOUSEHOLDS_HELPED", "2026Q3"))?.value).toBe(sum?.n);
  });
});
