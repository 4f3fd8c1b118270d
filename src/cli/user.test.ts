import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../db/client.ts";
import { openTestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { verifyPassword } from "../server/auth/passwords.ts";
import { createUserFromCli, resetPasswordFromCli } from "./user.ts";

describe.each(testDatabaseKinds())("dxm user on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.cleanup());

  it("creates the first administrator over the nation with a temporary password to change", async () => {
    const r = await createUserFromCli(db.orm, {
      username: "quantri",
      displayName: "Quản trị",
      role: "admin",
    });
    expect(r.temporaryPassword).toMatch(/^.{14}$/);
    const u = await one<{ hash: string; must: boolean; role: string; kind: string }>(
      db.orm,
      sql`select a.password_hash as hash, a.must_change_password as must, ra.role, u.kind
        from app_user a join role_assignment ra on ra.user_id = a.id join org_unit u on u.id = ra.unit_id
        where a.username = 'quantri'`,
    );
    expect(u).toMatchObject({ must: true, role: "admin", kind: "nation" });
    expect(u?.hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(u!.hash, r.temporaryPassword!)).toBe(true);
    await expect(
      createUserFromCli(db.orm, { username: "QuanTri", displayName: "x", role: "admin" }),
    ).rejects.toThrow(/already exists/);
    await expect(
      createUserFromCli(db.orm, {
        username: "other",
        displayName: "x",
        role: "admin",
        password: "12345678901",
      }),
    ).rejects.toThrow(/common|breached/);
    const chosen = await createUserFromCli(db.orm, {
      username: "second",
      displayName: "Người thứ hai",
      role: "admin",
      password: "Song-Hong-Chay-93",
    });
    expect(chosen.temporaryPassword).toBeUndefined();
  });

  it("resets a password from the console, audited", async () => {
    const temp = await resetPasswordFromCli(db.orm, "second");
    const u = await one<{ hash: string; must: boolean }>(
      db.orm,
      sql`select password_hash as hash, must_change_password as must from app_user where username = 'second'`,
    );
    expect(u?.must).toBe(true);
    expect(await verifyPassword(u!.hash, temp)).toBe(true);
    const events = await rows<{ event: string }>(
      db.orm,
      sql`select event from access_log where actor = 'cli' order by id`,
    );
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(["user_create", "role_grant", "password_reset"]),
    );
    await expect(db.orm.execute(sql`delete from access_log`)).rejects.toThrow();
  });
});
