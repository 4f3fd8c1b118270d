/**
 * `npx tsx bench/web.ts` — web speed of the leader's overview page.
 *
 * 1. Initial JavaScript of the overview route, gzipped: the entry chunk, the overview page chunk and
 *    every chunk they import statically, plus the app chunk the tiny entry imports dynamically at once
 *    (from dist/web/.vite/manifest.json), each file counted once.
 *    Budget: 350 KB.
 * 2. Load timing in Chromium with a cold cache at province scale (the demo province, 102 communes):
 *    navigation start → the "X/Y targets achieved" figure visible, median of BENCH_RUNS (default 5) fresh
 *    browser contexts, next to the GET /api/progress/overview call alone measured in the same run (the
 *    part the page cannot go faster than), with their ratio. Budget: 1.5 s.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ensureWebBuilt, hasChromium, PHONE, startE2E } from "../e2e/harness.ts";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist/web");

interface TManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/** Gzipped bytes of the overview route's initial JS (and CSS), with the files. */
export function initialSize(): { jsGzip: number; cssGzip: number; files: string[] } {
  const manifest = JSON.parse(readFileSync(path.join(dist, ".vite/manifest.json"), "utf8")) as Record<
    string,
    TManifestChunk
  >;
  const overviewKey = Object.keys(manifest).find((k) => k.endsWith("pages/overview/OverviewPage.tsx"));
  if (!overviewKey) throw new Error("overview chunk not in the manifest");
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  visit("index.html");
  // The entry is tiny and imports the app dynamically (src/web/main.tsx); both are loaded at once.
  for (const k of manifest["index.html"]?.dynamicImports ?? []) visit(k);
  visit(overviewKey);
  const files = new Set<string>();
  const css = new Set<string>();
  for (const k of seen) {
    files.add(manifest[k].file);
    for (const c of manifest[k].css ?? []) css.add(c);
  }
  const gz = (f: string) => gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length;
  return {
    jsGzip: [...files].filter((f) => f.endsWith(".js")).reduce((s, f) => s + gz(f), 0),
    cssGzip: [...css].reduce((s, f) => s + gz(f), 0),
    files: [...files],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  ensureWebBuilt();
  const size = initialSize();
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(
    `Initial JS of the overview route: ${kb(size.jsGzip)} KB gzipped (${size.files.length} files; budget 350 KB) ${size.jsGzip <= 350 * 1024 ? "OK" : "OVER"}`,
  );
  if (size.cssGzip) console.log(`  + CSS ${kb(size.cssGzip)} KB gzipped`);
  if (!hasChromium) {
    console.log("Chromium not found: load timing skipped");
    return;
  }
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const e2e = await startE2E();
  try {
    // Log in once; every run then starts from a fresh context (cold HTTP cache) carrying the session cookie.
    const login = await e2e.browser.newContext();
    const r = await login.request.post(`${e2e.url}/api/auth/login`, {
      data: { username: "lanhdao", password: "MinhHoa@2026" },
    });
    if (!r.ok()) throw new Error(`login failed: ${r.status()} ${await r.text()}`);
    const me = (await r.json()) as { csrfToken: string };
    const cookies = await login.cookies();
    const plans = (await (await login.request.get(`${e2e.url}/api/plans`)).json()) as {
      items: Array<{ id: number; ownerUnitId: number }>;
    };
    const plan = plans.items[0];
    const period = "2026N9";
    await login.close();

    const results: Array<{ viewport: string; page: number[]; api: number[] }> = [];
    for (const [label, viewport] of [
      ["desktop 1366×900", { width: 1366, height: 900 }],
      ["phone 390×844", PHONE],
    ] as const) {
      const page: number[] = [];
      const apiTimes: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        const ctx = await e2e.browser.newContext({ viewport });
        await ctx.addCookies(cookies);
        await ctx.addInitScript((scope) => localStorage.setItem("dxm.scope", JSON.stringify(scope)), {
          unitId: plan.ownerUnitId,
          unitName: "Minh Họa",
          period,
          planId: plan.id,
        });
        const p = await ctx.newPage();
        await p.goto(`${e2e.url}/`);
        await p.getByTestId("summary-count").waitFor({ state: "visible", timeout: 30_000 });
        const ms = await p.evaluate(() => performance.now());
        const t0 = performance.now();
        const a = await ctx.request.get(
          `${e2e.url}/api/progress/overview?planId=${plan.id}&unitId=${plan.ownerUnitId}&period=${period}`,
          { headers: { "x-csrf-token": me.csrfToken } },
        );
        if (!a.ok()) throw new Error(`overview API ${a.status()}`);
        const apiMs = performance.now() - t0;
        // The first run warms the server (JIT, query plans); it is not counted.
        if (i > 0) {
          page.push(ms);
          apiTimes.push(apiMs);
        }
        await ctx.close();
      }
      results.push({ viewport: label, page, api: apiTimes });
    }
    for (const r of results) {
      const pm = median(r.page);
      const am = median(r.api);
      console.log(
        `${r.viewport}: overview figures visible ${pm.toFixed(0)} ms median (min ${Math.min(...r.page).toFixed(0)}, max ${Math.max(...r.page).toFixed(0)}; budget 1500 ms) ${pm <= 1500 ? "OK" : "OVER"}; ` +
          `overview API alone ${am.toFixed(0)} ms; ratio page/API ${(pm / am).toFixed(2)}`,
      );
    }
  } finally {
    await e2e.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
