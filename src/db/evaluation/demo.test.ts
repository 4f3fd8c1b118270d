import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../client.ts";
import { createDemo } from "../demo/seed.ts";
import { openTestDatabase } from "../testing.ts";

describe("demo commune index", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    await createDemo(db.orm, { communes: 30 });
  }, 120_000);
  afterAll(async () => db?.cleanup());

  it("has a published 2025 round with frozen results and an open 2026 round", async () => {
    const rounds = await rows<{ year: number; status: string; participants: number; results: number }>(
      db.orm,
      sql`select r.year, r.status, (select count(*) from eval_participant p where p.round_id = r.id)::int as participants,
          (select count(*) from eval_result x where x.round_id = r.id)::int as results
        from eval_round r order by r.year`,
    );
    expect(rounds).toEqual([
      { year: 2025, status: "published", participants: 30, results: 30 },
      { year: 2026, status: "open", participants: 30, results: 0 },
    ]);
    const totals = await rows<{ v: number }>(
      db.orm,
      sql`select total_value::float8 as v from eval_result order by v`,
    );
    // Indicator criteria read the demo data, so the results spread: not everyone equal, nobody at 0 or 100.
    expect(totals[0].v).toBeGreaterThan(0.2);
    expect(totals[totals.length - 1].v).toBeLessThan(1);
    expect(new Set(totals.map((t) => t.v)).size).toBeGreaterThan(20);
    const adjusted = await rows<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from eval_answer where appraisal = 'adjusted'`,
    );
    expect(adjusted[0].n).toBeGreaterThan(0);
  });

  it("is deterministic", async () => {
    const again = await openTestDatabase("pglite");
    try {
      await createDemo(again.orm, { communes: 30 });
      const q = sql`select u.code, x.published_text from eval_result x join org_unit u on u.id = x.unit_id order by u.code`;
      expect(await rows(again.orm, q)).toEqual(await rows(db.orm, q));
    } finally {
      await again.cleanup();
    }
  }, 120_000);
});
