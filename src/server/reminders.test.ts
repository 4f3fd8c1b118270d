import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one } from "../db/client.ts";
import { createDemo } from "../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { buildApp } from "./app.ts";
import { runDueReminders } from "./reminders.ts";
import { loginAs } from "./testing.ts";

describe.each(testDatabaseKinds())("scheduled reminders on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const { provinceId } = await createDemo(db.orm, { communes: 4 });
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    const form = await one<{ id: number }>(db.orm, sql`select id from data_set where code = 'MH-XA-QUY'`);
    const r = await app.inject({
      method: "POST",
      url: "/api/rounds",
      headers: await loginAs(app, "thuky"),
      payload: {
        ownerUnitId: provinceId,
        name: "Báo cáo 9 tháng năm 2026",
        period: "2026N9",
        opensOn: "2026-09-01",
        deadline: "2026-10-15",
        dataSetIds: [form!.id],
      },
    });
    expect(r.statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const count = async (kindLike: string) =>
    (await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from notification where kind like ${kindLike}`,
    ))!.n;

  it("reminds nobody a week before the window, then before and after the deadline, once a day", async () => {
    expect((await runDueReminders({ db: db.orm, today: "2026-10-01" })).rounds).toBe(0);
    const before = await runDueReminders({ db: db.orm, today: "2026-10-13" });
    expect(before.rounds).toBeGreaterThan(0);
    expect(await count("remind_before")).toBe(before.rounds);
    expect((await runDueReminders({ db: db.orm, today: "2026-10-13" })).rounds).toBe(0);
    const overdue = await runDueReminders({ db: db.orm, today: "2026-10-20" });
    expect(overdue.rounds).toBe(before.rounds);
    expect(await count("remind_overdue")).toBe(overdue.rounds);
  });
});
