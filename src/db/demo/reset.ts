import { sql } from "drizzle-orm";
import { type Db, rows, withActor } from "../client.ts";

interface ForeignKey {
  child: string;
  column: string;
  parent: string;
}

/**
 * Removes every row of the demo province: the demo units, then — following every single-column foreign
 * key in the schema, so tables added later are covered without a list to maintain, and the references
 * checked per statement instead (checked_references(), migration 0010) — every row that points at them,
 * directly or through others. One transaction; the audit log keeps the record.
 */
export async function purgeDemo(db: Db): Promise<number> {
  return withActor(db, { actor: "system:demo", reason: "xóa tỉnh minh họa" }, async (tx) => {
    await tx.execute(sql`select set_config('dxm.purge', 'on', true)`);
    const fks = await rows<ForeignKey>(
      tx,
      sql`select c.conrelid::regclass::text as child, a.attname as column, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and array_length(c.conkey, 1) = 1
          and c.connamespace = (select oid from pg_namespace where nspname = current_schema())
        union all
        select child, child_column, parent from checked_references()`,
    );
    await tx.execute(sql`create temp table if not exists demo_purge (tbl text not null, id bigint not null,
      primary key (tbl, id)) on commit drop`);
    await tx.execute(sql`insert into demo_purge select 'org_unit', id from org_unit where is_demo`);
    for (let changed = true; changed; ) {
      changed = false;
      for (const fk of fks) {
        const added = await rows<{ n: number }>(
          tx,
          sql`with ins as (insert into demo_purge (tbl, id)
              select ${fk.child}, c.id from ${sql.identifier(fk.child)} c
              join demo_purge p on p.tbl = ${fk.parent} and p.id = c.${sql.identifier(fk.column)}
              on conflict do nothing returning 1)
            select count(*)::int as n from ins`,
        );
        if ((added[0]?.n ?? 0) > 0) changed = true;
      }
    }
    const tables = await rows<{ tbl: string; n: number }>(
      tx,
      sql`select tbl, count(*)::int as n from demo_purge group by tbl`,
    );
    let deleted = 0;
    let pending = tables.map((t) => t.tbl);
    // Children before parents: a delete blocked by a foreign key waits for the next pass.
    for (let pass = 0; pending.length > 0 && pass <= tables.length; pass++) {
      const blocked: string[] = [];
      for (const tbl of pending) {
        try {
          await tx.transaction(async (sp) => {
            const r = await rows<{ n: number }>(
              sp,
              sql`with d as (delete from ${sql.identifier(tbl)} where id in
                  (select id from demo_purge where tbl = ${tbl}) returning 1) select count(*)::int as n from d`,
            );
            deleted += r[0]?.n ?? 0;
          });
        } catch {
          blocked.push(tbl);
        }
      }
      if (blocked.length === pending.length)
        throw new Error(`cannot purge demo tables: ${blocked.join(", ")}`);
      pending = blocked;
    }
    await tx.execute(sql`delete from app_setting where key = 'demo'`);
    return deleted;
  });
}
