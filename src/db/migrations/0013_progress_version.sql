-- A version per (province, indicator) of the values the progress engine reads, bumped in the writer's
-- transaction. A dashboard or a national table computed once is kept in memory with the versions it
-- was computed from (src/db/progress/cache.ts); the next request reads the versions (one small query)
-- and recomputes only the targets or columns whose indicators — or the indicators their formulas
-- read — have moved. A reader sees a new version exactly when it sees the change (the row is updated
-- in the same transaction, like catalog_version in 0012), so a kept figure is never older than the
-- data it claims to be computed from.
--
-- What is compared is the version of each province, or the sum over the provinces a unit spans (the
-- nation): versions only grow, so the sum moves whenever one of them does, whatever the commit order
-- of writers in different provinces.
create table progress_version (
  province_id integer not null,
  indicator_id integer not null,
  version bigint not null,
  primary key (province_id, indicator_id)
);

-- Bumps the versions of the (province, indicator) pairs a statement changed in a way a figure can
-- see: the rows the rollup trigger counts (0011), and a unit's own values, which the engine reads
-- from data_value directly. The province's advisory lock is taken first, as progress_rollup_add
-- does, so writers take the lock before the version rows in every order of the triggers.
create function progress_version_bump() returns trigger language plpgsql as $$
declare
  changed bigint[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct (n.province_id::bigint << 32) | n.indicator_id) into changed from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct (o.province_id::bigint << 32) | o.indicator_id) into changed from old_rows o;
  else
    select array_agg(distinct x.k) into changed from (
      select (o.province_id::bigint << 32) | o.indicator_id as k, (n.province_id::bigint << 32) | n.indicator_id as k2
      from old_rows o join new_rows n on n.id = o.id
      where (o.numerator, o.denominator, o.value, o.org_unit_id, o.period, o.indicator_id, o.province_id,
             o.deleted_at, o.status = 'draft')
        is distinct from (n.numerator, n.denominator, n.value, n.org_unit_id, n.period, n.indicator_id,
             n.province_id, n.deleted_at, n.status = 'draft')
    ) d cross join lateral (values (d.k), (d.k2)) as x (k);
  end if;
  if changed is null then
    return null;
  end if;
  perform pg_advisory_xact_lock(20110, p.province_id)
  from (select distinct (k >> 32)::int as province_id from unnest(changed) k order by 1) p;
  insert into progress_version as v (province_id, indicator_id, version)
  select (k >> 32)::int, (k & 4294967295)::int, 1 from unnest(changed) k order by k
  on conflict (province_id, indicator_id) do update set version = v.version + 1;
  return null;
end $$;

create trigger data_value_version_ins after insert on data_value referencing new table as new_rows
  for each statement execute function progress_version_bump();
create trigger data_value_version_upd after update on data_value
  referencing old table as old_rows new table as new_rows
  for each statement execute function progress_version_bump();
create trigger data_value_version_del after delete on data_value referencing old table as old_rows
  for each statement execute function progress_version_bump();

insert into progress_version (province_id, indicator_id, version)
select distinct province_id, indicator_id, 1 from data_value;
