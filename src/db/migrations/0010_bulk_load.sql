-- Bulk loads of data values at national scale (tens of millions of rows).
--
-- 1. data_value's references are checked once per statement instead of once per row. A foreign key
--    runs one query per inserted row and per reference (four per value); measured on PostgreSQL 15
--    that was 40% of a bulk import. The statement trigger below locks each distinct referenced row
--    FOR KEY SHARE — exactly what a foreign key does, so a concurrent delete of the parent waits —
--    and refuses the statement (SQLSTATE 23503, as a foreign key would) when one is missing. Deleting
--    a parent that data values still use is refused by the parent-side triggers, after the lock.
--    `checked_references()` lists these references for the demo purge, which follows every reference.
-- 2. The audit of a bulk insert (one summary row per statement) no longer serialises every row to
--    JSON to find the province: that cost as much as the insert itself.

create function checked_references() returns table (child text, child_column text, parent text)
language sql immutable as $$
  values ('data_value', 'province_id', 'org_unit'), ('data_value', 'org_unit_id', 'org_unit'),
    ('data_value', 'indicator_id', 'indicator'), ('data_value', 'data_set_id', 'data_set')
$$;

alter table data_value
  drop constraint data_value_province_id_fkey,
  drop constraint data_value_indicator_id_fkey,
  drop constraint data_value_org_unit_id_fkey,
  drop constraint data_value_data_set_id_fkey;

create function data_value_check_references() returns trigger language plpgsql
  set enable_nestloop = off set jit = off as $$
declare
  wanted integer;
  locked integer;
begin
  select count(*) into wanted from (select org_unit_id from new_rows union select province_id from new_rows) k;
  select count(*) into locked from (select 1 from org_unit
    where id in (select org_unit_id from new_rows union select province_id from new_rows) for key share) x;
  if locked < wanted then
    raise exception 'data_value references a unit that does not exist' using errcode = '23503';
  end if;
  select count(*) into wanted from (select distinct indicator_id from new_rows) k;
  select count(*) into locked from (select 1 from indicator
    where id in (select indicator_id from new_rows) for key share) x;
  if locked < wanted then
    raise exception 'data_value references an indicator that does not exist' using errcode = '23503';
  end if;
  select count(*) into wanted from (select distinct data_set_id from new_rows where data_set_id is not null) k;
  if wanted > 0 then
    select count(*) into locked from (select 1 from data_set
      where id in (select data_set_id from new_rows) for key share) x;
    if locked < wanted then
      raise exception 'data_value references a form that does not exist' using errcode = '23503';
    end if;
  end if;
  return null;
end $$;
create trigger data_value_references_ins after insert on data_value referencing new table as new_rows
  for each statement execute function data_value_check_references();
create trigger data_value_references_upd after update on data_value referencing new table as new_rows
  for each statement execute function data_value_check_references();

-- Parent side: a unit, indicator or form that data values use cannot be deleted (the demo purge deletes
-- the values first: it follows checked_references()).
create function data_value_parent_deleted() returns trigger language plpgsql as $$
declare
  used boolean;
begin
  if tg_table_name = 'org_unit' then
    select exists (select 1 from old_rows o join data_value v on v.org_unit_id = o.id)
      or exists (select 1 from old_rows o join data_value v on v.province_id = o.id) into used;
  elsif tg_table_name = 'indicator' then
    select exists (select 1 from data_value v where v.indicator_id in (select id from old_rows)) into used;
  else
    select exists (select 1 from data_value v where v.data_set_id in (select id from old_rows)) into used;
  end if;
  if used then
    raise exception 'a deleted % row is still used by data_value', tg_table_name using errcode = '23503';
  end if;
  return null;
end $$;
create trigger org_unit_data_value_refs after delete on org_unit referencing old table as old_rows
  for each statement execute function data_value_parent_deleted();
create trigger indicator_data_value_refs after delete on indicator referencing old table as old_rows
  for each statement execute function data_value_parent_deleted();
create trigger data_set_data_value_refs after delete on data_set referencing old table as old_rows
  for each statement execute function data_value_parent_deleted();

-- Same as 0001 but for the bulk summary: the province comes from the rows' own column for data_value.
create or replace function audit_rows() returns trigger language plpgsql set enable_nestloop = off as $$
declare
  who text := coalesce(nullif(current_setting('dxm.actor', true), ''), 'system');
  why text := nullif(current_setting('dxm.reason', true), '');
  bulk boolean := coalesce(current_setting('dxm.bulk', true), '') = 'on';
begin
  if bulk and tg_op = 'INSERT' and tg_table_name = 'data_value' then
    insert into audit_log (actor, table_name, action, after, reason, province_id)
      select who, tg_table_name, 'bulk_insert',
        jsonb_build_object('rows', count(*), 'import', nullif(current_setting('dxm.import_id', true), '')),
        why, min(n.province_id)
      from new_rows n having count(*) > 0;
  elsif bulk and tg_op = 'INSERT' then
    insert into audit_log (actor, table_name, action, after, reason, province_id)
      select who, tg_table_name, 'bulk_insert',
        jsonb_build_object('rows', count(*), 'import', nullif(current_setting('dxm.import_id', true), '')),
        why, min((to_jsonb(n) ->> 'province_id')::integer)
      from new_rows n having count(*) > 0;
  elsif tg_op = 'INSERT' then
    insert into audit_log (actor, table_name, row_id, action, after, reason, province_id)
      select who, tg_table_name, n.id::text, 'insert', audit_json(to_jsonb(n)), why, (to_jsonb(n) ->> 'province_id')::integer
      from new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into audit_log (actor, table_name, row_id, action, before, after, reason, province_id)
      select who, tg_table_name, n.id::text, 'update', audit_json(to_jsonb(o)), audit_json(to_jsonb(n)), why,
        (to_jsonb(n) ->> 'province_id')::integer
      from new_rows n join old_rows o on o.id = n.id
      where to_jsonb(o) is distinct from to_jsonb(n);
  elsif tg_op = 'DELETE' then
    insert into audit_log (actor, table_name, row_id, action, before, reason, province_id)
      select who, tg_table_name, o.id::text, 'delete', audit_json(to_jsonb(o)), why, (to_jsonb(o) ->> 'province_id')::integer
      from old_rows o;
  end if;
  return null;
end $$;

-- 3. No query of the product filters data values by (province, period) without the indicator or the
--    unit: the key (province, indicator, unit, period) and (unit, indicator, period) serve them all.
--    This index cost a third of every insert.
drop index data_value_period_idx;
