import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../src/db/client.ts";
import { loginAs } from "../src/server/testing.ts";
import { DESKTOP, hasChromium, PHONE, SCREENSHOTS, startE2E, type TE2E } from "./harness.ts";

describe.skipIf(!hasChromium)(
  "collection: fill offline, submit, return, resubmit, approve in Chromium",
  () => {
    let e2e: TE2E;
    let commune1: number;
    let roundId: number;
    let fields: Array<{ indicatorId: number; code: string; kind: string; required: boolean }>;

    beforeAll(async () => {
      e2e = await startE2E({ communes: 4 });
      const db = e2e.app.database.orm;
      const province = await one<{ id: number }>(
        db,
        sql`select id from org_unit where kind = 'province' and is_demo`,
      );
      const form = await one<{ id: number }>(db, sql`select id from data_set where code = 'MH-XA-QUY'`);
      commune1 = (await one<{ id: number }>(
        db,
        sql`select unit_id as id from app_user where username = 'baocao'`,
      ))!.id;
      const r = await e2e.app.inject({
        method: "POST",
        url: "/api/rounds",
        headers: await loginAs(e2e.app, "thuky"),
        payload: {
          ownerUnitId: province!.id,
          name: "Báo cáo 9 tháng năm 2026",
          period: "2026N9",
          opensOn: "2026-01-01",
          deadline: "2099-10-15",
          dataSetIds: [form!.id],
        },
      });
      expect(r.statusCode).toBe(201);
      roundId = r.json().id;
      fields = await rows(
        db,
        sql`select e.indicator_id as "indicatorId", i.code, i.kind, e.required from data_set_element e
        join indicator i on i.id = e.indicator_id where e.data_set_id = ${form!.id} order by e.sort`,
      );
    }, 240_000);
    afterAll(async () => e2e?.close());

    async function login(viewport: { width: number; height: number }, username: string): Promise<Page> {
      const context = await e2e.browser.newContext({ viewport, locale: "vi-VN" });
      const page = await context.newPage();
      // The machine may be busy with other suites: be patient rather than flaky.
      page.setDefaultTimeout(60_000);
      await page.goto(`${e2e.url}/login`);
      await page.getByLabel("Tên đăng nhập").fill(username);
      await page.getByLabel("Mật khẩu").fill("MinhHoa@2026");
      await page.locator("button[type=submit]").click();
      await page.waitForURL((u) => !u.pathname.includes("login"), { timeout: 20_000 });
      return page;
    }
    const saveState = (page: Page) => page.locator("[data-testid=save-state]");
    const stored = async (indicatorId: number) =>
      one<{ numerator: string | null; value: string | null }>(
        e2e.app.database.orm,
        sql`select numerator::text, value::text from data_value where org_unit_id = ${commune1} and period = '2026N9'
        and indicator_id = ${indicatorId} and deleted_at is null`,
      );
    const submission = () =>
      one<{ id: number; state: string; version: number }>(
        e2e.app.database.orm,
        sql`select id, state, version from submission where org_unit_id = ${commune1} and period = '2026N9'`,
      );

    it("walks the whole loop on a phone and a desktop", async () => {
      const reporter = await login(PHONE, "baocao");
      await reporter.goto(`${e2e.url}/collection/owed`);
      await reporter.locator("[data-testid=owed-card]").first().waitFor();
      await reporter.screenshot({ path: `${SCREENSHOTS}/collection-1-owed-phone.png`, fullPage: true });
      await reporter.locator("[data-testid=owed-open]").first().click();
      await reporter.waitForURL(/\/collection\/entry\/\d+/);
      await reporter.locator("[data-testid=save-state]").waitFor();

      const ratios = fields.filter((f) => f.kind === "ratio");
      for (const [i, f] of ratios.entries()) {
        await reporter.locator(`[data-testid=f-${f.code}-numerator]`).fill(String(40 + i));
        await reporter.locator(`[data-testid=f-${f.code}-denominator]`).fill(String(100 + i));
      }
      const counts = fields.filter((f) => f.kind === "count");
      await reporter.locator(`[data-testid=f-${counts[0].code}-value]`).fill("12");
      await reporter.locator(`[data-testid=narr-shortcomings]`).fill("Hạ tầng mạng ở thôn vùng cao còn yếu");
      await expect
        .poll(async () => saveState(reporter).getAttribute("data-state"), { timeout: 15_000 })
        .toBe("saved");
      expect((await stored(ratios[0].indicatorId))?.numerator).toBe("40");
      await expect
        .poll(async () => reporter.locator(`[data-testid=ratio-${ratios[0].code}]`).textContent())
        .toContain("40 / 100");
      await reporter.screenshot({ path: `${SCREENSHOTS}/collection-2-entry-phone.png`, fullPage: true });

      // The connection drops: the edit stays on the device and is not lost.
      await reporter.context().setOffline(true);
      await reporter.locator(`[data-testid=f-${counts[1].code}-value]`).fill("34");
      await expect
        .poll(async () => saveState(reporter).getAttribute("data-state"), { timeout: 15_000 })
        .toBe("offline");
      await reporter.waitForTimeout(1500);
      expect(await stored(counts[1].indicatorId)).toBeUndefined();
      const local = await reporter.evaluate(async () => {
        const req = indexedDB.open("keyval-store");
        const db: IDBDatabase = await new Promise((res, rej) => {
          req.onsuccess = () => res(req.result);
          req.onerror = () => rej(req.error);
        });
        const keys: IDBValidKey[] = await new Promise((res) => {
          const r = db.transaction("keyval").objectStore("keyval").getAllKeys();
          r.onsuccess = () => res(r.result);
        });
        return keys.map(String);
      });
      expect(local.some((k) => k.startsWith("dxm.collection.draft."))).toBe(true);
      await reporter.screenshot({ path: `${SCREENSHOTS}/collection-3-offline-phone.png`, fullPage: false });

      // It comes back: the kept edit is sent by itself.
      await reporter.context().setOffline(false);
      await expect
        .poll(async () => (await stored(counts[1].indicatorId))?.value, { timeout: 20_000 })
        .toBe("34");
      await expect
        .poll(async () => saveState(reporter).getAttribute("data-state"), { timeout: 15_000 })
        .toBe("saved");

      await reporter.locator("[data-testid=submit]").click();
      await expect.poll(async () => (await submission())?.state, { timeout: 15_000 }).toBe("submitted");
      await reporter.locator("[data-testid=state-tag]", { hasText: "Chờ duyệt" }).first().waitFor();
      await reporter.screenshot({ path: `${SCREENSHOTS}/collection-4-submitted-phone.png`, fullPage: false });

      // The reviewer returns it with a comment.
      const reviewer = await login(DESKTOP, "thamdinh");
      await reviewer.goto(`${e2e.url}/collection/review`);
      await reviewer
        .locator("[data-testid=review-item]")
        .first()
        .waitFor()
        .catch(async (e) => {
          await reviewer.screenshot({ path: `${SCREENSHOTS}/collection-debug-queue.png` });
          throw e;
        });
      await reviewer.screenshot({ path: `${SCREENSHOTS}/collection-5-queue-desktop.png` });
      await reviewer.locator("[data-testid=review-item] a").first().click();
      await reviewer.locator("[data-testid=return]").click();
      await reviewer
        .locator("[data-testid=step-comment]")
        .fill("Số tổ công nghệ số chưa khớp với sổ theo dõi, đề nghị kiểm tra");
      await reviewer.getByRole("button", { name: "Đồng ý" }).click();
      await expect.poll(async () => (await submission())?.state, { timeout: 15_000 }).toBe("returned");

      // The reporter fixes and resubmits.
      await reporter.reload();
      await reporter.locator("[data-testid=return-comment]").waitFor();
      expect(await reporter.locator("[data-testid=return-comment]").textContent()).toContain("chưa khớp");
      await reporter.locator(`[data-testid=f-${counts[0].code}-value]`).fill("15");
      await expect
        .poll(async () => (await stored(counts[0].indicatorId))?.value, { timeout: 15_000 })
        .toBe("15");
      await reporter.screenshot({ path: `${SCREENSHOTS}/collection-6-returned-phone.png`, fullPage: false });
      await reporter.locator("[data-testid=submit]").click();
      await expect.poll(async () => (await submission())?.state, { timeout: 15_000 }).toBe("submitted");

      // The reviewer approves.
      await reviewer.reload();
      await reviewer.locator("[data-testid=approve]").click();
      await expect.poll(async () => (await submission())?.state, { timeout: 15_000 }).toBe("approved");
      await reviewer.locator("[data-testid=state-tag]", { hasText: "Đã duyệt" }).first().waitFor();
      await reviewer.screenshot({ path: `${SCREENSHOTS}/collection-7-approved-desktop.png`, fullPage: true });

      const events = await rows<{ action: string }>(
        e2e.app.database.orm,
        sql`select action from submission_event where submission_id = ${(await submission())!.id} and action <> 'save' order by id`,
      );
      expect(events.map((e) => e.action)).toEqual(["create", "submit", "return", "submit", "approve"]);
      expect(roundId).toBeGreaterThan(0);
    }, 240_000);
  },
);
