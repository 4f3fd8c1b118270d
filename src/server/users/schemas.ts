import { z } from "zod";
import { API_KEY_PERMISSIONS, ROLE_NAMES } from "../auth/permissions.ts";

// Plain one-line text: no control characters (a name is never markup or a multi-line blob).
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(
      (v) => ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || c === "<" || c === ">"),
      {
        message: "no control characters or < >",
      },
    );

/** A username: letters, digits, dot, dash, underscore. */
export const ZUsername = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, "a-z, 0-9, . _ -");

/** A role assignment as the API shows it. */
export const ZRoleAssignment = z.object({
  id: z.number().int(),
  role: z.string(),
  unitId: z.number().int(),
  unitName: z.string().nullable(),
});

/** A user as the administration API shows it (never the password hash). */
export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  status: z.string(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  roles: z.array(ZRoleAssignment),
});
/** User type. */
export type TUser = z.infer<typeof ZUser>;

const ZRoleInput = z.strictObject({
  role: z.enum(ROLE_NAMES),
  unitId: z.number().int().positive().max(2_147_483_647),
});

/** New account (the secretariat creates it; a temporary password is returned once). */
export const ZUserCreate = z.strictObject({
  username: ZUsername,
  displayName: line(200),
  email: z.email().max(200).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{6,20}$/, "phone number")
    .optional(),
  unitId: z.number().int().positive().max(2_147_483_647),
  roles: z.array(ZRoleInput).max(20).default([]),
});
/** New account type. */
export type TUserCreate = z.infer<typeof ZUserCreate>;

/** Account changes. */
export const ZUserUpdate = z.strictObject({
  displayName: line(200).optional(),
  email: z.email().max(200).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{6,20}$/, "phone number")
    .nullable()
    .optional(),
  unitId: z.number().int().positive().max(2_147_483_647).optional(),
  status: z.enum(["active", "disabled"]).optional(),
});
/** Account changes type. */
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

/** A role to grant. */
export const ZRoleGrant = ZRoleInput;

/** A temporary password, shown once. */
export const ZTemporaryPassword = z.object({ user: ZUser, temporaryPassword: z.string() });

/** An API key as listed (never the secret). */
export const ZApiKey = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  unitId: z.number().int(),
  unitName: z.string().nullable(),
  indicatorCodes: z.array(z.string()).nullable(),
  permissions: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
/** API key type. */
export type TApiKey = z.infer<typeof ZApiKey>;

/** New API key: a unit, the indicator codes it may touch (null = all) and a few permissions. */
export const ZApiKeyCreate = z.strictObject({
  name: line(200),
  unitId: z.number().int().positive().max(2_147_483_647),
  permissions: z
    .array(z.enum(API_KEY_PERMISSIONS as unknown as [string, ...string[]]))
    .min(1)
    .max(10),
  indicatorCodes: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9._-]+$/),
    )
    .max(500)
    .nullable()
    .default(null),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
/** New API key type. */
export type TApiKeyCreate = z.infer<typeof ZApiKeyCreate>;

/** The created key with its secret, shown once. */
export const ZApiKeyCreated = z.object({ key: ZApiKey, secret: z.string() });
