import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, hasChromium, PHONE, SCREENSHOTS, startE2E, type TE2E } from "./harness.ts";

const VIEWPORTS = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const;

/** The page must not scroll sideways (phones). */
async function expectNoOverflow(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width + 1);
}

/** No raw i18n key ("overview.title", "status.near") may reach the screen. */
async function expectNoRawKeys(page: Page): Promise<void> {
  const text = (await page.locator("body").textContent()) ?? "";
  expect(text).not.toMatch(
    /\b(overview|status|col|target|unit|rank|map|public|menu|header|app|history)\.[a-z][A-Za-z_]+\b/,
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // let charts finish their entry animation
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

async function login(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel("Tên đăng nhập").fill("lanhdao");
  await page.getByLabel("Mật khẩu").fill("MinhHoa@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByTestId("summary-count").waitFor({ timeout: 30_000 });
}

describe.skipIf(!hasChromium)("leader dashboards in Chromium", () => {
  let e2e: TE2E;
  beforeAll(async () => {
    e2e = await startE2E({ communes: 24 });
  });
  afterAll(async () => e2e?.close());

  describe.each(VIEWPORTS)("%s", (size, viewport) => {
    let ctx: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      ctx = await e2e.browser.newContext({ viewport, acceptDownloads: true });
      page = await ctx.newPage();
      await login(page, e2e.url);
    });
    afterAll(async () => ctx?.close());

    it("shows the overview: X/Y targets achieved per pillar in Vietnamese formats", async () => {
      const count = (await page.getByTestId("summary-count").textContent()) ?? "";
      expect(count).toMatch(/^\d+\/\d+$/);
      const [achieved, total] = count.split("/").map(Number);
      expect(total).toBe(40);
      expect(achieved).toBeLessThanOrEqual(total);
      // Percentages with a decimal comma ("7,5%"), never a decimal point.
      const summary = (await page.getByTestId("summary").textContent()) ?? "";
      expect(summary).toMatch(/\(\d+,\d%\)/);
      expect(await page.getByTestId("pillar-card").count()).toBe(8);
      expect((await page.getByTestId("kpi-completeness").textContent()) ?? "").toMatch(/\d+,\d%/);
      await expectNoRawKeys(page);
      await expectNoOverflow(page);
      await shot(page, `dashboard-overview-${size}`);
    });

    it("drills down overview → target → unit", async () => {
      // A commune-level target has a breakdown by commune.
      const link = page.locator('a[href^="/targets/"]').filter({ hasText: "CQS03" }).first();
      await link.click();
      await page.getByTestId("target-page").waitFor();
      await page.getByTestId("target-series").locator("canvas").waitFor();
      expect((await page.getByTestId("target-actual").textContent()) ?? "").toMatch(/^\d+,\d%$/);
      await page.getByTestId("explain").getByText("=").first().waitFor();
      await page.getByTestId("breakdown-table").locator("tbody tr.ant-table-row").first().waitFor();
      expect(
        await page.getByTestId("breakdown-table").locator("tbody tr.ant-table-row").count(),
      ).toBeGreaterThan(5);
      await expectNoRawKeys(page);
      await expectNoOverflow(page);
      await shot(page, `dashboard-target-${size}`);

      // The map view of the same breakdown.
      await page.getByTestId("breakdown-view").getByText("Bản đồ").click();
      await page.getByTestId("choropleth").locator("canvas").waitFor();
      await page.getByTestId("breakdown-view").getByText("Bảng").click();

      const unitLink = page.getByTestId("breakdown-table").locator('a[href^="/units/"]').first();
      const unitName = (await unitLink.textContent()) ?? "";
      await unitLink.click();
      await page.getByTestId("unit-page").waitFor();
      expect(await page.getByRole("heading", { level: 3 }).first().textContent()).toContain(unitName);
      await page.getByTestId("unit-history").locator("tbody tr.ant-table-row").first().waitFor();
      await page
        .getByTestId("unit-rank")
        .getByText(/\d+\/\d+/)
        .waitFor();
      await expectNoOverflow(page);
      await shot(page, `dashboard-unit-${size}`);
    });

    it("ranks units with ties shown as published rankings show them", async () => {
      if (size === "phone") {
        await page.getByTestId("menu-button").click();
        await page.getByRole("menuitem", { name: "Xếp hạng" }).click();
      } else {
        await page.getByRole("menuitem", { name: "Xếp hạng" }).click();
      }
      await page.getByTestId("ranking-table").locator("tbody tr.ant-table-row").first().waitFor();
      const rows = await page
        .getByTestId("ranking-table")
        .locator("tbody tr.ant-table-row")
        .evaluateAll((trs) =>
          trs.map((tr) => {
            const tds = tr.querySelectorAll("td");
            return { rank: Number.parseInt(tds[0].textContent ?? "", 10), value: tds[2].textContent ?? "" };
          }),
        );
      expect(rows.length).toBeGreaterThan(5);
      // Competition ranking: equal values share a rank, the next rank skips ("15, 15, 17").
      rows.forEach((r, i) => {
        if (i > 0 && r.value === rows[i - 1].value) expect(r.rank).toBe(rows[i - 1].rank);
        else expect(r.rank).toBe(i + 1);
      });
      expect(rows.some((r, i) => i > 0 && r.rank === rows[i - 1].rank)).toBe(true);
      await expectNoOverflow(page);
      await shot(page, `dashboard-rankings-${size}`);
    });

    it("draws the communes map; hover shows the figure and a click opens the commune", async () => {
      await page.goto(`${e2e.url}/map`);
      const canvas = page.getByTestId("choropleth").locator("canvas");
      await canvas.waitFor();
      await page.waitForTimeout(800);
      const box = (await canvas.boundingBox())!;
      // Hover a few points until the tooltip shows a commune's figure.
      let tip = "";
      for (const [fx, fy] of [
        [0.5, 0.45],
        [0.45, 0.5],
        [0.55, 0.4],
        [0.5, 0.6],
      ]) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
        await page.waitForTimeout(300);
        tip = await page.evaluate(() =>
          [...document.querySelectorAll("div")]
            .filter((d) => d.style.position === "absolute" && (d.textContent ?? "").includes("/40"))
            .map((d) => d.textContent ?? "")
            .join(" "),
        );
        if (tip) break;
      }
      expect(tip).toMatch(/\d+\/40/);
      await expectNoOverflow(page);
      await shot(page, `dashboard-map-${size}`);
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.45);
      await page.waitForURL(/\/units\/\d+$/, { timeout: 10_000 });
    });

    it("switches to English and remembers it", async () => {
      await page.goto(`${e2e.url}/`);
      await page.getByTestId("summary-count").waitFor();
      await page.getByTestId("lang-switch").getByText("EN").click();
      await page.getByText("targets achieved", { exact: false }).first().waitFor();
      await page.reload();
      await page.getByTestId("summary-count").waitFor();
      expect((await page.getByTestId("overview").textContent()) ?? "").toContain("By pillar and foundation");
      await expectNoRawKeys(page);
      await expectNoOverflow(page);
      await shot(page, `dashboard-overview-en-${size}`);
      await page.getByTestId("lang-switch").getByText("VI").click();
      await page.getByText("Theo trụ cột và nền tảng").waitFor();
    });

    it("shows published figures to the public, with tables and a CSV download", async () => {
      const pub = await e2e.browser.newContext({ viewport, acceptDownloads: true });
      const p = await pub.newPage();
      await p.goto(`${e2e.url}/public`);
      await p.getByTestId("public-summary").waitFor({ timeout: 30_000 });
      // Only reviewed periods are public: the demo's 9-month 2026 figures are still awaiting review.
      const periods = (await p.getByTestId("public-period").textContent()) ?? "";
      expect(periods).not.toContain("9 tháng năm 2026");
      expect(await p.getByTestId("public-target-table").locator("tbody tr.ant-table-row").count()).toBe(40);
      const [download] = await Promise.all([
        p.waitForEvent("download"),
        p.getByTestId("download-csv").last().click(),
      ]);
      const csv = readFileSync((await download.path())!, "utf8");
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const lines = csv.trim().split(/\r\n/);
      expect(lines[0]).toContain("Mã");
      expect(lines).toHaveLength(41);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      await expectNoRawKeys(p);
      await expectNoOverflow(p);
      await shot(p, `dashboard-public-${size}`);
      // Keyboard: focus a target link of the table and open it with Enter.
      await p.getByTestId("public-target-table").locator("a").filter({ hasText: "CQS03" }).focus();
      await p.keyboard.press("Enter");
      await p.getByTestId("public-target").waitFor();
      await p.getByTestId("choropleth").locator("canvas").waitFor();
      await expectNoOverflow(p);
      await shot(p, `dashboard-public-target-${size}`);
      await pub.close();
    });
  });
});
