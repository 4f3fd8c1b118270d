/**
 * `npx tsx bench/auth.ts` — cost of the security layer, each figure next to a baseline measured in the
 * same run: a signed-in GET through the gate (session lookup + grants) against the same public GET
 * anonymously, an API-key GET, and one argon2id hash/verify (what a sign-in costs).
 */
import { hash, verify } from "@node-rs/argon2";
import { createDemo } from "../src/db/demo/seed.ts";
import { openTestDatabase } from "../src/db/testing.ts";
import { buildApp } from "../src/server/app.ts";
import { apiKeyHeaders, loginAs } from "../src/server/testing.ts";

const N = Number(process.env.BENCH_N ?? 400);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const db = await openTestDatabase("pglite");
const { provinceId } = await createDemo(db.orm, { communes: 8 });
const app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
const session = await loginAs(app, "thuky");
const key = await apiKeyHeaders(app, { unitId: provinceId, permissions: ["data.read"] });

async function time(headers: Record<string, string>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const r = await app.inject({ url: "/api/pillars", headers });
    ms.push(performance.now() - t);
    if (r.statusCode !== 200) throw new Error(`status ${r.statusCode}`);
  }
  return median(ms);
}
await time({});
const anon = await time({});
const signed = await time(session);
const apikey = await time(key);
const hashes: number[] = [];
const verifies: number[] = [];
for (let i = 0; i < 15; i++) {
  let t = performance.now();
  const h = await hash(`pw-${i}-Cay-Tre-Xanh`);
  hashes.push(performance.now() - t);
  t = performance.now();
  await verify(h, `pw-${i}-Cay-Tre-Xanh`);
  verifies.push(performance.now() - t);
}
console.log(`GET /api/pillars, median of ${N} (PGlite in memory):`);
console.log(`  anonymous (baseline)  ${anon.toFixed(2)} ms`);
console.log(`  session cookie        ${signed.toFixed(2)} ms  ratio ${(signed / anon).toFixed(2)}`);
console.log(`  API key               ${apikey.toFixed(2)} ms  ratio ${(apikey / anon).toFixed(2)}`);
console.log(
  `argon2id hash ${median(hashes).toFixed(1)} ms, verify ${median(verifies).toFixed(1)} ms (median of 15)`,
);
await app.close();
await db.cleanup();
