import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one } from "../src/db/client.ts";
import { loginAs } from "../src/server/testing.ts";
import { DESKTOP, hasChromium, PHONE, SCREENSHOTS, startE2E, type TE2E } from "./harness.ts";

function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium)("review sessions and tasks in Chromium", () => {
  let e2e: TE2E;
  let commune: { id: number; name: string };

  beforeAll(async () => {
    e2e = await startE2E({ communes: 8 });
    commune = (await one<{ id: number; name: string }>(
      e2e.app.database.orm,
      sql`select u.id, u.name from role_assignment ra join app_user au on au.id = ra.user_id
        join org_unit u on u.id = ra.unit_id where au.username = 'baocao'`,
    ))!;
  }, 180_000);
  afterAll(async () => e2e?.close());

  async function login(options: {
    username: string;
    viewport: { width: number; height: number };
  }): Promise<Page> {
    const context = await e2e.browser.newContext({ viewport: options.viewport, locale: "vi-VN" });
    const page = await context.newPage();
    await page.goto(`${e2e.url}/`);
    await page.locator("#username, input[autocomplete=username]").first().fill(options.username);
    await page.locator("input[type=password]").fill("MinhHoa@2026");
    await page.locator("button[type=submit]").click();
    await page.getByText("Đăng xuất").waitFor({ timeout: 20_000 });
    return page;
  }

  it("runs session → snapshot → conclusion → task → progress → next session's report", async () => {
    // The secretariat creates the 6-month review and freezes its figures.
    const page = await login({ username: "thuky", viewport: DESKTOP });
    await page.goto(`${e2e.url}/review`);
    await page.getByTestId("session-new").click();
    await page.getByTestId("session-title").fill("Hội nghị sơ kết 6 tháng đầu năm 2026");
    await page.getByTestId("session-date").fill("2026-07-20");
    await page.getByTestId("session-period").fill("2026S1");
    await page.getByTestId("session-chair").fill("Chủ tịch UBND tỉnh");
    await page.getByTestId("session-create").click();
    await page.getByTestId("session-heading").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("session-heading").textContent()).toBe(
      "Hội nghị sơ kết 6 tháng đầu năm 2026",
    );
    await page.getByTestId("freeze").click();
    await page.getByTestId("snapshot-summary").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("snapshot-summary").textContent()).toMatch(/\d+\/40 mục tiêu, đạt \d+,\d%/);

    // A conclusion becomes a task for the first commune, already overdue.
    await page.getByTestId("conclusion-text").fill("Tổ chức tập huấn kỹ năng số cho người dân");
    await page.getByTestId("conclusion-add").click();
    await page.getByTestId("assign-1").click();
    await page.getByTestId("task-unit").click();
    await page.keyboard.type(commune.name);
    await page.locator(`.ant-select-item-option[title="${commune.name}"]`).first().click();
    await page.getByTestId("task-deadline").fill(isoDaysFromToday(-2));
    await page.getByTestId("task-create").click();
    const taskList = page.getByTestId("session-tasks");
    await taskList.getByText("Quá hạn 2 ngày").waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/review-session-desktop.png`, fullPage: true });

    // The commune's reporter sees it on a phone and reports it done with evidence.
    const phone = await login({ username: "baocao", viewport: PHONE });
    await phone.goto(`${e2e.url}/review/tasks`);
    await phone.getByText("Tổ chức tập huấn kỹ năng số cho người dân").first().click();
    await phone.getByTestId("task-heading").waitFor({ timeout: 20_000 });
    await phone.getByTestId("progress-note").fill("Đã tập huấn cho 320 người dân tại 8 thôn");
    await phone.getByTestId("progress-status").click();
    await phone.locator('.ant-select-item-option[title="Đã hoàn thành"]').click();
    await phone.getByTestId("progress-url").fill("https://minhhoa.example/tap-huan");
    await phone.getByTestId("progress-send").click();
    await phone.getByText("Đã lưu").waitFor({ timeout: 20_000 });
    await phone.getByText("Đã tập huấn cho 320 người dân tại 8 thôn").waitFor();
    expect(await phone.getByTestId("task-status").first().textContent()).toContain("Đã hoàn thành");
    await phone.screenshot({ path: `${SCREENSHOTS}/review-task-phone.png`, fullPage: true });

    // The 9-month review's report lists what was done.
    const headers = await loginAs(e2e.app, "thuky");
    const first = await e2e.app.inject({ method: "GET", url: "/api/sessions", headers });
    const s1 = first.json().items[0];
    const created = await e2e.app.inject({
      method: "POST",
      url: "/api/sessions",
      headers,
      payload: {
        unitId: s1.unitId,
        planId: s1.planId,
        period: "2026N9",
        title: "Hội nghị sơ kết 9 tháng năm 2026",
        heldOn: "2026-10-05",
      },
    });
    expect(created.statusCode).toBe(201);
    await page.goto(`${e2e.url}/review/sessions/${created.json().id}`);
    await page.getByTestId("freeze").click();
    await page.getByTestId("snapshot-summary").waitFor({ timeout: 60_000 });
    await page.goto(`${e2e.url}/api/sessions/${created.json().id}/report/html`);
    const body = await page.locator("body").textContent();
    expect(body).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(body).toContain(
      "Trong số 1 nhiệm vụ được giao tại hội nghị sơ kết 6 tháng đầu năm 2026, đã hoàn thành 1 nhiệm vụ (đạt 100,0%)",
    );
    expect(body).toContain(
      "Tổ chức tập huấn kỹ năng số cho người dân — Đã tập huấn cho 320 người dân tại 8 thôn",
    );
    await page.screenshot({ path: `${SCREENSHOTS}/review-print.png`, fullPage: false });

    await page.goto(`${e2e.url}/review`);
    await page.getByText("Hội nghị sơ kết 9 tháng năm 2026").waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/review-sessions-desktop.png`, fullPage: true });
  });
});
