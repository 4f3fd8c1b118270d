import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "./passwords.ts";

/** Login form. `username` also accepts the e-mail address. */
export const ZLoginBody = z.strictObject({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
/** Login form type. */
export type TLoginBody = z.infer<typeof ZLoginBody>;

/** One role the signed-in person holds, with its unit and what it allows. */
export const ZMeRole = z.object({
  role: z.string(),
  unitId: z.number().int(),
  unitName: z.string().nullable(),
  permissions: z.array(z.string()),
});

/** The signed-in person: account, roles with scope, permissions, and the CSRF token for writes. */
export const ZMe = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
    mustChangePassword: z.boolean(),
  }),
  roles: z.array(ZMeRole),
  /** Union of the permissions of every role (what the menu may show; the scope still applies). */
  permissions: z.array(z.string()),
  /** Send as the x-csrf-token header on every POST/PUT/PATCH/DELETE. */
  csrfToken: z.string(),
});
/** The signed-in person type. */
export type TMe = z.infer<typeof ZMe>;

/** Password change by its owner. */
export const ZPasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
/** Password change type. */
export type TPasswordChange = z.infer<typeof ZPasswordChange>;

/** A plain acknowledgement. */
export const ZOk = z.object({ ok: z.literal(true), count: z.number().int().optional() });
