import { sql } from "drizzle-orm";
import type { TReorgLink } from "../core/reorg.ts";
import type { TUnitListError } from "../core/unit-list.ts";
import { type Db, rows, withActor } from "./client.ts";
import { UnitImportError } from "./units.ts";

/**
 * Records reorganisation links as org_unit_event rows (kind merge, dated), matching the old code among
 * units valid the day before and the new code among units valid on the day. Idempotent; all-or-nothing:
 * a link whose old or new unit is not in the database rejects the whole file (import both lists first).
 */
export async function importReorgLinks(options: {
  db: Db;
  date: string;
  links: TReorgLink[];
  actor: string;
  legalBasis?: string;
  /** Record the links that resolve and report the rest, instead of rejecting the file. */
  skipUnknown?: boolean;
}): Promise<{ inserted: number; unchanged: number; skipped: TUnitListError[] }> {
  const payload = JSON.stringify(
    options.links.map((l) => ({ ...l, old_kind: l.oldKind, old: l.oldCode, new: l.newCode })),
  );
  return withActor(
    options.db,
    { actor: options.actor, bulkImportId: `reorg:${options.date}` },
    async (tx) => {
      const resolved = await rows<{
        ref: string;
        old: string;
        new: string;
        from_id: number | null;
        to_id: number | null;
        share: string;
      }>(
        tx,
        sql`select r.ref, r.old, r.new, r.share,
          (select o.id from org_unit o where o.kind = r.old_kind and o.code = r.old
            and o.valid_from < ${options.date}::date and (o.valid_to is null or o.valid_to >= ${options.date}::date)
            order by o.valid_from desc limit 1) as from_id,
          (select n.id from org_unit n where n.kind = r.kind and n.code = r.new
            and n.valid_from <= ${options.date}::date and (n.valid_to is null or n.valid_to > ${options.date}::date)
            order by n.valid_from desc limit 1) as to_id
        from jsonb_to_recordset(${payload}::jsonb) as r(ref text, kind text, old_kind text, old text, new text, share text)`,
      );
      const missing = resolved.filter((r) => r.from_id === null || r.to_id === null);
      const errors: TUnitListError[] = [];
      const seen = new Set<string>();
      for (const m of missing) {
        const key = m.from_id === null ? `old:${m.old}` : `new:${m.new}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const what =
          m.from_id === null
            ? { vi: `đơn vị cũ ${m.old}`, en: `old unit ${m.old}` }
            : { vi: `đơn vị mới ${m.new}`, en: `new unit ${m.new}` };
        errors.push({
          ref: m.ref,
          message: `không tìm thấy ${what.vi} trong danh sách đơn vị đã nhập`,
          messageEn: `${what.en} is not in the imported unit lists`,
        });
      }
      if (errors.length > 0 && !options.skipUnknown) throw new UnitImportError(errors);
      const usable = resolved.filter((r) => r.from_id !== null && r.to_id !== null);
      const out = await rows<{ n: number }>(
        tx,
        sql`with ins as (insert into org_unit_event (event_date, kind, from_unit_id, to_unit_id, share, legal_basis)
          select ${options.date}::date, 'merge', r.from_id, r.to_id, r.share, ${options.legalBasis ?? null}
          from jsonb_to_recordset(${JSON.stringify(usable)}::jsonb) as r(from_id int, to_id int, share text)
          on conflict (event_date, from_unit_id, to_unit_id) do nothing returning 1)
        select count(*)::int as n from ins`,
      );
      const inserted = out[0]?.n ?? 0;
      return { inserted, unchanged: usable.length - inserted, skipped: errors };
    },
  );
}

/** Where a unit's area came from (or went), for history re-aggregation and the unit page. */
export async function unitLineage(db: Db, unitId: number) {
  return rows<{
    direction: "from" | "to";
    eventDate: string;
    unitId: number;
    code: string;
    name: string;
    share: string;
  }>(
    db,
    sql`select 'from' as direction, e.event_date::text as "eventDate", o.id as "unitId", o.code, o.name, e.share
        from org_unit_event e join org_unit o on o.id = e.from_unit_id where e.to_unit_id = ${unitId}
      union all
      select 'to', e.event_date::text, n.id, n.code, n.name, e.share
        from org_unit_event e join org_unit n on n.id = e.to_unit_id where e.from_unit_id = ${unitId}
      order by 1, 4`,
  );
}
