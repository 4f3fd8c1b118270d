import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { rows } from "../../db/client.ts";
import { badRequest } from "../errors.ts";
import type { TPermission } from "./permissions.ts";
import { forbidden } from "./plugin.ts";

/**
 * The unit a list route should filter on. With a unit asked for: checks it is in scope and returns it.
 * Without: undefined when the caller's scope is the whole tree (a grant at the root), the single unit
 * of their scope when they hold one, and 400 asking for the unit when they hold several.
 */
export async function scopedUnit(options: {
  request: FastifyRequest;
  unitId: number | undefined;
  field: string;
  permission?: TPermission;
}): Promise<number | undefined> {
  const { request } = options;
  const permission = options.permission ?? request.routeOptions.config?.permission ?? "public";
  if (options.unitId !== undefined) {
    await request.requireUnit(options.unitId, permission);
    return options.unitId;
  }
  if (permission === "public") return undefined;
  const grants = request.auth.grants.filter((g) => g.permissions.includes(permission));
  if (grants.some((g) => g.path.split("/").filter(Boolean).length <= 1)) return undefined;
  const units = [...new Set(grants.map((g) => g.unitId))];
  if (units.length === 1) return units[0];
  if (units.length === 0) throw forbidden();
  throw badRequest({
    field: options.field,
    code: "unit_required",
    message: "Hãy chọn đơn vị (bạn được giao nhiều phạm vi)",
    messageEn: "Choose a unit (you hold several scopes)",
  });
}

/**
 * API keys may be limited to some indicator codes: throws 403 unless every indicator (by code) is
 * allowed. People and unrestricted keys pass.
 */
export function requireIndicatorCodes(request: FastifyRequest, codes: readonly string[]): void {
  const allowed = request.auth.indicatorCodes;
  if (!allowed) return;
  const refused = codes.filter((c) => !allowed.includes(c));
  if (refused.length > 0) {
    throw forbidden("indicator_out_of_scope", {
      vi: `Khóa API không được dùng cho chỉ số: ${refused.slice(0, 5).join(", ")}`,
      en: `This API key may not touch indicator(s): ${refused.slice(0, 5).join(", ")}`,
    });
  }
}

/** Like {@link requireIndicatorCodes}, for indicator ids (looked up). */
export async function requireIndicatorIds(request: FastifyRequest, ids: readonly number[]): Promise<void> {
  if (!request.auth.indicatorCodes) return;
  if (ids.length === 0) {
    throw badRequest({
      field: "indicatorId",
      code: "indicator_required",
      message: "Khóa API này chỉ dùng cho một số chỉ số: hãy chọn chỉ số",
      messageEn: "This API key is limited to some indicators: name the indicator",
    });
  }
  const found = await rows<{ code: string }>(
    request.server.database.orm,
    sql`select code from indicator where id in ${[...ids]}`,
  );
  requireIndicatorCodes(request, found.length === ids.length ? found.map((r) => r.code) : ["?"]);
}
