import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/db/demo/seed.ts";
import { hasChromium, PHONE, SCREENSHOTS, startE2E, type TE2E } from "./harness.ts";

/** Collects Content-Security-Policy violations reported by the page. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  return violations;
}

describe.skipIf(!hasChromium)("security in Chromium", () => {
  let e2e: TE2E;
  beforeAll(async () => {
    e2e = await startE2E({ communes: 6 });
  }, 180_000);
  afterAll(async () => e2e?.close());

  it("runs the web app and /api/docs under the strict CSP without a single violation", async () => {
    const page = await e2e.browser.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${e2e.url}/`);
    // Sign in through the login page, then let the dashboard (Ant Design, ECharts) render.
    const username = page.getByLabel(/Tên đăng nhập|Username/);
    await username.waitFor({ timeout: 20_000 });
    await username.fill("lanhdao");
    await page.getByLabel(/Mật khẩu|Password/).fill(DEMO_PASSWORD);
    const signedIn = page.waitForResponse((r) => r.url().includes("/api/auth/login"), { timeout: 20_000 });
    await page.getByRole("button", { name: /Đăng nhập/ }).click();
    expect((await signedIn).status()).toBe(200);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${SCREENSHOTS}/security-dashboard.png` });
    await page.goto(`${e2e.url}/api/docs`);
    await page.getByText("/api/auth/login").first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/security-api-docs.png` });
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);

  it("keeps the session cookie away from scripts and refuses writes without the CSRF token", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/`);
    const r = await page.evaluate(async (password) => {
      const login = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "thuky", password }),
      });
      const me = await login.json();
      const noToken = await fetch("/api/auth/logout", { method: "POST" });
      const withToken = await fetch("/api/auth/me");
      return {
        login: login.status,
        cookies: document.cookie,
        csrf: me.csrfToken as string,
        noToken: noToken.status,
        me: withToken.status,
      };
    }, DEMO_PASSWORD);
    expect(r.login).toBe(200);
    expect(r.cookies).not.toContain("dxm_session");
    expect(r.cookies).toContain(`dxm_csrf=${r.csrf}`);
    expect(r.noToken).toBe(403);
    expect(r.me).toBe(200);
    await page.close();
  }, 60_000);

  it("lets the secretariat create an account whose temporary password must be changed at first sign-in", async () => {
    const signIn = async (page: Page, username: string, password: string) => {
      await page.goto(`${e2e.url}/login`);
      await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
      await page.getByLabel(/Mật khẩu|Password/).fill(password);
      const done = page.waitForResponse((r) => r.url().includes("/api/auth/login"));
      await page.getByRole("button", { name: /Đăng nhập/ }).click();
      return (await done).status();
    };
    const admin = await e2e.browser.newPage();
    expect(await signIn(admin, "thuky", DEMO_PASSWORD)).toBe(200);
    await admin.goto(`${e2e.url}/admin/users`);
    await admin.getByRole("button", { name: "Tạo tài khoản" }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("Tên đăng nhập").fill("tranthimai");
    await dialog.getByLabel("Họ tên").fill("Trần Thị Mai");
    // The unit picker searches as you type, one request per keystroke: pick from the list of the last
    // one, then check the pick took (under load an earlier list re-rendering could swallow the click).
    const searched = admin.waitForResponse(
      (r) => r.url().includes("/api/units?") && new URL(r.url()).searchParams.get("q") === "so y te",
    );
    await dialog.locator(".ant-select").first().click();
    await admin.keyboard.type("so y te");
    await searched;
    await admin.locator(".ant-select-item-option").filter({ hasText: "Sở Y tế" }).first().click();
    await dialog.locator(".ant-select-content").filter({ hasText: "Sở Y tế" }).first().waitFor();
    const created = admin.waitForResponse(
      (r) => r.url().endsWith("/api/users") && r.request().method() === "POST",
    );
    await dialog.getByRole("button", { name: /OK|Đồng ý/ }).click();
    const body = await (await created).json();
    expect(body.temporaryPassword).toMatch(/^.{14}$/);
    await admin.getByText(body.temporaryPassword, { exact: false }).first().waitFor();
    await admin.screenshot({ path: `${SCREENSHOTS}/security-users.png`, fullPage: true });
    await admin.close();

    const ctx = await e2e.browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    expect(await signIn(page, "tranthimai", body.temporaryPassword)).toBe(200);
    await page.goto(`${e2e.url}/account`);
    await page.getByText(/mật khẩu tạm/).waitFor();
    await page.getByLabel("Mật khẩu hiện tại").fill(body.temporaryPassword);
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("Hoa-Sen-No-Ruc-61");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("Hoa-Sen-No-Ruc-61");
    const changed = page.waitForResponse((r) => r.url().includes("/api/auth/password"));
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    expect((await changed).status()).toBe(200);
    await page.getByText(/Đã đổi mật khẩu/).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/security-account-phone.png`, fullPage: true });
    const after = await page.evaluate(async () => (await fetch("/api/auth/me")).json());
    expect(after.user.mustChangePassword).toBe(false);
    await ctx.close();
  }, 90_000);
});
