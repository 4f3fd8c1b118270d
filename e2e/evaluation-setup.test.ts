/**
 * The secretariat's set-up of an evaluation in the browser (open a round, assign an appraiser) and the
 * ranking of communes by their published index score on the rankings page.
 */
import { sql } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../src/db/client.ts";
import { loginAs } from "../src/server/testing.ts";
import { DESKTOP, hasChromium, PHONE, SCREENSHOTS, signedInPage, startE2E, type TE2E } from "./harness.ts";

const ROUND_NAME = "Đánh giá chuyển đổi số cấp xã năm 2027 (thử nghiệm)";

describe.skipIf(!hasChromium)("evaluation set-up and index-score rankings in Chromium", () => {
  let e2e: TE2E;
  let demoRound: { id: number; name: string };
  let extraRound: { id: number; name: string };

  beforeAll(async () => {
    e2e = await startE2E({ communes: 12 });
    const db = e2e.app.database.orm;
    demoRound = (await one<{ id: number; name: string }>(
      db,
      sql`select id, name from eval_round where status = 'published' order by year desc limit 1`,
    ))!;
    // A second, older published round (nobody answered: every commune scores 0 and all tie at 1st), so
    // the rankings page has two rounds to choose from.
    const headers = await loginAs(e2e.app, "thuky");
    const r = await one<{ provinceId: number; frameworkId: number }>(
      db,
      sql`select province_id as "provinceId", framework_id as "frameworkId" from eval_round where id = ${demoRound.id}`,
    );
    const created = await e2e.app.inject({
      method: "POST",
      url: "/api/evaluation/rounds",
      headers,
      payload: {
        ...r,
        year: 2024,
        name: "Đánh giá thử nghiệm năm 2024",
        unitGroup: "commune",
        selfDeadline: "2025-01-31T10:00:00Z",
      },
    });
    expect(created.statusCode).toBe(201);
    extraRound = { id: created.json().id, name: created.json().name };
    const pub = await e2e.app.inject({
      method: "POST",
      url: `/api/evaluation/rounds/${extraRound.id}/publish`,
      headers,
    });
    expect(pub.statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => e2e?.close());

  /** Picks the option containing `text` in the open Ant Design select dropdown. */
  async function pick(page: Page, text: string | RegExp): Promise<void> {
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: text })
      .click();
  }

  /**
   * Opens a select and picks an option; again when the click was lost (options that load while the list
   * is open re-render it under the pointer), until the select shows the choice.
   */
  async function choose(page: Page, testId: string, text: string): Promise<void> {
    const select = page.getByTestId(testId);
    for (let attempt = 0; attempt < 3; attempt++) {
      await select.click();
      await pick(page, text);
      for (let i = 0; i < 20; i++) {
        if ((await select.textContent())?.includes(text)) return;
        await page.waitForTimeout(100);
      }
    }
    throw new Error(`${testId}: "${text}" was not taken`);
  }

  /**
   * Selects an option of an open multiple select, clicking again only when the first click was lost
   * (the list re-renders under the pointer when its options arrive), so it never toggles one off.
   */
  async function tick(option: Locator): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await option.click();
      for (let i = 0; i < 20; i++) {
        if ((await option.getAttribute("class"))?.includes("ant-select-item-option-selected")) return;
        await option.page().waitForTimeout(100);
      }
    }
    throw new Error(`"${await option.getAttribute("title")}" was not selected`);
  }

  /** Types a deadline ("17:00 31/01/2028") into a date-time picker and confirms it. */
  async function deadline(page: Page, label: string, text: string): Promise<void> {
    const input = page.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(text);
    await input.press("Enter");
  }

  it("the secretariat opens a round in the form and assigns an appraiser to two communes", async () => {
    const db = e2e.app.database.orm;
    const page = await signedInPage(e2e, { username: "thuky", viewport: DESKTOP });
    await page.goto(`${e2e.url}/evaluation`);
    await page.getByTestId("create-round-button").click();
    const dialog = page.getByTestId("create-round");
    await dialog.getByText("Tỉnh:").waitFor({ timeout: 20_000 });
    await choose(page, "create-framework", "MH-XA-CDS");
    await page.getByLabel("Năm được đánh giá").fill("2027");
    await page.getByLabel("Tên đợt đánh giá").fill(ROUND_NAME);
    await dialog.getByText("Chọn từng đơn vị").click();
    await page.getByTestId("create-units").click();
    // The units list alone: the framework list may still be fading out.
    const options = page.locator(".ant-select-dropdown:has(#unitIds_list) .ant-select-item-option");
    await options.first().waitFor({ timeout: 10_000 });
    const chosen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const title = (await options.nth(i).getAttribute("title")) ?? "";
      chosen.push(title);
      await tick(options.and(page.locator(`[title="${title}"]`)));
    }
    await page.keyboard.press("Escape");
    await deadline(page, "Hạn tự đánh giá", "17:00 31/01/2028");
    await deadline(page, "Hạn thẩm định (không bắt buộc)", "17:00 28/02/2028");
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-create-round-desktop.png`, fullPage: true });
    await page.locator("#create-round-ok").click();
    await page.waitForURL(/\/evaluation\/rounds\/\d+$/, { timeout: 20_000 });
    await page.getByRole("heading", { name: ROUND_NAME }).waitFor({ timeout: 20_000 });

    const round = (await one<{
      id: number;
      year: number;
      unitGroup: string;
      self: string;
      appraisal: string;
      frameworkCode: string;
    }>(
      db,
      sql`select r.id, r.year, r.unit_group as "unitGroup", f.code as "frameworkCode",
        to_char(r.self_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as self,
        to_char(r.appraisal_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as appraisal
      from eval_round r join eval_framework f on f.id = r.framework_id where r.name = ${ROUND_NAME}`,
    ))!;
    // 17:00 in Vietnam is 10:00 UTC, whatever the browser's zone.
    expect(round).toMatchObject({
      year: 2027,
      unitGroup: "commune",
      frameworkCode: "MH-XA-CDS",
      self: "2028-01-31T10:00",
      appraisal: "2028-02-28T10:00",
    });
    const participants = await rows<{ unitId: number; name: string; kind: string }>(
      db,
      sql`select p.unit_id as "unitId", coalesce(u.full_name, u.name) as name, u.kind from eval_participant p
        join org_unit u on u.id = p.unit_id where p.round_id = ${round.id} order by u.code`,
    );
    expect(participants.map((p) => p.name).sort()).toEqual([...chosen].sort());
    expect(participants.every((p) => p.kind === "commune")).toBe(true);

    // Tick the first two units and assign the province's appraiser.
    const unitRows = page.locator(".ant-table-tbody tr.ant-table-row");
    await unitRows.nth(0).locator(".ant-checkbox-wrapper").click();
    await unitRows.nth(1).locator(".ant-checkbox-wrapper").click();
    await page.getByTestId("assign-button").click();
    await page.getByTestId("assign-dialog").waitFor();
    await choose(page, "assign-user", "Cán bộ thẩm định (minh họa)");
    await page.getByTestId("assign-ok").click();
    await page.getByText("Đã phân công 2 đơn vị").waitFor({ timeout: 10_000 });
    const thamdinh = (await one<{ id: number }>(
      db,
      sql`select id from app_user where username = 'thamdinh'`,
    ))!;
    const assigned = await rows<{ unitId: number; appraiser: number | null }>(
      db,
      sql`select p.unit_id as "unitId", p.appraiser_user_id as appraiser from eval_participant p
        join org_unit u on u.id = p.unit_id where p.round_id = ${round.id} order by u.code`,
    );
    expect(assigned.map((a) => a.appraiser)).toEqual([thamdinh.id, thamdinh.id, null]);
    for (const a of assigned) {
      await page
        .getByTestId(`appraiser-${a.unitId}`)
        .getByText(a.appraiser ? "Cán bộ thẩm định (minh họa)" : "Chưa phân công")
        .waitFor({ timeout: 10_000 });
    }
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-round-assigned-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-round-assigned-phone.png`, fullPage: true });
    await page.goto(`${e2e.url}/evaluation`);
    await page.getByTestId("create-round-button").click();
    await page.getByTestId("create-round").getByText("Tỉnh:").waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation-create-round-phone.png`, fullPage: true });
    await page.context().close();
  });

  it("a leader sees no round set-up buttons", async () => {
    const page = await signedInPage(e2e, { username: "lanhdao", viewport: DESKTOP });
    await page.goto(`${e2e.url}/evaluation`);
    await page.getByTestId(`round-2025`).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("create-round-button").count()).toBe(0);
    await page.goto(`${e2e.url}/evaluation/rounds/${demoRound.id}`);
    await page.locator(".ant-table-tbody tr.ant-table-row").first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("assign-button").count()).toBe(0);
    await page.context().close();
  });

  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`the leader ranks the communes by index score, newest round first (${name})`, async () => {
      const headers = await loginAs(e2e.app, "lanhdao");
      const api = await e2e.app.inject({
        method: "GET",
        url: `/api/evaluation/rounds/${demoRound.id}/results`,
        headers,
      });
      const expected = (api.json().rows as Array<{ total: { rank: number } }>).map((r) => r.total.rank);
      expect(expected).toHaveLength(12);

      const page = await signedInPage(e2e, { username: "lanhdao", viewport });
      await page.goto(`${e2e.url}/rankings`);
      await page.getByTestId("rank-by").click();
      await pick(page, "Điểm chỉ số đánh giá");
      await page.getByTestId("rank-round-name").waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("rank-round-name").textContent()).toBe(demoRound.name);
      const cells = page.getByTestId("ranking-table").getByTestId("rank-cell");
      await cells.first().waitFor();
      const ranks = (await cells.allTextContents()).map((r) => Number.parseInt(r, 10));
      // The page shows the API's ranks as they are, ties included ("4, 4, 6").
      expect(ranks).toEqual(expected);
      for (let i = 1; i < ranks.length; i++) {
        expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1]);
        if (ranks[i] !== ranks[i - 1]) expect(ranks[i]).toBe(i + 1);
      }
      const values = await page.getByTestId("index-value").allTextContents();
      expect(values[0]).toMatch(/^0,\d\d$/);
      expect(values).toEqual(
        (api.json().rows as Array<{ publishedText: string }>).map((r) => r.publishedText),
      );
      await page.screenshot({ path: `${SCREENSHOTS}/rankings-index-score-${name}.png`, fullPage: true });

      // Sortable: ascending index value puts the last-ranked commune first.
      await page.getByRole("columnheader", { name: "Chỉ số" }).click();
      const sorted = (await cells.allTextContents()).map((r) => Number.parseInt(r, 10));
      expect(sorted[0]).toBe(Math.max(...expected));

      // The older round: nobody answered, so all twelve communes tie at 1st.
      await choose(page, "rank-round", extraRound.name);
      await page.getByTestId("rank-round-name").getByText(extraRound.name).waitFor({ timeout: 20_000 });
      const tied = (await cells.allTextContents()).map((r) => Number.parseInt(r, 10));
      expect(tied).toEqual(Array(12).fill(1));
      expect(await page.getByTestId("ranking-table").getByText("đồng hạng").count()).toBe(12);
      await page.context().close();
    });
  }
});
