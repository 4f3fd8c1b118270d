import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, SCREENSHOTS, startE2E, type TE2E } from "./harness.ts";

describe.skipIf(!hasChromium)("OpenAPI page in Chromium", () => {
  let e2e: TE2E;
  beforeAll(async () => {
    e2e = await startE2E({ communes: 6 });
  });
  afterAll(async () => e2e?.close());

  it("opens /api/docs and lists the units routes", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/api/docs`);
    await page.getByText("/api/health").first().waitFor({ timeout: 30_000 });
    // Paths are broken with <wbr> for wrapping; their text content is the plain path.
    // Swagger UI renders operations lazily as the page scrolls; scroll until the units routes appear.
    const found = () =>
      page.evaluate(() =>
        [...document.querySelectorAll(".opblock-summary-path")].some(
          (e) => e.textContent === "/api/units/{id}/children",
        ),
      );
    for (let i = 0; i < 60 && !(await found()); i++) {
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(200);
    }
    expect(await found()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs.png` });
    expect(await page.title()).toMatch(/Swagger|DX Monitor/i);
    await page.close();
  });
});
