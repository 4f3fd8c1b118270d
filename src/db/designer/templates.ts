/** Copying a shipped template (national programme targets) into a province's own draft plan. */

import type { TTemplateCopyInput } from "../../server/templates/schemas.ts";
import type { Db, TActor } from "../client.ts";
import { findTemplate } from "../templates/index.ts";
import { buildPlan } from "./build.ts";
import { DesignerError } from "./errors.ts";

/** Creates a draft plan from a template; the province then adjusts values, units and groups. */
export async function copyTemplate(options: {
  db: Db;
  who: TActor;
  templateCode: string;
  input: TTemplateCopyInput;
}): Promise<{ planId: number; targets: number }> {
  const tpl = findTemplate(options.templateCode);
  if (!tpl)
    throw new DesignerError({
      kind: "not_found",
      field: "code",
      message: "Không tìm thấy mẫu kế hoạch",
      messageEn: "Template not found",
    });
  const { input } = options;
  const chosen = tpl.targets.filter((t) => !input.targetCodes || input.targetCodes.includes(t.code));
  if (chosen.length === 0)
    throw new DesignerError({
      kind: "invalid",
      field: "targetCodes",
      message: "Chưa chọn mục tiêu nào của mẫu",
      messageEn: "No template target was chosen",
    });
  const built = await buildPlan({
    db: options.db,
    who: { ...options.who, reason: options.who.reason ?? `sao chép mẫu ${tpl.legalNumber}` },
    plan: {
      code: input.code,
      name: input.name ?? tpl.name,
      nameEn: tpl.nameEn,
      ownerUnitId: input.ownerUnitId,
      legalNumber: tpl.legalNumber,
      legalIssuer: tpl.legalIssuer,
      legalDate: tpl.legalDate,
      legalSummary: tpl.summary,
      startYear: tpl.startYear,
      endYear: tpl.endYear,
      status: "draft",
    },
    targets: chosen.map((t) => ({
      code: t.code,
      name: t.name,
      nameEn: t.nameEn,
      pillarCode: t.pillar,
      unit: t.unit,
      kind: t.kind,
      direction: t.direction,
      values: Object.entries(t.values)
        .map(([year, value]) => ({ year: Number(year), value: value as string }))
        .filter((v) => !input.years || input.years.includes(v.year)),
      // The national figure is also the benchmark the province is compared with.
      benchmark: t.values[2025] ?? t.values[2030] ?? null,
      benchmarkNote: `Mục tiêu quốc gia (${tpl.legalNumber})`,
      appliesTo: t.appliesTo,
      source: t.note ? `${t.source}. Ghi chú: ${t.note}` : t.source,
    })),
  });
  return { planId: built.planId, targets: chosen.length };
}
