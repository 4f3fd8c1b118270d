import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../../db/client.ts";
import { createDemo, DEMO_PASSWORD } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { apiKeyHeaders, loginAs } from "../testing.ts";
import { checkPassword } from "./passwords.ts";
import { sniffUpload } from "./uploads.ts";

type Res = {
  status: number;
  body: Record<string, unknown> & { error?: { code: string } };
  headers: Record<string, unknown>;
};

describe.each(testDatabaseKinds())("auth on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let communes: number[];
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 4 })).provinceId;
    communes = (
      await rows<{ id: number }>(
        db.orm,
        sql`select id from org_unit where province_id = ${provinceId} and kind = 'commune' order by id`,
      )
    ).map((r) => r.id);
    app = await buildApp({
      database: db,
      logger: false,
      webDir: "/nonexistent",
      auth: { maxFailures: 3, lockMs: 60_000, loginRateMax: 8, loginRateWindowMs: 60_000 },
    });
    // A route that forgets its permission: must be refused, whoever calls.
    app.get("/api/zz-forgot-permission", async () => ({ leaked: true }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const call = async (options: {
    method?: "GET" | "POST" | "PATCH" | "DELETE";
    url: string;
    headers?: Record<string, string>;
    body?: unknown;
    ip?: string;
  }): Promise<Res> => {
    const r = await app.inject({
      method: options.method ?? "GET",
      url: options.url,
      headers: options.headers,
      payload: options.body as object | undefined,
      remoteAddress: options.ip,
    });
    let body: Res["body"] = {};
    try {
      body = r.json();
    } catch {
      body = {};
    }
    return { status: r.statusCode, body, headers: r.headers };
  };
  const login = (username: string, password: string, ip = "10.0.0.1") =>
    app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username, password },
      remoteAddress: ip,
    });

  it("signs in with an HttpOnly, SameSite=Lax, Path=/ session cookie and returns the CSRF token", async () => {
    const r = await login("thuky", DEMO_PASSWORD);
    expect(r.statusCode).toBe(200);
    const cookies = [r.headers["set-cookie"]].flat().map(String);
    const session = cookies.find((c) => c.startsWith("dxm_session="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/i);
    const body = r.json();
    expect(body.user.username).toBe("thuky");
    expect(body.roles[0]).toMatchObject({ role: "secretariat", unitId: provinceId });
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    // Only the hash of the token is stored.
    const token = session.split(";")[0].split("=")[1];
    const stored = await rows<{ token_hash: string }>(db.orm, sql`select token_hash from user_session`);
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    const me = await call({ url: "/api/auth/me", headers: { cookie: `dxm_session=${token}` } });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(body.csrfToken);
    const log = await rows<{ event: string }>(
      db.orm,
      sql`select event from access_log where username = 'thuky'`,
    );
    expect(log.map((l) => l.event)).toContain("login");
  });

  it("marks the cookie Secure behind an HTTPS proxy", async () => {
    const proxied = await buildApp({ database: db, logger: false, webDir: "/nonexistent", trustProxy: true });
    const r = await proxied.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "lanhdao", password: DEMO_PASSWORD },
      headers: { "x-forwarded-proto": "https" },
    });
    await proxied.close();
    expect(r.statusCode).toBe(200);
    const session = [r.headers["set-cookie"]]
      .flat()
      .map(String)
      .find((c) => c.startsWith("dxm_session="))!;
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/HttpOnly/i);
  });

  it("refuses cookie-authenticated writes without the CSRF header (403) and accepts them with it", async () => {
    const h = await loginAs(app, "admin");
    const noCsrf = await call({ method: "POST", url: "/api/auth/logout", headers: { cookie: h.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error?.code).toBe("csrf");
    const wrong = await call({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: h.cookie, "x-csrf-token": "x".repeat(43) },
    });
    expect(wrong.status).toBe(403);
    expect((await call({ url: "/api/auth/me", headers: { cookie: h.cookie } })).status).toBe(200);
    const ok = await call({ method: "POST", url: "/api/auth/logout", headers: h });
    expect(ok.status).toBe(200);
    const after = await call({ url: "/api/auth/me", headers: h });
    expect(after.status).toBe(401);
  });

  it("ends a session after the idle or absolute expiry with 401 session_expired", async () => {
    const h = await loginAs(app, "lanhdao");
    const url = `/api/data-values?underUnitId=${provinceId}&limit=1`;
    expect((await call({ url, headers: h })).status).toBe(200);
    await db.orm.execute(sql`update user_session set last_seen_at = now() - interval '3 hours'
      where token_hash = encode(sha256(convert_to(${h.cookie.split(";")[0].split("=")[1]}, 'UTF8')), 'hex')`);
    const idle = await call({ url, headers: h });
    expect(idle.status).toBe(401);
    expect(idle.body.error?.code).toBe("session_expired");
    const h2 = await loginAs(app, "lanhdao");
    await db.orm.execute(sql`update user_session set expires_at = now() - interval '1 second'
      where token_hash = encode(sha256(convert_to(${h2.cookie.split(";")[0].split("=")[1]}, 'UTF8')), 'hex')`);
    expect((await call({ url, headers: h2 })).status).toBe(401);
    // Public pages still answer, as anonymous.
    expect((await call({ url: "/api/health", headers: h2 })).status).toBe(200);
  });

  it("logs out everywhere", async () => {
    const a = await loginAs(app, "thamdinh");
    const b = await loginAs(app, "thamdinh");
    expect(
      (await call({ method: "POST", url: "/api/auth/logout-all", headers: a })).body.count,
    ).toBeGreaterThanOrEqual(2);
    expect((await call({ url: "/api/auth/me", headers: b })).status).toBe(401);
  });

  it("throttles brute force: locks the account after repeated failures, then rate-limits the address", async () => {
    const ip = "10.9.9.9";
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login("baocao2", `wrong-password-${i}`, ip)).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    // Locked: even the right password is refused, without saying whether it was right.
    const locked = await login("baocao2", DEMO_PASSWORD, ip);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe("account_locked");
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    const user = await one<{ failed_logins: number; locked_until: string | null }>(
      db.orm,
      sql`select failed_logins, locked_until::text from app_user where username = 'baocao2'`,
    );
    expect(user?.failed_logins).toBe(3);
    expect(user?.locked_until).not.toBeNull();
    // Unknown users get the same answer as wrong passwords.
    expect((await login("nobody-here", "whatever-password", ip)).statusCode).toBe(401);
    // The address is throttled after loginRateMax attempts whatever the account.
    const more: number[] = [];
    for (let i = 0; i < 6; i++) more.push((await login(`guess${i}`, "x", ip)).statusCode);
    expect(more).toContain(429);
    // Another address is not affected by this one's limit.
    expect((await login("thamdinh", DEMO_PASSWORD, "10.0.0.77")).statusCode).toBe(200);
    // After the lock expires the right password works again.
    await db.orm.execute(
      sql`update app_user set locked_until = now() - interval '1 second' where username = 'baocao2'`,
    );
    expect((await login("baocao2", DEMO_PASSWORD, "10.0.0.78")).statusCode).toBe(200);
    const events = await rows<{ event: string }>(
      db.orm,
      sql`select event from access_log where username = 'baocao2' order by id`,
    );
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(["login_failed", "login_locked", "login"]),
    );
  });

  it("applies the gate to the HEAD twins of GET routes", async () => {
    const r = await app.inject({ method: "HEAD", url: `/api/data-values?underUnitId=${provinceId}` });
    expect(r.statusCode).toBe(401);
    const users = await app.inject({
      method: "HEAD",
      url: "/api/users",
      headers: await loginAs(app, "lanhdao"),
    });
    expect(users.statusCode).toBe(403);
  });

  it("refuses a route that declares no permission, even to an administrator", async () => {
    expect((await call({ url: "/api/zz-forgot-permission" })).status).toBe(403);
    expect(
      (await call({ url: "/api/zz-forgot-permission", headers: await loginAs(app, "admin") })).status,
    ).toBe(403);
  });

  it("creates accounts with a temporary password that must be changed, and resets passwords (audited)", async () => {
    const thuky = await loginAs(app, "thuky");
    const created = await call({
      method: "POST",
      url: "/api/users",
      headers: thuky,
      body: {
        username: "nguyenvana",
        displayName: "Nguyễn Văn An",
        email: "an@minhhoa.example",
        unitId: communes[2],
        roles: [{ role: "reporter", unitId: communes[2] }],
      },
    });
    expect(created.status).toBe(200);
    const temp = created.body.temporaryPassword as string;
    const hash = await one<{ h: string }>(
      db.orm,
      sql`select password_hash as h from app_user where username = 'nguyenvana'`,
    );
    expect(hash?.h.startsWith("$argon2id$")).toBe(true);
    const first = await login("nguyenvana", temp, "10.0.1.1");
    expect(first.statusCode).toBe(200);
    expect(first.json().user.mustChangePassword).toBe(true);
    const token = String(
      [first.headers["set-cookie"]].flat().find((c) => String(c).startsWith("dxm_session=")),
    ).split(";")[0];
    const h = { cookie: token, "x-csrf-token": first.json().csrfToken };
    const blocked = await call({ url: `/api/data-values?underUnitId=${communes[2]}`, headers: h });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error?.code).toBe("password_change_required");
    const weak = ["1234567890", "password2026", "NguyenVanAn2026!", "aaaaaaaaaaaa", "an@minhhoa.example"];
    for (const newPassword of weak) {
      const r = await call({
        method: "POST",
        url: "/api/auth/password",
        headers: h,
        body: { currentPassword: temp, newPassword },
      });
      expect(r.status, newPassword).toBe(400);
    }
    const changed = await call({
      method: "POST",
      url: "/api/auth/password",
      headers: h,
      body: { currentPassword: temp, newPassword: "Cay-Tre-Xanh-48" },
    });
    expect(changed.status).toBe(200);
    expect((await call({ url: `/api/data-values?underUnitId=${communes[2]}`, headers: h })).status).toBe(200);
    // Out of scope for this reporter.
    expect((await call({ url: `/api/data-values?underUnitId=${communes[0]}`, headers: h })).status).toBe(403);

    const reset = await call({
      method: "POST",
      url: `/api/users/${created.body.user && (created.body.user as { id: number }).id}/reset-password`,
      headers: thuky,
    });
    expect(reset.status).toBe(200);
    expect((await call({ url: "/api/auth/me", headers: h })).status).toBe(401);
    const audit = await call({ url: "/api/audit/access?event=password_reset", headers: thuky });
    expect(audit.status).toBe(200);
    expect((audit.body.items as Array<{ targetUserId: number }>)[0].targetUserId).toBe(
      (created.body.user as { id: number }).id,
    );
    const changes = await call({ url: "/api/audit/changes?table=app_user", headers: thuky });
    expect(changes.status).toBe(200);
    expect(JSON.stringify(changes.body)).not.toContain("argon2");
  });

  it("keeps role management inside scope and never wider than the granter", async () => {
    const thuky = await loginAs(app, "thuky");
    const adminUser = await one<{ id: number }>(
      db.orm,
      sql`select id from app_user where username = 'admin'`,
    );
    const baocao = await one<{ id: number }>(db.orm, sql`select id from app_user where username = 'baocao'`);
    const grantAdmin = await call({
      method: "POST",
      url: `/api/users/${baocao!.id}/roles`,
      headers: thuky,
      body: { role: "admin", unitId: provinceId },
    });
    expect(grantAdmin.status).toBe(403);
    expect(
      (await call({ method: "POST", url: `/api/users/${adminUser!.id}/reset-password`, headers: thuky }))
        .status,
    ).toBe(403);
    const nation = await one<{ id: number }>(db.orm, sql`select id from org_unit where kind = 'nation'`);
    const wide = await call({
      method: "POST",
      url: `/api/users/${baocao!.id}/roles`,
      headers: thuky,
      body: { role: "reviewer", unitId: nation!.id },
    });
    expect(wide.status).toBe(403);
    const ok = await call({
      method: "POST",
      url: `/api/users/${baocao!.id}/roles`,
      headers: thuky,
      body: { role: "reviewer", unitId: communes[0] },
    });
    expect(ok.status).toBe(200);
    expect((await call({ url: "/api/users", headers: await loginAs(app, "baocao") })).status).toBe(403);
    const log = await call({ url: "/api/audit/access?event=role_grant", headers: thuky });
    expect(log.body.total).toBeGreaterThanOrEqual(1);
  });

  it("scopes API keys to their unit, indicators and permissions; revoked keys stop working", async () => {
    const key = await apiKeyHeaders(app, { unitId: communes[0], permissions: ["data.read"] });
    expect(
      (await call({ url: `/api/data-values?underUnitId=${communes[0]}&limit=1`, headers: key })).status,
    ).toBe(200);
    expect(
      (await call({ url: `/api/data-values?underUnitId=${communes[1]}&limit=1`, headers: key })).status,
    ).toBe(403);
    expect((await call({ url: "/api/auth/me", headers: key })).status).toBe(403);
    expect((await call({ url: "/api/users", headers: key })).status).toBe(403);
    expect(
      (await call({ url: "/api/health", headers: { authorization: "Bearer dxm_not-a-key" } })).status,
    ).toBe(401);
    const admin = await loginAs(app, "admin");
    const made = await call({
      method: "POST",
      url: "/api/api-keys",
      headers: admin,
      body: {
        name: "Cổng DVC",
        unitId: provinceId,
        permissions: ["data.read"],
        indicatorCodes: ["MH_CQS03"],
      },
    });
    expect(made.status).toBe(200);
    const secret = made.body.secret as string;
    expect(secret.startsWith("dxm_")).toBe(true);
    const stored = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from api_key where key_hash = ${secret}`,
    );
    expect(stored?.n).toBe(0);
    const h = { authorization: `Bearer ${secret}` };
    const ind = await rows<{ id: number; code: string }>(
      db.orm,
      sql`select id, code from indicator where code in ('MH_CQS03', 'MH_CQS01')`,
    );
    const allowed = ind.find((i) => i.code === "MH_CQS03")!.id;
    const other = ind.find((i) => i.code !== "MH_CQS03")!.id;
    const dv = (indicator?: number) =>
      `/api/data-values?underUnitId=${provinceId}&limit=1${indicator ? `&indicatorId=${indicator}` : ""}`;
    expect((await call({ url: dv(allowed), headers: h })).status).toBe(200);
    expect((await call({ url: dv(other), headers: h })).status).toBe(403);
    expect((await call({ url: dv(), headers: h })).status).toBe(400);
    const bad = await call({
      method: "POST",
      url: "/api/api-keys",
      headers: admin,
      body: { name: "x", unitId: provinceId, permissions: ["users.manage"] },
    });
    expect(bad.status).toBe(400);
    const id = (made.body.key as { id: number }).id;
    expect((await call({ method: "DELETE", url: `/api/api-keys/${id}`, headers: admin })).status).toBe(200);
    expect((await call({ url: dv(allowed), headers: h })).status).toBe(401);
  });

  it("sends strict security headers and refuses markup in JSON bodies", async () => {
    const r = await app.inject({ method: "GET", url: "/api/health" });
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    const docs = await app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const x = await call({
      method: "POST",
      url: "/api/users",
      headers: await loginAs(app, "admin"),
      body: { username: "xss", displayName: "<script>alert(1)</script>", unitId: provinceId },
    });
    expect(x.status).toBe(400);
    expect(x.body.error).toMatchObject({ code: "markup", field: "body.displayName" });
    const big = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "a", password: "b".repeat(2_000_000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).not.toMatch(/at \w+ \(|node_modules|select /);
  });

  it("keeps secrets and phone numbers out of the logs", async () => {
    const lines: string[] = [];
    const logged = await buildApp({
      database: db,
      webDir: "/nonexistent",
      logger: { level: "info", stream: { write: (s: string) => lines.push(s) } },
    });
    await logged.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "thamdinh", password: DEMO_PASSWORD },
      headers: { cookie: "dxm_session=secret-cookie-value", authorization: "Bearer dxm_secret-key-value" },
    });
    logged.log.info({ user: { phone: "0912345678", password: "p4ss-word-x" } }, "probe");
    await logged.close();
    const text = lines.join("\n");
    expect(text).toContain("probe");
    expect(text).not.toContain("secret-cookie-value");
    expect(text).not.toContain("dxm_secret-key-value");
    expect(text).not.toContain("0912345678");
    expect(text).not.toContain("p4ss-word-x");
    expect(text).not.toContain(DEMO_PASSWORD);
  });
});

describe("password rules and upload sniffing", () => {
  it("refuses short, common, patterned and personal passwords", () => {
    expect(checkPassword({ password: "short1!" })?.code).toBe("too_short");
    expect(checkPassword({ password: "123456789012" })?.code).toBe("common");
    expect(checkPassword({ password: "Password123456" })?.code).toBe("common");
    expect(checkPassword({ password: "matkhau@2026" })?.code).toBe("common");
    expect(checkPassword({ password: "abababababab" })?.code).toBe("pattern");
    expect(checkPassword({ password: "Tran-Thi-Binh-77", displayName: "Trần Thị Bình" })?.code).toBe(
      "personal",
    );
    expect(checkPassword({ password: "thuky-secure-81", username: "thuky" })?.code).toBe("personal");
    expect(
      checkPassword({ password: "Cay-Tre-Xanh-48", username: "an", displayName: "Nguyễn An" }),
    ).toBeUndefined();
  });

  it("decides file types from the bytes, not the name", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    expect((await sniffUpload(png, ["png", "pdf"])).kind).toBe("png");
    await expect(sniffUpload(png, ["pdf"])).rejects.toMatchObject({ status: 400, code: "file_type" });
    const csv = Buffer.from("ma,ten,gia_tri\n01,Xã A,12\n");
    expect((await sniffUpload(csv, ["csv"])).kind).toBe("csv");
    await expect(
      sniffUpload(Buffer.from("<html><script>x</script></html>"), ["csv", "txt"]),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      sniffUpload(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0]), ["csv"]),
    ).rejects.toMatchObject({ status: 400 });
    const pdf = Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\n");
    expect((await sniffUpload(pdf, ["pdf"])).mime).toBe("application/pdf");
    expect((await sniffUpload(Buffer.from('{"a":1}'), ["json", "csv"])).kind).toBe("json");
    await expect(sniffUpload(Buffer.alloc(0), ["csv"])).rejects.toMatchObject({ status: 400 });
  });
});
