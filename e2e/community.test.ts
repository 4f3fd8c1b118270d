import { statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rows } from "../src/db/client.ts";
import { loginAs } from "../src/server/testing.ts";
import { DESKTOP, hasChromium, PHONE, SCREENSHOTS, startE2E, type TE2E } from "./harness.ts";

describe.skipIf(!hasChromium)("community teams and the commune DX programme in Chromium", () => {
  let e2e: TE2E;
  let provinceId: number;
  let commune1: number;
  /** Villages of commune 1 whose team was dissolved for the walkthrough, one per viewport. */
  const freed: Array<{ code: string; unitId: number }> = [];

  let builtAt = 0;
  const indexHtml = path.resolve(import.meta.dirname, "../dist/web/index.html");

  /** Starts the product on a fresh demo and frees two villages of commune 1 (one per viewport). */
  async function start(): Promise<void> {
    e2e = await startE2E({ communes: 4 });
    builtAt = statSync(indexHtml).mtimeMs;
    const db = e2e.app.database.orm;
    const communes = await rows<{ id: number; provinceId: number }>(
      db,
      sql`select id, province_id as "provinceId" from org_unit where kind = 'commune' and is_demo order by code`,
    );
    commune1 = communes[0].id;
    provinceId = communes[0].provinceId;
    freed.length = 0;
    const headers = await loginAs(e2e.app, "baocao");
    const reg = (await e2e.app.inject({ url: `/api/teams/communes/${commune1}`, headers })).json();
    for (const u of reg.units
      .filter((x: { kind: string; team: unknown }) => x.kind === "village" && x.team)
      .slice(0, 2)) {
      const r = await e2e.app.inject({
        method: "PUT",
        url: `/api/teams/${u.team.id}`,
        headers,
        payload: { name: u.team.name, status: "dissolved", members: [], version: u.team.version },
      });
      expect(r.statusCode).toBe(200);
      freed.push({ code: u.code, unitId: u.unitId });
    }
  }

  beforeAll(start, 300_000);
  // Other suites rebuild the shared dist/web while this one runs; the static server only knows the asset
  // names it started with, so restart on a rebuilt bundle instead of failing on a blank page.
  beforeEach(async () => {
    if (statSync(indexHtml).mtimeMs !== builtAt) {
      await e2e.close();
      await start();
    }
  }, 300_000);
  afterAll(async () => e2e?.close());

  /** A browser context signed in as the user (session cookie set directly, as the login page would). */
  async function login(viewport: { width: number; height: number }, username: string): Promise<Page> {
    const context = await e2e.browser.newContext({ viewport, locale: "vi-VN" });
    const headers = await loginAs(e2e.app, username);
    const url = new URL(e2e.url);
    await context.addCookies(
      headers.cookie.split("; ").map((c) => {
        const [name, ...rest] = c.split("=");
        return { name, value: rest.join("="), domain: url.hostname, path: "/" };
      }),
    );
    const page = await context.newPage();
    page.on("pageerror", (e) => console.log(`pageerror (${username}):`, e.message));
    return page;
  }

  /** Waits for a locator; on failure keeps a screenshot of what was shown instead. */
  async function shown(page: Page, locator: ReturnType<Page["getByTestId"]>, name: string): Promise<void> {
    await locator.waitFor({ timeout: 20_000 }).catch(async (e) => {
      await page.screenshot({ path: `${SCREENSHOTS}/community-failed-${name}.png` });
      throw e;
    });
  }

  async function badWorkbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("To CNS");
    ws.addRow([
      "Mã thôn",
      "Thôn, bản, tổ dân phố",
      "Tên tổ",
      "Quyết định thành lập",
      "Ngày thành lập",
      "Trạng thái",
      "Họ và tên thành viên",
      "Vai trò",
      "Số điện thoại",
    ]);
    ws.addRow(["KHONG-CO", "Thôn lạ", "Tổ lạ", "", "", "", "Ai Đó", "Thành viên", "abc"]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  for (const [i, [label, viewport]] of (
    [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const
  ).entries()) {
    it(`${label}: the commune officer registers a team with members, records activity and imports a workbook`, async () => {
      const page = await login(viewport, "baocao");
      await page.goto(`${e2e.url}/community/teams?commune=${commune1}`);
      const village = freed[i];
      const villagesWith = page.getByTestId("villages-with");
      await shown(page, villagesWith, `registry-${label}`);
      const before = await villagesWith.textContent();
      await page.getByTestId(`add-${village.code}`).click();
      await page.getByTestId("member-name-0").fill("Nguyễn Văn Trình Duyệt");
      await page.getByTestId("member-phone-0").fill("0912345678");
      await page.getByTestId("member-add").click();
      await page.getByTestId("member-name-1").fill("Lê Thị Điện Thoại");
      await page.screenshot({ path: `${SCREENSHOTS}/community-team-form-${label}.png` });
      await page.getByTestId("team-save").click();
      const item = page.getByTestId(`village-${village.code}`);
      await item.getByText("Nguyễn Văn Trình Duyệt (0912345678)").waitFor({ timeout: 20_000 });
      const after = await villagesWith.textContent();
      const n = (s: string | null) => Number((s ?? "").split("/")[0]);
      expect(n(after)).toBe(n(before) + 1);
      await page.screenshot({
        path: `${SCREENSHOTS}/community-registry-${label}.png`,
        fullPage: label === "phone",
      });

      // Activity for the current quarter.
      await page.getByTestId(`activity-${village.code}`).click();
      await page.getByTestId("activity-households").fill("42");
      await page.getByTestId("activity-people").fill("120");
      await page.getByTestId("activity-save").click();
      await page.getByText("Đã lưu").first().waitFor({ timeout: 10_000 });

      // A bad workbook is refused with its row errors and nothing changes.
      await page.getByTestId("import-file").setInputFiles({
        name: "sai.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: await badWorkbook(),
      });
      const errors = page.getByTestId("import-errors");
      await errors.waitFor({ timeout: 20_000 });
      expect(await errors.textContent()).toContain("Dòng 2");
      expect(await villagesWith.textContent()).toBe(after);
      await page.screenshot({ path: `${SCREENSHOTS}/community-import-errors-${label}.png` });

      // The exported workbook imports back cleanly.
      const exported = await page.request.get(`${e2e.url}/api/teams/communes/${commune1}/export.xlsx`);
      expect(exported.status()).toBe(200);
      await page.getByTestId("import-file").setInputFiles({
        name: "to-cns.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: Buffer.from(await exported.body()),
      });
      await page.getByText("Đã nhập:").first().waitFor({ timeout: 20_000 });
      await page.context().close();
    });
  }

  it("the leader sees coverage counts and the dashboard figure, never names", async () => {
    for (const [label, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const page = await login(viewport, "lanhdao");
      await page.goto(`${e2e.url}/community/coverage`);
      const teams = page.getByTestId("kpi-teams");
      await shown(page, teams, `coverage-${label}`);
      const cov = (await e2e.app.inject({ url: `/api/teams/coverage?unitId=${provinceId}` })).json();
      expect(await teams.textContent()).toContain(String(cov.totals.teams));
      await page.getByTestId("kpi-xhs05").waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("kpi-xhs05").textContent()).toMatch(/%/);
      await page.getByTestId("coverage-table").waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}/community-coverage-${label}.png`, fullPage: true });
      // The leader opens a commune's registry: counts only.
      await page.goto(`${e2e.url}/community/teams?commune=${commune1}`);
      await page.getByTestId("villages-with").waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("member-names").count()).toBe(0);
      expect(await page.content()).not.toContain("Nguyễn Văn Trình Duyệt");
      await page.context().close();
    }
  });

  it("a commune registers for the programme and an appraiser records its recognition", async () => {
    const page = await login(PHONE, "baocao");
    await page.goto(`${e2e.url}/community/programme`);
    await shown(page, page.getByTestId("programme-summary"), "programme");
    const summaryBefore = await page.getByTestId("programme-summary").textContent();
    await page.getByTestId("register-basic").click();
    await page.getByTestId("registration").waitFor({ timeout: 20_000 });
    await page.getByTestId("save-answers").click();
    await page.getByTestId("evaluated-level").waitFor();
    const summaryAfter = await page.getByTestId("programme-summary").textContent();
    expect(Number(summaryAfter?.split("/")[0])).toBe(Number(summaryBefore?.split("/")[0]) + 1);
    await page.screenshot({ path: `${SCREENSHOTS}/community-programme-phone.png`, fullPage: true });
    await page.context().close();

    const desk = await login(DESKTOP, "thamdinh");
    await desk.goto(`${e2e.url}/community/programme`);
    const board = desk.getByTestId("programme-board");
    await board.waitFor({ timeout: 20_000 });
    const communeName = (
      await rows<{ name: string }>(
        e2e.app.database.orm,
        sql`select name from org_unit where id = ${commune1}`,
      )
    )[0].name;
    await board.getByText(communeName, { exact: true }).click();
    await desk.getByTestId("decision").fill("99/QĐ-UBND");
    await desk.getByTestId("recognise").click();
    await desk.getByTestId("recognised-level").waitFor({ timeout: 20_000 });
    expect(await desk.getByTestId("recognised-level").textContent()).toBe(
      await desk.getByTestId("evaluated-level").textContent(),
    );
    await desk.screenshot({ path: `${SCREENSHOTS}/community-programme-desktop.png` });
    await desk.context().close();
  });
});
