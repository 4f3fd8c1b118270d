/**
 * Importing a plan's annex: preview (targets parsed with the mapping the user confirmed, pillars from
 * section rows, responsible bodies matched to the province's departments) and create (all or nothing).
 */
import { sql } from "drizzle-orm";
import { fieldYear } from "../../core/annex/mapping.ts";
import { parseAnnex } from "../../core/annex/parse.ts";
import { foldVietnamese } from "../../core/text.ts";
import type { TAnnexImportInput, TAnnexPreview, TAnnexPreviewInput } from "../../server/plans/schemas.ts";
import { type Db, rows, type TActor } from "../client.ts";
import { buildPlan, type TNewTarget } from "./build.ts";
import { DesignerError } from "./errors.ts";
import { provinceOf } from "./plans.ts";

function matchUnit(
  units: Array<{ id: number; name: string; folded: string }>,
  text: string,
): { id: number; name: string } | null {
  // The first body named is the lead one ("Sở TT&TT; các sở, ngành" → "Sở TT&TT").
  const lead = foldVietnamese(text.split(/[;,\n]| và các | chủ trì/)[0] ?? text);
  if (!lead) return null;
  const exact = units.find((u) => u.folded === lead);
  if (exact) return exact;
  const partial = units.filter((u) => u.folded.includes(lead) || lead.includes(u.folded));
  return partial.length === 1 ? partial[0] : null;
}

/** Parses the annex with the confirmed mapping and resolves codes, indicators and responsible units. */
export async function previewAnnex(db: Db, input: TAnnexPreviewInput): Promise<TAnnexPreview> {
  const parsed = parseAnnex({
    rows: input.rows,
    rowNumbers: input.rowNumbers,
    bodyStart: input.bodyStart,
    mapping: input.mapping,
    defaultPillar: input.defaultPillar ?? null,
  });
  const provinceId = await provinceOf(db, input.ownerUnitId);
  const units = (
    await rows<{ id: number; name: string }>(
      db,
      sql`select id, name from org_unit where kind = 'agency' and valid_to is null
        and (province_id = ${provinceId ?? -1} or parent_id = ${input.ownerUnitId})`,
    )
  ).map((u) => ({ ...u, folded: foldVietnamese(u.name) }));
  const codes = parsed.targets.map((t) => t.code).filter((c): c is string => !!c);
  const indicators = new Map(
    (
      await rows<{ id: number; code: string }>(
        db,
        sql`select id, code from indicator where status = 'active' and code = any(${`{${codes.map((c) => `"${c.replace(/"/g, "")}"`).join(",")}}`}::text[])`,
      )
    ).map((i) => [i.code, i.id]),
  );
  const perPillar = new Map<string, number>();
  const warnings = [...parsed.warnings];
  const targets = parsed.targets.map((t) => {
    const pillar = t.pillarCode ?? "X";
    const n = (perPillar.get(pillar) ?? 0) + 1;
    perPillar.set(pillar, n);
    const unit = t.responsible ? matchUnit(units, t.responsible) : null;
    if (t.responsible && !unit)
      warnings.push({
        row: t.row,
        field: "responsible",
        message: `Dòng ${t.row}: không tìm thấy cơ quan "${t.responsible}" trong danh sách sở, ngành; giữ nguyên tên`,
        messageEn: `Row ${t.row}: no department matches "${t.responsible}"; the name is kept as text`,
      });
    return {
      ...t,
      code: t.code ?? `${pillar}${String(n).padStart(2, "0")}`,
      responsibleUnitId: unit?.id ?? null,
      responsibleUnitName: unit?.name ?? null,
      indicatorId: t.code ? (indicators.get(t.code) ?? null) : null,
    };
  });
  const years = [...new Set(input.mapping.map(fieldYear).filter((y): y is number => y !== null))].sort();
  return { targets, sections: parsed.sections, errors: parsed.errors, warnings, years };
}

/**
 * Creates the plan from the annex. Refused (400, nothing written) while the preview has errors; the
 * errors come back per row.
 */
export async function importAnnex(options: {
  db: Db;
  who: TActor;
  input: TAnnexImportInput;
}): Promise<{ planId: number; targets: number; indicatorsCreated: number }> {
  const { input } = options;
  const preview = await previewAnnex(options.db, input);
  if (preview.errors.length > 0)
    throw new DesignerError({
      kind: "invalid",
      field: "rows",
      message: `Phụ lục có ${preview.errors.length} lỗi, chưa tạo kế hoạch. ${preview.errors[0].message}`,
      messageEn: `The annex has ${preview.errors.length} error(s); no plan was created. ${preview.errors[0].messageEn}`,
      details: { errors: preview.errors },
    });
  const targets: TNewTarget[] = preview.targets.map((t) => ({
    code: t.code,
    name: t.name,
    pillarCode: t.pillarCode as string,
    group: t.group,
    unit: t.unit,
    kind: t.kind as TNewTarget["kind"],
    direction: t.direction,
    values: t.values,
    benchmark: t.benchmark,
    responsibleUnitId: t.responsibleUnitId,
    responsibleText: t.responsibleUnitId ? null : t.responsible,
    appliesTo: input.appliesTo,
    source:
      [input.plan.legalNumber, t.stt ? `STT ${t.stt}` : null, t.note].filter(Boolean).join(" — ") || null,
    indicatorId: t.indicatorId,
  }));
  const built = await buildPlan({
    db: options.db,
    who: { ...options.who, reason: options.who.reason ?? "nhập phụ lục kế hoạch" },
    plan: input.plan,
    targets,
  });
  return { ...built, targets: targets.length };
}
