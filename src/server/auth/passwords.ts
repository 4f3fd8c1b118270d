import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { foldVietnamese } from "../../core/text.ts";

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest password accepted (argon2 would take anything; a cap stops abuse). */
export const MAX_PASSWORD_LENGTH = 200;

/** Hashes with argon2id (the library default; the PHC string starts with $argon2id$). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Checks a password against a stored hash; false for a missing or malformed hash. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work as a real check, so an unknown username cannot be told apart by timing.
    await verify(await dummyHash(), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash("not-a-real-password-dxm");
  return dummy;
}

/**
 * Common and breached passwords and fragments (lower case, no tone marks): a password containing one
 * of them as most of its length is refused. Short on purpose — it catches what attackers try first.
 */
const BREACHED = [
  "123456",
  "1234567",
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "987654321",
  "111111",
  "000000",
  "123123",
  "654321",
  "121212",
  "112233",
  "password",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "matkhau",
  "mat khau",
  "admin",
  "administrator",
  "qwerty",
  "qwertyuiop",
  "asdfgh",
  "asdfghjkl",
  "zxcvbn",
  "abc123",
  "abcd1234",
  "iloveyou",
  "letmein",
  "welcome",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "sunshine",
  "princess",
  "trustno1",
  "superman",
  "changeme",
  "default",
  "secret",
  "anhyeuem",
  "emyeuanh",
  "yeuem",
  "vietnam",
  "hanoi",
  "saigon",
  "hochiminh",
  "chuyendoiso",
  "dxmonitor",
  "giamsat",
  "1q2w3e4r",
  "1qaz2wsx",
  "qazwsx",
  "zaq12wsx",
  "aa123456",
  "a123456",
];

/** Why a password was refused, in both languages. */
export interface TPasswordProblem {
  code: "too_short" | "too_long" | "common" | "pattern" | "personal";
  message: string;
  messageEn: string;
}

function squash(text: string): string {
  return foldVietnamese(text).replace(/[^a-z0-9]/g, "");
}

function isSequence(s: string): boolean {
  if (s.length < 4) return false;
  const codes = [...s].map((c) => c.charCodeAt(0));
  const steps = new Set(codes.slice(1).map((c, i) => c - codes[i]));
  return steps.size === 1 && [...steps].every((d) => Math.abs(d) <= 1);
}

/**
 * Checks a new password: length, breached list, repeated or sequential characters, and the person's
 * own username, name or e-mail. Returns undefined when acceptable.
 */
export function checkPassword(options: {
  password: string;
  username?: string;
  displayName?: string;
  email?: string | null;
}): TPasswordProblem | undefined {
  const pw = options.password;
  if ([...pw].length < MIN_PASSWORD_LENGTH) {
    return {
      code: "too_short",
      message: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`,
      messageEn: `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  }
  if (pw.length > MAX_PASSWORD_LENGTH) {
    return {
      code: "too_long",
      message: `Mật khẩu không được dài quá ${MAX_PASSWORD_LENGTH} ký tự`,
      messageEn: `The password must not exceed ${MAX_PASSWORD_LENGTH} characters`,
    };
  }
  const flat = squash(pw);
  // What is left once the known fragments are removed must still be a real password.
  let rest = flat;
  for (const word of BREACHED.map(squash).sort((a, b) => b.length - a.length))
    rest = rest.split(word).join("");
  // A known word plus a number or a year ("password2026") is what attackers try first.
  if (rest.length < 4 || (rest !== flat && /^\d+$/.test(rest))) {
    return {
      code: "common",
      message: "Mật khẩu quá phổ biến hoặc đã bị lộ, hãy chọn mật khẩu khác",
      messageEn: "This password is too common or known to be breached; choose another",
    };
  }
  if (new Set(flat).size <= 3 || isSequence(flat) || /^(.{1,3})\1+$/.test(flat)) {
    return {
      code: "pattern",
      message: "Mật khẩu có quy luật quá dễ đoán (lặp lại, dãy liên tiếp)",
      messageEn: "The password follows an easy pattern (repeats or a sequence)",
    };
  }
  const personal = [
    options.username,
    ...(options.displayName ?? "").split(/\s+/),
    (options.email ?? "").split("@")[0],
    options.email ?? "",
  ]
    .map((p) => squash(p ?? ""))
    .filter((p) => p.length >= 3);
  if (personal.some((p) => flat.includes(p))) {
    return {
      code: "personal",
      message: "Mật khẩu không được chứa tên đăng nhập, họ tên hoặc địa chỉ thư",
      messageEn: "The password must not contain your username, name or e-mail",
    };
  }
  return undefined;
}

/** A random temporary password (for accounts the secretariat creates or resets), 14 characters. */
export function temporaryPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  let out = "";
  for (let i = 0; i < 12; i++) out += alphabet[randomInt(alphabet.length)];
  return `${out.slice(0, 6)}-${out.slice(6)}!`;
}
