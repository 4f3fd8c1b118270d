/**
 * Bad input against every write route of the OpenAPI document: malformed JSON, wrong types, huge
 * strings, negative and non-numeric numbers, SQL and HTML/script payloads, unknown fields, wrong
 * content types, bad path ids and oversized bodies. No answer may be a 5xx, and afterwards no text
 * column of the database may hold markup that a browser would run.
 */
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { loginAs } from "../testing.ts";
import { operationsOf, RequestFiller, sampleFromSchema, type TOperation, type TTarget } from "./testkit.ts";

const HUGE = "x".repeat(100_000);
/** Values put in place of each field of a valid-looking body. */
const EVIL: unknown[] = [
  HUGE,
  -1,
  1e308,
  "12abc",
  "'; drop table app_user; --",
  "' union select password_hash from app_user --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  null,
  { $gt: "" },
  "\u202e\u0000",
  "9999-99-99",
];
const RAW_JSON = [
  "{",
  '{"a":1,}',
  "\u0000",
  "1e999999",
  "null",
  '{"constructor":{"prototype":{"polluted":1}}}',
];
const BAD_IDS = ["-1", "abc", "99999999999999999999", "%27%20or%201=1"];

/** Paths to the leaves of a sample body (up to depth 3), e.g. ["values", "0", "value"]. */
function leaves(value: unknown, path: string[] = [], depth = 0): string[][] {
  if (value === null || typeof value !== "object" || depth > 3) return path.length ? [path] : [];
  const entries = Array.isArray(value)
    ? value.slice(0, 1).map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  if (entries.length === 0) return path.length ? [path] : [];
  return entries.flatMap(([k, v]) => leaves(v, [...path, k], depth + 1));
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

describe.each(testDatabaseKinds())("bad input on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let writes: TOperation[];
  let filler: RequestFiller;
  let home: TTarget;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const provinceId = (await createDemo(db.orm, { communes: 3 })).provinceId;
    const commune = await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where province_id = ${provinceId} and kind = 'commune' order by id limit 1`,
    );
    home = { label: "province", unit: provinceId, commune: commune!.id, province: provinceId };
    app = await buildApp({
      database: db,
      logger: false,
      webDir: "/nonexistent",
      auth: { loginRateMax: 1_000_000 },
    });
    filler = new RequestFiller(db.orm);
    await filler.init();
    const ops = operationsOf((await app.inject({ url: "/api/openapi.json" })).json());
    writes = ops.filter((o) => o.method !== "GET");
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it("answers every bad write with a 4xx, never a 5xx, and stores no markup", async () => {
    expect(writes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    let session: Record<string, string> | undefined;
    const fire = async (options: {
      op: TOperation;
      url: string;
      payload?: string;
      contentType?: string;
      what: string;
    }) => {
      // A new session after calls that may end it (logout, logout-all, password change).
      session ??= await loginAs(app, "admin");
      const headers = session;
      if (options.op.path.startsWith("/api/auth/")) session = undefined;
      const r = await app.inject({
        method: options.op.method as "POST",
        url: options.url,
        headers: {
          ...headers,
          ...(options.payload !== undefined
            ? { "content-type": options.contentType ?? "application/json" }
            : {}),
        },
        ...(options.payload !== undefined ? { payload: options.payload } : {}),
      });
      sent++;
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      if (r.statusCode >= 500) {
        failures.push(
          `${options.op.method} ${options.url} (${options.what}) → ${r.statusCode} ${r.body.slice(0, 200)}`,
        );
      }
      // Errors must not carry stack traces or database messages (echoed user input in a 2xx is fine).
      const internals =
        /at \S+ \(.*:\d+:\d+\)|node_modules|syntax error at or near|duplicate key value|violates \S+ constraint|relation "|Failed query/i;
      if (r.statusCode >= 400 && internals.test(r.body)) {
        failures.push(
          `${options.op.method} ${options.url} (${options.what}) leaks internals: ${r.body.slice(0, 200)}`,
        );
      }
      return r;
    };

    for (const op of writes) {
      const { url } = await filler.url(op, home);
      const base = sampleFromSchema(op.body, { target: home, filler }) ?? {};
      for (const raw of RAW_JSON) await fire({ op, url, payload: raw, what: `raw ${raw.slice(0, 20)}` });
      await fire({
        op,
        url,
        payload: JSON.stringify({ ...(base as object), unknownField: "x", $where: "1==1" }),
        what: "unknown fields",
      });
      await fire({
        op,
        url,
        payload: `{"__proto__":{"isAdmin":true},${JSON.stringify(base).slice(1)}`,
        what: "proto",
      });
      await fire({ op, url, payload: JSON.stringify({ pad: "y".repeat(1_200_000) }), what: "oversized" });
      await fire({ op, url, payload: "hello", contentType: "text/plain", what: "text/plain" });
      await fire({
        op,
        url,
        payload: "a=1&b=<script>",
        contentType: "application/x-www-form-urlencoded",
        what: "form",
      });
      await fire({
        op,
        url,
        payload:
          '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n<script>alert(1)</script>\r\n--x--',
        contentType: "multipart/form-data; boundary=x",
        what: "multipart garbage",
      });
      if (/\{\w+\}/.test(op.path)) {
        for (const bad of BAD_IDS) {
          const badUrl = op.path.replace(/\{\w+\}/g, bad);
          await fire({ op, url: badUrl, payload: JSON.stringify(base), what: `bad id ${bad}` });
        }
      }
      for (const p of op.params.filter((x) => x.in === "query").slice(0, 2)) {
        for (const bad of ["-1", "' or 1=1 --", "<script>alert(1)</script>"]) {
          const u = new URL(url, "http://x");
          u.searchParams.set(p.name, bad);
          await fire({
            op,
            url: `${u.pathname}${u.search}`,
            payload: JSON.stringify(base),
            what: `query ${p.name}=${bad.slice(0, 12)}`,
          });
        }
      }
      // Each field of a valid-looking body replaced by each bad value; also top-level fields the sample left out.
      const optional = Object.keys(op.body?.properties ?? {}).filter((k) => !(k in (base as object)));
      const paths = [...leaves(base), ...optional.map((k) => [k])].slice(0, 2);
      if (paths.length === 0) paths.push(["value"]);
      for (const path of paths) {
        for (const evil of EVIL) {
          const body =
            typeof base === "object" && base !== null ? withValue(base, path, evil) : { [path[0]]: evil };
          await fire({
            op,
            url,
            payload: JSON.stringify(body),
            what: `${path.join(".")}=${JSON.stringify(evil).slice(0, 16)}`,
          });
        }
      }
    }

    // Nothing a browser would run ended up stored anywhere (audit and access logs included).
    const columns = await rows<{ t: string; c: string }>(
      db.orm,
      sql`select table_name as t, column_name as c from information_schema.columns
        where table_schema = current_schema() and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    );
    const stored: string[] = [];
    for (const { t, c } of columns) {
      const hit = await one<{ n: number }>(
        db.orm,
        sql`select count(*)::int as n from ${sql.identifier(t)}
          where ${sql.identifier(c)}::text ~* '<script|onerror\\s*=|javascript:'`,
      );
      if ((hit?.n ?? 0) > 0) stored.push(`${t}.${c}: ${hit?.n}`);
    }
    const summary = [...statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(", ");
    console.log(
      `bad input (${kind}): ${sent} requests to ${writes.length} write operations; statuses ${summary}; ` +
        `5xx/leaks ${failures.length}; text columns scanned ${columns.length}, holding markup ${stored.length}`,
    );
    if (failures.length) console.log(failures.slice(0, 40).join("\n"));
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(failures).toEqual([]);
    expect(stored).toEqual([]);
    // The injected SQL did nothing: the tables are still there and prototypes are untouched.
    expect(
      (await one<{ n: number }>(db.orm, sql`select count(*)::int as n from app_user`))?.n,
    ).toBeGreaterThan(5);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 900_000);
});
