import { sql } from "drizzle-orm";
import { foldVietnamese } from "../core/text.ts";
import { KIND_LEVEL, type TUnitKind, type TUnitListError, type TUnitRecord } from "../core/unit-list.ts";
import { type Db, one, rows, withActor } from "./client.ts";

/** A unit as the API returns it. */
export interface TUnitRow {
  id: number;
  code: string;
  kind: TUnitKind;
  level: number;
  name: string;
  nameEn: string | null;
  fullName: string | null;
  unitType: string | null;
  parentId: number | null;
  provinceId: number | null;
  validFrom: string;
  validTo: string | null;
  isDemo: boolean;
  childCount?: number;
}

const UNIT_COLUMNS = sql`u.id, u.code, u.kind, u.level, u.name, u.name_en as "nameEn", u.full_name as "fullName",
  u.unit_type as "unitType", u.parent_id as "parentId", u.province_id as "provinceId",
  u.valid_from::text as "validFrom", u.valid_to::text as "validTo", u.is_demo as "isDemo"`;

/** Outcome of an import: counts by kind; `errors` is non-empty only when nothing was written. */
export interface TUnitImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  byKind: Partial<Record<TUnitKind, number>>;
  errors: TUnitListError[];
}

/** Error raised when an import is refused; nothing has been written. */
export class UnitImportError extends Error {
  constructor(readonly errors: TUnitListError[]) {
    super(`unit list rejected: ${errors.length} error(s); first: ${errors[0]?.ref}: ${errors[0]?.messageEn}`);
  }
}

/** Makes sure the nation root (code VN) exists and returns its id. */
export async function ensureNation(db: Db): Promise<number> {
  const found = await one<{ id: number }>(
    db,
    sql`select id from org_unit where kind = 'nation' and code = 'VN'`,
  );
  if (found) return found.id;
  const r = await one<{ id: number }>(
    db,
    sql`insert into org_unit (code, kind, level, name, name_en, full_name, search_text, path)
      values ('VN', 'nation', 0, 'Việt Nam', 'Viet Nam', 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam', 'viet nam vn', '/')
      returning id`,
  );
  const id = r!.id;
  await db.execute(sql`update org_unit set path = '/' || id || '/' where id = ${id}`);
  return id;
}

/**
 * Imports unit records in one transaction: upsert by (kind, code, valid_from), parents resolved by
 * code among units valid at the child's start date (in the file or already in the database).
 * Re-running the same list changes nothing. Any unresolved parent rejects the whole list.
 */
export async function importUnits(options: {
  db: Db;
  records: TUnitRecord[];
  actor: string;
  source?: string;
  isDemo?: boolean;
}): Promise<TUnitImportResult> {
  const { db, records } = options;
  const importId = `units:${options.source ?? "list"}:${new Date().toISOString()}`;
  return withActor(db, { actor: options.actor, bulkImportId: importId }, async (tx) => {
    await ensureNation(tx);
    const result: TUnitImportResult = { inserted: 0, updated: 0, unchanged: 0, byKind: {}, errors: [] };
    const kinds = [...new Set(records.map((r) => r.kind))].sort((a, b) => KIND_LEVEL[a] - KIND_LEVEL[b]);
    for (const kind of kinds) {
      const batch = records.filter((r) => r.kind === kind);
      for (let i = 0; i < batch.length; i += 5000) {
        const part = batch.slice(i, i + 5000);
        const payload = JSON.stringify(
          part.map((r) => ({
            code: r.code,
            kind: r.kind,
            level: KIND_LEVEL[r.kind],
            name: r.name,
            name_en: r.nameEn ?? null,
            full_name: r.fullName ?? null,
            full_name_en: r.fullNameEn ?? null,
            unit_type: r.unitType ?? null,
            parent_code: r.parentCode ?? null,
            parent_kind: r.parentKind ?? null,
            valid_from: r.validFrom,
            valid_to: r.validTo ?? null,
            search_text: foldVietnamese(`${r.fullName ?? r.name} ${r.code} ${r.nameEn ?? ""}`),
            ref: r.ref,
          })),
        );
        const missing = await rows<{ ref: string; parent_code: string }>(
          tx,
          sql`select r.ref, r.parent_code from jsonb_to_recordset(${payload}::jsonb)
              as r(ref text, parent_code text, parent_kind text, valid_from date)
            where r.parent_code is not null and not exists (
              select 1 from org_unit p where p.code = r.parent_code
                and (r.parent_kind is null or p.kind = r.parent_kind)
                and p.valid_from <= r.valid_from and (p.valid_to is null or p.valid_to > r.valid_from))
            limit 20`,
        );
        if (missing.length > 0) {
          throw new UnitImportError(
            missing.map((m) => ({
              ref: m.ref,
              message: `parent_code: không tìm thấy đơn vị cấp trên ${m.parent_code} còn hiệu lực`,
              messageEn: `parent_code: no parent unit ${m.parent_code} valid at that date`,
            })),
          );
        }
        const changed = await rows<{ inserted: boolean }>(
          tx,
          sql`insert into org_unit as u (code, kind, level, name, name_en, full_name, full_name_en, unit_type,
              parent_id, province_id, valid_from, valid_to, search_text, source, is_demo)
            select r.code, r.kind, r.level, r.name, r.name_en, r.full_name, r.full_name_en, r.unit_type,
              p.id, case when p.kind = 'province' then p.id else p.province_id end,
              r.valid_from, r.valid_to, r.search_text, ${options.source ?? null}, ${options.isDemo ?? false}
            from jsonb_to_recordset(${payload}::jsonb) as r(code text, kind text, level smallint, name text,
              name_en text, full_name text, full_name_en text, unit_type text, parent_code text, parent_kind text,
              valid_from date, valid_to date, search_text text)
            left join lateral (
              select p.id, p.kind, p.province_id from org_unit p where p.code = r.parent_code
                and (r.parent_kind is null or p.kind = r.parent_kind)
                and p.valid_from <= r.valid_from and (p.valid_to is null or p.valid_to > r.valid_from)
              order by p.valid_from desc limit 1) p on true
            on conflict (kind, code, valid_from) do update set
              name = excluded.name, name_en = excluded.name_en, full_name = excluded.full_name,
              full_name_en = excluded.full_name_en, unit_type = excluded.unit_type, parent_id = excluded.parent_id,
              province_id = case when excluded.kind = 'province' then u.province_id else excluded.province_id end,
              valid_to = excluded.valid_to, search_text = excluded.search_text,
              updated_at = now()
            where (u.name, u.name_en, u.full_name, u.full_name_en, u.unit_type, u.parent_id, u.province_id,
                u.valid_to, u.search_text)
              is distinct from (excluded.name, excluded.name_en, excluded.full_name, excluded.full_name_en,
                excluded.unit_type, excluded.parent_id,
                case when excluded.kind = 'province' then u.province_id else excluded.province_id end,
                excluded.valid_to, excluded.search_text)
            returning (xmax = 0) as inserted`,
        );
        const ins = changed.filter((c) => c.inserted).length;
        result.inserted += ins;
        result.updated += changed.length - ins;
        result.unchanged += part.length - changed.length;
        result.byKind[kind] = (result.byKind[kind] ?? 0) + part.length;
      }
      if (kind === "province")
        await tx.execute(
          sql`update org_unit set province_id = id where kind = 'province' and province_id is null`,
        );
    }
    await refreshPaths(tx);
    return result;
  });
}

