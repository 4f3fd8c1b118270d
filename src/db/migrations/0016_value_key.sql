-- A figure is indicator × unit × period, and its key now says exactly that: unique (unit, indicator,
-- period) instead of (province, indicator, unit, period) plus a second index on (unit, indicator,
-- period). Readers by unit use the key as they used the unit index; readers by province alone (the
-- public portal, a rollup rebuild, a moved unit's check) use an index on province_id alone, which
-- deduplicates to a sixth of the key's size. An insert of a province's 1.2 million values into a table
-- holding three others (psql, PostgreSQL 15): 6.5 s with the former indexes, 4.6 s now (4.1 s without
-- the province index; a BRIN index instead cost 0.2 s but is of no use once the daily writes of every
-- province interleave in the table's pages).
--
-- A figure belongs to its unit, so data_value.province_id is now always the unit's province: a unit
-- that changes province (a correction of the unit list — the 2025 reorganisation creates new units
-- instead) takes its values along. Before, its values stayed under the former province, whose rollup
-- was not rebuilt, and a later write under the new province added a second row for the same unit,
-- indicator and period. Such pairs keep the row under the unit's current province (else the live,
-- then the latest one); the others move, whole, to data_value_superseded, and their removal is
-- audited. Rows left under a former province then move to the unit's province, and the provinces
-- concerned are rebuilt.

create table data_value_superseded (
  like data_value,
  superseded_at timestamptz not null default now(),
  kept_id bigint not null
);

create temp table dv_superseded on commit drop as
select id, kept_id from (
  select v.id, first_value(v.id) over w as kept_id, row_number() over w as n
  from data_value v join org_unit u on u.id = v.org_unit_id
  where (v.org_unit_id, v.indicator_id, v.period) in (
    select org_unit_id, indicator_id, period from data_value group by 1, 2, 3 having count(*) > 1)
  window w as (partition by v.org_unit_id, v.indicator_id, v.period
    order by v.province_id = coalesce(u.province_id, u.id) desc, v.deleted_at is null desc, v.updated_at desc, v.id desc)
) r where n > 1;

insert into data_value_superseded
select v.*, now(), s.kept_id from data_value v join dv_superseded s on s.id = v.id;

select set_config('dxm.actor', 'migration 0016', true),
  set_config('dxm.reason', 'duplicate of a unit''s value under another province', true);
alter table data_value disable trigger data_value_no_delete;
delete from data_value v using dv_superseded s where v.id = s.id;
alter table data_value enable trigger data_value_no_delete;

-- Values follow their unit (audited like any update), then the rollups of both sides are recomputed.
create temp table dv_moved on commit drop as
select v.id, v.province_id as left_province, coalesce(u.province_id, u.id) as province_id
from data_value v join org_unit u on u.id = v.org_unit_id
where v.province_id <> coalesce(u.province_id, u.id);
update data_value v set province_id = m.province_id from dv_moved m where v.id = m.id;

alter table data_value drop constraint data_value_key;
drop index data_value_unit_idx;
alter table data_value add constraint data_value_key unique (org_unit_id, indicator_id, period);
create index data_value_province_idx on data_value (province_id);

-- Whether none of the staged keys of a bulk import exists yet (see src/db/values/bulk.ts): first
-- whether any of the units has a value at all (a province's first load answers here), then a unit,
-- an indicator and a period all among the staged ones. The planner, expecting many rows per unit,
-- would look for the first by scanning the whole table (0.6 s at 7 million values); the key's index
-- finds it, or its absence, in a few page reads per unit.
create function data_value_keys_free(units integer[], indicators integer[], periods text[]) returns boolean
language sql stable set enable_seqscan = off set enable_bitmapscan = off as $$
  select not exists (select 1 from data_value d where d.org_unit_id = any(units))
    or not exists (
      select 1 from data_value d
      where d.org_unit_id = any(units) and d.indicator_id = any(indicators) and d.period = any(periods))
$$;

select progress_rollup_rebuild(p) from (
  select left_province as p from dv_moved union select province_id from dv_moved union
  select province_id from data_value_superseded
) x order by p;

-- A unit whose province changes takes its values along; every province a unit left or joined, or
-- whose units' paths changed, is rebuilt (0003 rebuilt only the province a unit's path now names).
-- The units are listed first and their values found by the key's index: joined to the transition
-- tables (no statistics), the update could be planned as a scan of every value on any unit update.
create or replace function progress_unit_moved() returns trigger language plpgsql as $$
declare
  moved integer[];
  r record;
begin
  if coalesce(current_setting('dxm.purge', true), '') = 'on' then
    return null;
  end if;
  select array_agg(n.id) into moved from new_rows n join old_rows o on o.id = n.id
  where coalesce(o.province_id, o.id) <> coalesce(n.province_id, n.id);
  if moved is not null then
    update data_value v set province_id = coalesce(u.province_id, u.id)
    from org_unit u
    where v.org_unit_id = any(moved) and u.id = v.org_unit_id and v.province_id <> coalesce(u.province_id, u.id);
  end if;
  for r in
    select distinct x.pid from new_rows n join old_rows o on o.id = n.id
    cross join lateral (values (coalesce(o.province_id, o.id)), (coalesce(n.province_id, n.id))) x (pid)
    where (o.path is distinct from n.path or coalesce(o.province_id, o.id) <> coalesce(n.province_id, n.id))
      and (exists (select 1 from data_value v where v.province_id = x.pid)
        or exists (select 1 from progress_rollup p where p.province_id = x.pid))
    order by x.pid
  loop
    perform progress_rollup_rebuild(r.pid);
  end loop;
  return null;
end $$;
