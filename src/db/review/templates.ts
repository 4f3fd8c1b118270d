/**
 * Report sentence templates per province: the shipped defaults merged with the secretariat's edits
 * (table report_template). An edit is validated against the placeholders its key allows.
 */
import { sql } from "drizzle-orm";
import { DEFAULT_TEMPLATES, templateDefinition, validateTemplate } from "../../core/narrative/index.ts";
import { badRequest } from "../../server/errors.ts";
import { type Db, rows, type TActor, withActor } from "../client.ts";

/** A template as the editor shows it. */
export interface TTemplateRow {
  key: string;
  description: string;
  descriptionEn: string;
  placeholders: string[];
  body: string;
  defaultBody: string;
  edited: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Every template of a province: defaults with the province's edits applied. */
export async function listTemplates(db: Db, provinceId: number): Promise<TTemplateRow[]> {
  const edits = await rows<{ key: string; body: string; updated_by: string; updated_at: string }>(
    db,
    sql`select key, body, updated_by, updated_at::text from report_template where province_id = ${provinceId}`,
  );
  const byKey = new Map(edits.map((e) => [e.key, e]));
  return DEFAULT_TEMPLATES.map((d) => {
    const e = byKey.get(d.key);
    return {
      key: d.key,
      description: d.description,
      descriptionEn: d.descriptionEn,
      placeholders: [...d.placeholders],
      body: e?.body ?? d.vi,
      defaultBody: d.vi,
      edited: Boolean(e),
      updatedBy: e?.updated_by ?? null,
      updatedAt: e?.updated_at ?? null,
    };
  });
}

/** The edited texts by key (what composeReport takes as overrides). */
export async function templateOverrides(db: Db, provinceId: number): Promise<Record<string, string>> {
  const r = await rows<{ key: string; body: string }>(
    db,
    sql`select key, body from report_template where province_id = ${provinceId}`,
  );
  return Object.fromEntries(r.map((x) => [x.key, x.body]));
}

/**
 * Saves a province's text of a template; `body` null restores the default.
 * @throws AppError 400 for an unknown key or a template that uses an unknown placeholder
 */
export async function saveTemplate(
  db: Db,
  options: { actor: TActor; provinceId: number; key: string; body: string | null },
): Promise<void> {
  const def = templateDefinition(options.key);
  if (!def) {
    throw badRequest({
      field: "key",
      message: `Không có mẫu câu "${options.key}"`,
      messageEn: `No template "${options.key}"`,
    });
  }
  if (options.body !== null) {
    const issues = validateTemplate({ text: options.body, allowed: def.placeholders });
    if (issues.length > 0) {
      throw badRequest({
        field: "body",
        code: issues[0].code,
        message: issues.map((i) => i.message).join("; "),
        messageEn: issues.map((i) => i.messageEn).join("; "),
      });
    }
  }
  await withActor(db, options.actor, async (tx) => {
    if (options.body === null) {
      await tx.execute(
        sql`delete from report_template where province_id = ${options.provinceId} and key = ${options.key}`,
      );
    } else {
      await tx.execute(sql`insert into report_template (province_id, key, body, updated_by)
        values (${options.provinceId}, ${options.key}, ${options.body}, ${options.actor.actor})
        on conflict (province_id, key) do update set body = excluded.body, updated_by = excluded.updated_by,
          updated_at = now()`);
    }
  });
}
