/** Unit management from the designer: departments (agency units) under a province. */
import { sql } from "drizzle-orm";
import { foldVietnamese } from "../../core/text.ts";
import { type Db, one, type TActor, withActor } from "../client.ts";
import { DesignerError } from "./errors.ts";

/** A department to create under a province. */
export interface TDepartmentInput {
  provinceId: number;
  code: string;
  name: string;
  nameEn?: string | null;
  fullName?: string | null;
}

/** Creates a department (agency) under a province, valid from the province's own start; returns its id. */
export function createDepartment(options: { db: Db; who: TActor; input: TDepartmentInput }): Promise<number> {
  const { input } = options;
  return withActor(options.db, options.who, async (tx) => {
    const province = await one<{ id: number; path: string; validFrom: string; isDemo: boolean }>(
      tx,
      sql`select id, path, valid_from::text as "validFrom", is_demo as "isDemo" from org_unit
        where id = ${input.provinceId} and kind = 'province'`,
    );
    if (!province)
      throw new DesignerError({
        kind: "invalid",
        field: "provinceId",
        message: "Đơn vị cấp trên phải là một tỉnh/thành phố",
        messageEn: "The parent must be a province",
      });
    const clash = await one<{ id: number }>(
      tx,
      sql`select id from org_unit where kind = 'agency' and code = ${input.code} and valid_to is null`,
    );
    if (clash)
      throw new DesignerError({
        kind: "duplicate",
        field: "code",
        message: `Mã đơn vị "${input.code}" đã được dùng`,
        messageEn: `Unit code "${input.code}" is already used`,
      });
    const sameName = await one<{ id: number }>(
      tx,
      sql`select id from org_unit where kind = 'agency' and parent_id = ${province.id} and valid_to is null
        and lower(name) = lower(${input.name})`,
    );
    if (sameName)
      throw new DesignerError({
        kind: "duplicate",
        field: "name",
        message: `Tỉnh đã có cơ quan "${input.name}"`,
        messageEn: `The province already has a department "${input.name}"`,
      });
    const r = await one<{ id: number }>(
      tx,
      sql`insert into org_unit (code, kind, level, name, name_en, full_name, unit_type, parent_id, province_id,
          valid_from, is_demo, search_text, source)
        values (${input.code}, 'agency', 2, ${input.name}, ${input.nameEn ?? null}, ${input.fullName ?? input.name},
          'Sở, ban, ngành', ${province.id}, ${province.id}, ${province.validFrom}, ${province.isDemo},
          ${foldVietnamese(`${input.fullName ?? input.name} ${input.code} ${input.nameEn ?? ""}`)}, 'designer')
        returning id`,
    );
    const id = r!.id;
    await tx.execute(sql`update org_unit set path = ${province.path} || id || '/' where id = ${id}`);
    return id;
  });
}
