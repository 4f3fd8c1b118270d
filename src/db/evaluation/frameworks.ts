/**
 * Stored evaluation frameworks: one row per framework version, the tree kept as JSON exactly as the
 * core's `ZFrameworkShape` describes it. Validation lives in the core and the HTTP layer; this module
 * only reads and writes.
 */
import { type SQL, sql } from "drizzle-orm";
import type { TFramework, TRecognitionRule } from "../../core/evaluation/index.ts";
import { type Db, one, rows } from "../client.ts";

/** A stored framework version. */
export interface TFrameworkRow {
  id: number;
  provinceId: number | null;
  ownerUnitId: number;
  code: string;
  version: string;
  name: string;
  nameEn: string | null;
  scope: string;
  status: "draft" | "active" | "retired";
  templateId: string | null;
  definition: TFramework;
  recognitionRule: TRecognitionRule | null;
  rowVersion: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = sql`f.id, f.province_id as "provinceId", f.owner_unit_id as "ownerUnitId", f.code, f.version,
  f.name, f.name_en as "nameEn", f.scope, f.status, f.template_id as "templateId", f.definition,
  f.recognition_rule as "recognitionRule", f.row_version as "rowVersion",
  f.created_at::text as "createdAt", f.updated_at::text as "updatedAt"`;

function select(db: Db, where: SQL): Promise<TFrameworkRow[]> {
  return rows<TFrameworkRow>(
    db,
    sql`select ${COLUMNS} from eval_framework f where ${where} order by f.code, f.version desc, f.id`,
  );
}

/** Lists framework versions, optionally of one owner unit or one code. */
export function listFrameworks(
  db: Db,
  q: { ownerUnitId?: number; code?: string } = {},
): Promise<TFrameworkRow[]> {
  const parts: SQL[] = [sql`true`];
  if (q.ownerUnitId !== undefined) parts.push(sql`f.owner_unit_id = ${q.ownerUnitId}`);
  if (q.code !== undefined) parts.push(sql`f.code = ${q.code}`);
  return select(db, sql.join(parts, sql` and `));
}

/** One framework version by id. */
export async function getFramework(db: Db, id: number): Promise<TFrameworkRow | undefined> {
  return (await select(db, sql`f.id = ${id}`))[0];
}

/** Province of a unit (itself when it is a province), null for the nation. */
export async function provinceOf(db: Db, unitId: number): Promise<number | null> {
  const r = await one<{ provinceId: number | null }>(
    db,
    sql`select coalesce(province_id, case when kind = 'province' then id end) as "provinceId" from org_unit where id = ${unitId}`,
  );
  return r?.provinceId ?? null;
}

/** Inserts a framework version (a draft unless said otherwise); returns its id. */
export async function insertFramework(
  db: Db,
  f: {
    ownerUnitId: number;
    definition: TFramework;
    templateId: string | null;
    recognitionRule: TRecognitionRule | null;
    actor: string;
  },
): Promise<number> {
  const provinceId = await provinceOf(db, f.ownerUnitId);
  const d = f.definition;
  const r = await one<{ id: number }>(
    db,
    sql`insert into eval_framework (province_id, owner_unit_id, code, version, name, name_en, scope, status,
        template_id, definition, recognition_rule, created_by)
      values (${provinceId}, ${f.ownerUnitId}, ${d.code}, ${d.version}, ${d.nameVi}, ${d.nameEn}, ${d.scope},
        ${d.status ?? "draft"}, ${f.templateId}, ${JSON.stringify(d)}::jsonb,
        ${f.recognitionRule ? JSON.stringify(f.recognitionRule) : null}::jsonb, ${f.actor})
      returning id`,
  );
  return r!.id;
}

/**
 * Replaces the definition of a framework (and its code/version/names, which live in it) when the row
 * version matches; returns false on a stale version (someone saved in between).
 */
export async function updateFramework(
  db: Db,
  f: { id: number; rowVersion: number; definition: TFramework },
): Promise<boolean> {
  const d = f.definition;
  const r = await rows<{ id: number }>(
    db,
    sql`update eval_framework set definition = ${JSON.stringify(d)}::jsonb, code = ${d.code}, version = ${d.version},
        name = ${d.nameVi}, name_en = ${d.nameEn}, scope = ${d.scope}, row_version = row_version + 1, updated_at = now()
      where id = ${f.id} and row_version = ${f.rowVersion} returning id`,
  );
  return r.length === 1;
}

/** Sets the status (kept in the column and in the JSON, so an export of the definition says it too). */
export async function setFrameworkStatus(
  db: Db,
  f: { id: number; status: "draft" | "active" | "retired" },
): Promise<void> {
  await db.execute(sql`update eval_framework set status = ${f.status},
      definition = jsonb_set(definition, '{status}', to_jsonb(${f.status}::text)),
      row_version = row_version + 1, updated_at = now() where id = ${f.id}`);
}

/** Replaces the recognition rule (null removes it). */
export async function setRecognitionRule(
  db: Db,
  f: { id: number; rule: TRecognitionRule | null },
): Promise<void> {
  await db.execute(sql`update eval_framework set recognition_rule = ${f.rule ? JSON.stringify(f.rule) : null}::jsonb,
      row_version = row_version + 1, updated_at = now() where id = ${f.id}`);
}