/** Recomputes materialised paths ('/1/15/2680/') level by level where they are stale. */
export async function refreshPaths(db: Db): Promise<void> {
  for (let level = 0; level <= 4; level++) {
    await db.execute(sql`update org_unit c set path = coalesce(p.path, '/') || c.id || '/'
      from org_unit c2 left join org_unit p on p.id = c2.parent_id
      where c2.id = c.id and c.level = ${level} and c.path is distinct from coalesce(p.path, '/') || c.id || '/'`);
  }
}

/** Filters for unit lists. */
export interface TUnitQuery {
  parentId?: number;
  kind?: TUnitKind;
  q?: string;
  /** Units valid on this date (default: today). "all" lists every era. */
  at?: string | "all";
  limit: number;
  offset: number;
}

/** Lists units with filters and pagination; returns the page and the total. */
export async function listUnits(db: Db, query: TUnitQuery): Promise<{ items: TUnitRow[]; total: number }> {
  const conds = [sql`true`];
  if (query.parentId !== undefined) conds.push(sql`u.parent_id = ${query.parentId}`);
  if (query.kind) conds.push(sql`u.kind = ${query.kind}`);
  if (query.q) conds.push(sql`u.search_text like ${`%${foldVietnamese(query.q)}%`}`);
  if (query.at !== "all") {
    const at = query.at ?? new Date().toISOString().slice(0, 10);
    conds.push(sql`u.valid_from <= ${at}::date and (u.valid_to is null or u.valid_to > ${at}::date)`);
  }
  const where = sql.join(conds, sql` and `);
  const items = await rows<TUnitRow>(
    db,
    sql`select ${UNIT_COLUMNS},
        (select count(*) from org_unit c where c.parent_id = u.id)::int as "childCount"
      from org_unit u where ${where}
      order by u.level, u.code limit ${query.limit} offset ${query.offset}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n from org_unit u where ${where}`);
  return { items, total: total?.n ?? 0 };
}

/** One unit by id, with its ancestors (root first). */
export async function getUnit(
  db: Db,
  id: number,
): Promise<(TUnitRow & { ancestors: TUnitRow[] }) | undefined> {
  const unit = await one<TUnitRow & { path: string }>(
    db,
    sql`select ${UNIT_COLUMNS}, u.path from org_unit u where u.id = ${id}`,
  );
  if (!unit) return undefined;
  const ids = unit.path
    .split("/")
    .filter(Boolean)
    .map(Number)
    .filter((x) => x !== id);
  const ancestors =
    ids.length === 0
      ? []
      : await rows<TUnitRow>(
          db,
          sql`select ${UNIT_COLUMNS} from org_unit u where u.id in ${ids} order by u.level`,
        );
  const { path: _path, ...rest } = unit;
  return { ...rest, ancestors };
}

/** Counts of units by kind, for the health page and the import summary. */
export async function countUnits(db: Db): Promise<Record<string, number>> {
  const r = await rows<{ kind: string; n: number }>(
    db,
    sql`select kind, count(*)::int as n from org_unit group by kind`,
  );
  return Object.fromEntries(r.map((x) => [x.kind, x.n]));
}
