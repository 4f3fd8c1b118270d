import type { Command } from "commander";
import { sql } from "drizzle-orm";
import { recordAccess, revokeUserSessions, setPasswordHash } from "../db/auth.ts";
import { type Db, one, withActor } from "../db/client.ts";
import { ensureNation } from "../db/units.ts";
import { checkPassword, hashPassword, temporaryPassword } from "../server/auth/passwords.ts";
import { ROLE_NAMES, type TRoleName } from "../server/auth/permissions.ts";
import { CliError, withDatabase } from "./context.ts";

/** Options of {@link createUserFromCli}. */
export interface TCliUserOptions {
  username: string;
  displayName: string;
  email?: string;
  role: TRoleName;
  /** Unit id or code; default the nation (an administrator's scope). */
  unit?: string;
  /** A chosen password (checked against the rules); without it a temporary one is generated. */
  password?: string;
}

async function resolveUnit(db: Db, unit: string | undefined): Promise<number> {
  if (!unit) return ensureNation(db);
  const r = await one<{ id: number }>(
    db,
    sql`select id from org_unit where (${/^\d+$/.test(unit)} and id = ${/^\d+$/.test(unit) ? Number(unit) : -1})
      or code = ${unit} order by (valid_to is null) desc, level limit 1`,
  );
  if (!r) throw new CliError(`Không tìm thấy đơn vị ${unit}`, `unit ${unit} not found`);
  return r.id;
}

/**
 * Creates an account with one role over a unit (the first administrator: `--role admin`, nation scope).
 * Returns the password to hand over when it was generated (the account must change it at first login).
 */
export async function createUserFromCli(
  db: Db,
  o: TCliUserOptions,
): Promise<{ id: number; temporaryPassword?: string }> {
  if (!/^[a-zA-Z0-9._-]{3,64}$/.test(o.username)) {
    throw new CliError(
      "Tên đăng nhập chỉ gồm a-z, 0-9, . _ - (3–64 ký tự)",
      "username: a-z, 0-9, . _ - (3-64 chars)",
    );
  }
  if (!ROLE_NAMES.includes(o.role))
    throw new CliError(`Vai trò không hợp lệ: ${o.role}`, `unknown role ${o.role}`);
  if (o.password !== undefined) {
    const problem = checkPassword({
      password: o.password,
      username: o.username,
      displayName: o.displayName,
      email: o.email,
    });
    if (problem) throw new CliError(problem.message, problem.messageEn);
  }
  const unitId = await resolveUnit(db, o.unit);
  const password = o.password ?? temporaryPassword();
  const passwordHash = await hashPassword(password);
  const id = await withActor(db, { actor: "cli", reason: "tạo tài khoản (dòng lệnh)" }, async (tx) => {
    const exists = await one<{ id: number }>(
      tx,
      sql`select id from app_user where lower(username) = lower(${o.username})`,
    );
    if (exists) throw new CliError(`Tài khoản ${o.username} đã tồn tại`, `user ${o.username} already exists`);
    const row = await one<{ id: number }>(
      tx,
      sql`insert into app_user (username, display_name, email, unit_id, password_hash, must_change_password, password_changed_at)
        values (${o.username}, ${o.displayName}, ${o.email ?? null}, ${unitId}, ${passwordHash}, ${o.password === undefined}, now())
        returning id`,
    );
    await tx.execute(
      sql`insert into role_assignment (user_id, role, unit_id) values (${row!.id}, ${o.role}, ${unitId})`,
    );
    return row!.id;
  });
  await recordAccess(db, {
    event: "user_create",
    actor: "cli",
    targetUserId: id,
    unitId,
    detail: { username: o.username },
  });
  await recordAccess(db, {
    event: "role_grant",
    actor: "cli",
    targetUserId: id,
    unitId,
    detail: { role: o.role },
  });
  return { id, temporaryPassword: o.password === undefined ? password : undefined };
}

/** Sets a temporary password (to change at next login), unlocks the account and ends its sessions. */
export async function resetPasswordFromCli(db: Db, username: string): Promise<string> {
  const user = await one<{ id: number; unitId: number | null }>(
    db,
    sql`select id, unit_id as "unitId" from app_user where lower(username) = lower(${username})`,
  );
  if (!user) throw new CliError(`Không có tài khoản ${username}`, `no user ${username}`);
  const password = temporaryPassword();
  await setPasswordHash(db, {
    userId: user.id,
    passwordHash: await hashPassword(password),
    mustChange: true,
    actor: "cli",
    reason: "đặt lại mật khẩu (dòng lệnh)",
  });
  await revokeUserSessions(db, user.id);
  await recordAccess(db, {
    event: "password_reset",
    actor: "cli",
    targetUserId: user.id,
    unitId: user.unitId,
  });
  return password;
}

/** `dxm user create` (the first administrator) and `dxm user reset-password`. */
export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("Tài khoản / user accounts");
  user
    .command("create")
    .description("Tạo tài khoản, ví dụ quản trị đầu tiên / create an account, e.g. the first administrator")
    .requiredOption("--username <name>", "tên đăng nhập / username")
    .requiredOption("--name <display>", "họ tên / display name")
    .option("--email <email>", "thư điện tử / e-mail")
    .option("--role <role>", `vai trò / role (${ROLE_NAMES.join(", ")})`, "admin")
    .option("--unit <id|code>", "đơn vị phạm vi / scope unit (mặc định: cả nước / default: the nation)")
    .option(
      "--password-env <VAR>",
      "đọc mật khẩu từ biến môi trường / read the password from this environment variable (else a temporary one is generated)",
    )
    .action(
      async (opts: {
        username: string;
        name: string;
        email?: string;
        role: string;
        unit?: string;
        passwordEnv?: string;
      }) => {
        const password = opts.passwordEnv ? process.env[opts.passwordEnv] : undefined;
        if (opts.passwordEnv && !password) {
          throw new CliError(
            `Biến môi trường ${opts.passwordEnv} trống`,
            `environment variable ${opts.passwordEnv} is empty`,
          );
        }
        await withDatabase(async (db) => {
          const r = await createUserFromCli(db.orm, {
            username: opts.username,
            displayName: opts.name,
            email: opts.email,
            role: opts.role as TRoleName,
            unit: opts.unit,
            password,
          });
          console.log(`Đã tạo tài khoản ${opts.username} (id ${r.id}, vai trò ${opts.role}).`);
          console.log(`Created ${opts.username} (id ${r.id}, role ${opts.role}).`);
          if (r.temporaryPassword) {
            console.log(
              `Mật khẩu tạm (đổi khi đăng nhập lần đầu) / temporary password (change at first login): ${r.temporaryPassword}`,
            );
          }
        });
      },
    );
  user
    .command("reset-password")
    .argument("<username>")
    .description("Đặt mật khẩu tạm và mở khóa / set a temporary password and unlock")
    .action(async (username: string) => {
      await withDatabase(async (db) => {
        const password = await resetPasswordFromCli(db.orm, username);
        console.log(`Mật khẩu tạm / temporary password: ${password}`);
      });
    });
}
