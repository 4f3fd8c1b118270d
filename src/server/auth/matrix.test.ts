/**
 * Generated permission matrix: every operation of /api/openapi.json, called as every kind of caller,
 * inside and outside the caller's scope, checked against the declared permission and the role →
 * permission table of permissions.ts. New routes are covered as soon as they are in the document.
 */
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows, withActor } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { refreshPaths } from "../../db/units.ts";
import { buildApp } from "../app.ts";
import { apiKeyHeaders, loginAs } from "../testing.ts";
import { API_KEY_PERMISSIONS, ROLE_PERMISSIONS, type TRoleName } from "./permissions.ts";
import { GATE_CODES } from "./plugin.ts";
import { operationsOf, RequestFiller, sampleFromSchema, type TOperation, type TTarget } from "./testkit.ts";

interface TCaller {
  name: string;
  permissions: Set<string>;
  headers: () => Promise<Record<string, string>>;
  forget?: () => void;
  home?: TTarget;
  outside: TTarget[];
}

interface TResult {
  status: number;
  code?: string;
  empty: boolean;
}

describe.each(testDatabaseKinds())("permission matrix on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let ops: TOperation[];
  let filler: RequestFiller;
  let callers: TCaller[];
  const T: Record<string, TTarget> = {};

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const provinceId = (await createDemo(db.orm, { communes: 4 })).provinceId;
    const communes = (
      await rows<{ id: number }>(
        db.orm,
        sql`select id from org_unit where province_id = ${provinceId} and kind = 'commune' order by id`,
      )
    ).map((r) => r.id);
    // A second province with one commune: outside every provincial role of the demo.
    const other = await withActor(db.orm, { actor: "system:test" }, async (tx) => {
      const nation = await one<{ id: number }>(tx, sql`select id from org_unit where kind = 'nation'`);
      const p2 = await one<{ id: number }>(
        tx,
        sql`insert into org_unit (code, kind, level, name, full_name, parent_id, is_demo)
          values ('98', 'province', 1, 'Thử Nghiệm', 'Tỉnh Thử Nghiệm', ${nation!.id}, true) returning id`,
      );
      await tx.execute(sql`update org_unit set province_id = id where id = ${p2!.id}`);
      const q1 = await one<{ id: number }>(
        tx,
        sql`insert into org_unit (code, kind, level, name, full_name, parent_id, province_id, is_demo)
          values ('98001', 'commune', 2, 'Xã Ngoài', 'Xã Ngoài Phạm Vi', ${p2!.id}, ${p2!.id}, true) returning id`,
      );
      await refreshPaths(tx);
      // Victims: accounts and keys the routes may act on without breaking the callers.
      const victims: Array<[string, number, string]> = [
        ["victim1", communes[0], "reporter"],
        ["victim2", communes[1], "reporter"],
        ["victim3", q1!.id, "reporter"],
        ["victim4", provinceId, "leader"],
      ];
      for (const [username, unitId, role] of victims) {
        const u = await one<{ id: number }>(
          tx,
          sql`insert into app_user (username, display_name, unit_id, must_change_password)
            values (${username}, ${username}, ${unitId}, false) returning id`,
        );
        await tx.execute(
          sql`insert into role_assignment (user_id, role, unit_id) values (${u!.id}, ${role}, ${unitId})`,
        );
      }
      const citizen = await one<{ id: number }>(
        tx,
        sql`insert into app_user (username, display_name, unit_id, must_change_password)
          values ('congdan', 'Công dân', ${provinceId}, false) returning id`,
      );
      await tx.execute(
        sql`insert into role_assignment (user_id, role, unit_id) values (${citizen!.id}, 'public', ${provinceId})`,
      );
      return { p2: p2!.id, q1: q1!.id };
    });
    app = await buildApp({
      database: db,
      logger: false,
      webDir: "/nonexistent",
      auth: { loginRateMax: 100_000 },
    });
    for (const [unitId, name] of [
      [communes[0], "victim-c1"],
      [communes[1], "victim-c2"],
      [other.q1, "victim-q1"],
    ] as const) {
      await apiKeyHeaders(app, { unitId, name, permissions: ["data.read"] });
    }
    T.P = { label: "province", unit: provinceId, commune: communes[0], province: provinceId };
    T.C1 = { label: "commune1", unit: communes[0], commune: communes[0], province: provinceId };
    T.C2 = { label: "commune2", unit: communes[1], commune: communes[1], province: provinceId };
    T.P2 = { label: "province2", unit: other.p2, commune: other.q1, province: other.p2 };
    const key = await apiKeyHeaders(app, {
      unitId: communes[0],
      permissions: [...API_KEY_PERMISSIONS],
      name: "caller",
    });
    // One session per caller, renewed after a call that may end it (logout, logout-all, password).
    const sessions = new Map<string, Record<string, string>>();
    const user = (username: string, role: TRoleName, home: TTarget, outside: TTarget[]): TCaller => ({
      name: `${role}:${username}`,
      permissions: new Set(ROLE_PERMISSIONS[role]),
      headers: async () => {
        if (!sessions.has(username)) sessions.set(username, await loginAs(app, username));
        return sessions.get(username) as Record<string, string>;
      },
      forget: () => sessions.delete(username),
      home,
      outside,
    });
    callers = [
      { name: "anonymous", permissions: new Set(["public"]), headers: async () => ({}), outside: [] },
      user("admin", "admin", T.P, []),
      user("thuky", "secretariat", T.P, [T.P2]),
      user("thamdinh", "reviewer", T.P, [T.P2]),
      user("baocao", "reporter", T.C1, [T.C2, T.P2]),
      user("lanhdao", "leader", T.P, [T.P2]),
      user("congdan", "public", T.P, []),
      {
        name: "apikey:commune1",
        permissions: new Set(["public", ...API_KEY_PERMISSIONS]),
        headers: async () => key,
        home: T.C1,
        outside: [T.C2, T.P2],
      },
    ];
    filler = new RequestFiller(db.orm);
    await filler.init();
    ops = operationsOf((await app.inject({ url: "/api/openapi.json" })).json());
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const send = async (options: {
    op: TOperation;
    url: string;
    target: TTarget;
    headers: Record<string, string>;
  }): Promise<TResult> => {
    const body =
      options.op.method === "GET" || options.op.method === "DELETE"
        ? undefined
        : (sampleFromSchema(options.op.body, { target: options.target, filler }) ?? {});
    const r = await app.inject({
      method: options.op.method as "GET",
      url: options.url,
      headers: options.headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    let parsed: { error?: { code?: string }; items?: unknown[]; total?: number } | unknown[] = {};
    try {
      parsed = r.json();
    } catch {
      parsed = {};
    }
    const empty = Array.isArray(parsed)
      ? parsed.length === 0
      : (Array.isArray(parsed.items) && parsed.items.length === 0) || parsed.total === 0;
    return { status: r.statusCode, code: Array.isArray(parsed) ? undefined : parsed.error?.code, empty };
  };

  it("lets every caller through exactly the routes its permissions allow (deny by default)", async () => {
    expect(ops.length).toBeGreaterThan(20);
    const unexpectedAllows: string[] = [];
    const unexpectedDenies: string[] = [];
    const serverErrors: string[] = [];
    let calls = 0;
    let allowed = 0;
    let denied = 0;
    for (const op of ops) {
      for (const caller of callers) {
        const target = caller.home ?? T.P;
        const { url } = await filler.url(op, target);
        const r = await send({ op, url, target, headers: await caller.headers() });
        if (op.path.startsWith("/api/auth/")) caller.forget?.();
        calls++;
        const expectAllow = op.permission === "public" || caller.permissions.has(op.permission);
        const line = `${caller.name} ${op.method} ${url} [${op.permission}] → ${r.status} ${r.code ?? ""}`;
        if (r.status >= 500) serverErrors.push(line);
        // Refused by the gate itself (a handler's own 401, e.g. a wrong password at login, is not the gate).
        const gateDenied = (r.status === 401 || r.status === 403) && GATE_CODES.includes(r.code as never);
        if (expectAllow) {
          allowed++;
          if (gateDenied) unexpectedDenies.push(line);
        } else {
          denied++;
          if (r.status !== 401 && r.status !== 403) unexpectedAllows.push(line);
          if (caller.name === "anonymous" && r.status !== 401)
            unexpectedAllows.push(`${line} (anonymous must get 401)`);
        }
      }
    }
    console.log(
      `permission matrix (${kind}): ${ops.length} operations × ${callers.length} callers = ${calls} calls; ` +
        `${allowed} expected through the gate, ${denied} expected refused; unexpected allows ${unexpectedAllows.length}, ` +
        `unexpected denies ${unexpectedDenies.length}, 5xx ${serverErrors.length}`,
    );
    if (serverErrors.length) console.log(`5xx seen:\n${serverErrors.join("\n")}`);
    expect(unexpectedAllows).toEqual([]);
    expect(unexpectedDenies).toEqual([]);
    expect(denied).toBeGreaterThan(ops.length);
  }, 600_000);

  it("keeps every unit-scoped call inside the caller's subtree (two communes, a second province)", async () => {
    const leaks: string[] = [];
    let checked = 0;
    let informative = 0;
    let refused = 0;
    for (const op of ops) {
      if (op.permission === "public" || op.permission === "self" || op.permission === "none") continue;
      for (const caller of callers) {
        if (!caller.permissions.has(op.permission) || !caller.home) continue;
        for (const outside of caller.outside) {
          const out = await filler.url(op, outside);
          const inside = await filler.url(op, caller.home);
          // Same request inside and outside (e.g. only the province is named, and it is the caller's): nothing to learn.
          if (!out.scoped || !out.informative || out.url === inside.url) continue;
          const r = await send({ op, url: out.url, target: outside, headers: await caller.headers() });
          checked++;
          if (r.status === 401 || r.status === 403 || r.status === 404) refused++;
          if (r.status >= 200 && r.status < 300 && !r.empty) {
            leaks.push(
              `${caller.name} ${op.method} ${out.url} [${op.permission}] outside ${outside.label} → ${r.status}`,
            );
          }
          // The same call inside the caller's own scope: did it succeed? (the pair is then informative)
          const ri = await send({
            op,
            url: inside.url,
            target: caller.home,
            headers: await caller.headers(),
          });
          if (ri.status >= 200 && ri.status < 300) informative++;
        }
      }
    }
    console.log(
      `scope (${kind}): ${checked} out-of-scope calls, ${refused} refused with 401/403/404, ` +
        `${informative} of them succeed inside scope; leaks ${leaks.length}`,
    );
    expect(leaks).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    expect(informative).toBeGreaterThan(5);
  }, 600_000);
});
