import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../src/db/client.ts";
import { loginAs } from "../src/server/testing.ts";
import { DESKTOP, hasChromium, PHONE, SCREENSHOTS, signedInPage, startE2E, type TE2E } from "./harness.ts";

describe.skipIf(!hasChromium)("evaluation pages in Chromium", () => {
  let e2e: TE2E;
  let openRound: number;
  let pastRound: number;
  let commune: number;

  beforeAll(async () => {
    e2e = await startE2E({ communes: 12 });
    const db = e2e.app.database.orm;
    const r = await rows<{ id: number; year: number }>(
      db,
      sql`select id, year from eval_round order by year`,
    );
    pastRound = r[0].id;
    openRound = r[1].id;
    commune = (await one<{ id: number }>(
      db,
      sql`select ra.unit_id as id from role_assignment ra
      join app_user u on u.id = ra.user_id where u.username = 'baocao'`,
    ))!.id;
    // The demo's 2026 round closes mid-December 2026; keep it open whenever the suite runs.
    await setDeadline("2099-12-31T10:00:00Z");
  }, 180_000);
  afterAll(async () => e2e?.close());

  async function setDeadline(iso: string): Promise<void> {
    const headers = await loginAs(e2e.app, "thuky");
    const cur = await e2e.app.inject({ method: "GET", url: `/api/evaluation/rounds/${openRound}`, headers });
    const r = await e2e.app.inject({
      method: "PATCH",
      url: `/api/evaluation/rounds/${openRound}`,
      headers,
      payload: { rowVersion: cur.json().rowVersion, selfDeadline: iso, appraisalDeadline: null },
    });
    expect(r.statusCode).toBe(200);
  }

  /** A browser context signed in as the user (the login form has its own test). */
  const login = (options: { username: string; viewport: { width: number; height: number } }) =>
    signedInPage(e2e, options);

  it("a commune reporter self-assesses on a phone, and is refused after the deadline", async () => {
    const page = await login({ username: "baocao", viewport: PHONE });
    await page.goto(`${e2e.url}/evaluation`);
    await page.getByTestId("round-2026").waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-rounds-phone.png`, fullPage: true });
    await page.goto(`${e2e.url}/evaluation/rounds/${openRound}/units/${commune}`);
    await page.getByTestId("self-assessment").waitFor({ timeout: 20_000 });
    await page.getByTestId("answer-NT.1").getByText("Chủ tịch UBND xã", { exact: true }).click();
    const sw = page.getByTestId("answer-NT.2").getByRole("switch");
    if ((await sw.getAttribute("aria-checked")) !== "true") await sw.click();
    await page
      .getByTestId("answer-NT.2")
      .locator("textarea")
      .fill("https://minhhoa.example/qd-chuyen-muc.pdf");
    await page.getByTestId("answer-CQS.3").locator("input").fill("12");
    await page.getByTestId("answer-KTS.2").locator("input").nth(0).fill("30");
    await page.getByTestId("answer-KTS.2").locator("input").nth(1).fill("120");
    await page.getByTestId("answer-XHS.3").locator("input").fill("4");
    await page.getByTestId("save").click();
    await page.getByText("Đã lưu").first().waitFor({ timeout: 10_000 });
    // NT.1 10 + NT.2 5 + CQS.3 10 + KTS.2 30/120 × 10 = 2,5 + XHS.3 4, plus the indicator criteria.
    const nt1 = await page.getByTestId("criterion-NT.1").textContent();
    expect(nt1).toContain("10/10 điểm");
    expect(await page.getByTestId("criterion-NT.2").textContent()).toContain("5/5 điểm");
    const kts2 = await page.getByTestId("criterion-KTS.2").textContent();
    expect(kts2).toContain("2,5/10 điểm");
    await page.getByTestId("submit").click();
    await page.getByText("Đã gửi kết quả tự đánh giá").first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-self-assessment-phone.png`, fullPage: true });

    // The deadline passes while the form is open: the next save is refused with the server's message.
    await page.getByTestId("answer-CQS.3").locator("input").fill("6");
    await setDeadline("2026-01-01T00:00:00Z");
    await page.getByTestId("save").click();
    await page.getByTestId("save-error").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("save-error").textContent()).toContain("Đã hết hạn tự đánh giá");
    await page.screenshot({
      path: `${SCREENSHOTS}/evaluation-self-assessment-locked-phone.png`,
      fullPage: true,
    });
    await setDeadline("2099-12-31T10:00:00Z");
    await page.context().close();
  });

  it("an appraiser adjusts one criterion, requests evidence on another and accepts the rest", async () => {
    const page = await login({ username: "thamdinh", viewport: DESKTOP });
    await page.goto(`${e2e.url}/evaluation/rounds/${openRound}/appraise/${commune}`);
    await page.getByTestId("appraisal").waitFor({ timeout: 20_000 });
    const before = await page.getByTestId("final-score").textContent();
    await page.getByTestId("adjust-CQS.3").click();
    await page.locator(".ant-modal").getByRole("spinbutton").fill("6");
    await page.getByTestId("dialog-reason").fill("Biên bản chỉ có 6 cuộc họp không giấy");
    await page.locator("#dialog-ok").click();
    await page.getByTestId("appraisal-CQS.3").getByText("Điều chỉnh").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("appraisal-CQS.3").textContent()).toContain("6/10 điểm");
    const after = await page.getByTestId("final-score").textContent();
    expect(after).not.toBe(before);
    await page.getByTestId("request-NT.2").click();
    await page.getByTestId("dialog-reason").fill("Cần ảnh chụp chuyên mục trên cổng thông tin");
    await page.locator("#dialog-ok").click();
    await page
      .getByTestId("appraisal-NT.2")
      .getByText("Yêu cầu bổ sung minh chứng")
      .waitFor({ timeout: 10_000 });
    await page.getByTestId("accept-all").click();
    await page.getByTestId("appraisal-NT.1").getByText("Chấp nhận").waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-appraisal-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-appraisal-phone.png`, fullPage: true });
    await page.context().close();
  });

  it("the secretariat creates the DTI 2022 framework from its template and reads Đà Nẵng's 0,8002", async () => {
    const page = await login({ username: "thuky", viewport: DESKTOP });
    await page.goto(`${e2e.url}/evaluation/frameworks`);
    await page.getByText("MH-XA-CDS").first().waitFor({ timeout: 20_000 });
    await page.getByTestId("template-select").locator(".ant-select").click();
    await page.locator(".ant-select-item-option").filter({ hasText: "922/QĐ-BTTTT" }).click();
    await page.getByRole("button", { name: "Tạo bản dự thảo" }).click();
    await page.getByTestId("activate").waitFor({ timeout: 20_000 });
    await page.getByTestId("activate").click();
    await page.getByText("Đang áp dụng").first().waitFor({ timeout: 10_000 });
    const values: Record<string, string> = {
      "1": "1",
      "2": "0,9",
      "3": "0,8253",
      "4": "0,8487",
      "5": "0,7578",
      "7": "0,8575",
      "8": "0,7836",
      "9": "0,5197",
    };
    for (const [code, v] of Object.entries(values)) await page.getByLabel(code, { exact: true }).fill(v);
    await page.getByRole("button", { name: "Tính" }).click();
    await page.getByTestId("composite").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("composite").textContent()).toBe("0,8002");
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-frameworks-desktop.png`, fullPage: true });
    await page.context().close();
  });

  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`the leader reads the published results with ranks, radar and rank intervals (${name})`, async () => {
      const page = await login({ username: "lanhdao", viewport });
      await page.goto(`${e2e.url}/evaluation/rounds/${pastRound}/results`);
      await page.getByTestId("results").waitFor({ timeout: 20_000 });
      await page.locator("[data-testid=radar] canvas").first().waitFor({ timeout: 20_000 });
      await page.getByTestId("recognition-summary").waitFor({ timeout: 20_000 });
      const ranks = (await page.getByTestId("rank").allTextContents()).map((r) => Number.parseInt(r, 10));
      expect(ranks).toHaveLength(12);
      expect(ranks[0]).toBe(1);
      for (let i = 1; i < ranks.length; i++) {
        // Competition ranking: equal or skipping ahead by the size of the tie, never backwards.
        expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1]);
        if (ranks[i] !== ranks[i - 1]) expect(ranks[i]).toBe(i + 1);
      }
      const totals = await page.getByTestId("total").allTextContents();
      expect(totals[0]).toMatch(/^0,\d\d$/);
      // Select another unit: the radar follows.
      await page.locator("[data-testid=ranking] tbody tr").nth(2).click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SCREENSHOTS}/evaluation-results-${name}.png`, fullPage: true });
      await page.context().close();
    });
  }
});
