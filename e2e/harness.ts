import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { createDemo } from "../src/db/demo/seed.ts";
import { openTestDatabase } from "../src/db/testing.ts";
import { buildApp } from "../src/server/app.ts";
import { loginAs } from "../src/server/testing.ts";

/** Debian's Chromium; browser tests are skipped (with this reason) when it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** True when Chromium is installed. */
export const hasChromium = existsSync(CHROMIUM);
/** Why browser tests are skipped, printed by the suite. */
export const skipReason = hasChromium
  ? ""
  : `browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`;
if (!hasChromium) console.warn(skipReason);

const root = path.resolve(import.meta.dirname, "..");
/** Screenshots land here (`npm run e2e`). */
export const SCREENSHOTS = path.join(root, "e2e-output");

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the web app if dist/web is missing or older than src/web. */
export function ensureWebBuilt(): void {
  const built = path.join(root, "dist/web/index.html");
  const src = path.join(root, "src/web");
  if (!existsSync(path.join(src, "index.html"))) return;
  if (existsSync(built) && newest(src) <= statSync(built).mtimeMs) return;
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build"], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("vite build failed");
}

/** A running product for a browser test: fresh in-memory PGlite with the demo, served on a free port. */
export interface TE2E {
  url: string;
  app: FastifyInstance;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the product (demo province, built web app) and Chromium. */
export async function startE2E(options: { communes?: number } = {}): Promise<TE2E> {
  // Built once by e2e/global-setup.ts; building here too would race between parallel suites.
  if (!existsSync(path.join(root, "dist/web/index.html"))) ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const db = await openTestDatabase("pglite");
  await createDemo(db.orm, { communes: options.communes });
  const app = await buildApp({ database: db, logger: false, webDir: path.join(root, "dist/web") });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await db.cleanup();
    },
  };
}

/** Phone-sized viewport used by every page test. */
export const PHONE = { width: 390, height: 844 };
/** Desktop viewport. */
export const DESKTOP = { width: 1366, height: 900 };

/**
 * A page in a fresh browser context signed in as a demo user, with session cookies from the test helper
 * (the login form has its own test). Page errors are printed so they fail loudly, not as a timeout.
 */
export async function signedInPage(
  e2e: TE2E,
  options: { username: string; viewport: { width: number; height: number } },
): Promise<Page> {
  const headers = await loginAs(e2e.app, options.username);
  const context = await e2e.browser.newContext({ viewport: options.viewport, locale: "vi-VN" });
  await context.addCookies(
    headers.cookie.split("; ").map((kv) => {
      const [name, ...rest] = kv.split("=");
      return { name, value: rest.join("="), url: e2e.url };
    }),
  );
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`[${options.username}] page error:`, e.message));
  return page;
}
