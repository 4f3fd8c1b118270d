-- A province's values are found through its units; data_value keeps no index on province_id.
--
-- Each imported value paid for a third index entry (data_value_province_idx, 0016) that only a few
-- reads used: the public portal's period lists, a rollup rebuild and a moved unit's check. Two province
-- imports side by side (1.2 million values each, into the 40-million-value benchmark set, psql) took
-- 11.1–11.5 s with it and 9.9–10.1 s without, less WAL and fewer buffers to write. Those reads now go
-- through the province's units and the key (unit, indicator, period), which is exact because a value's
-- province_id is its unit's province (0016 moves values with their unit), and the reference check now
-- refuses any other province_id: the units find every value of their province.
--
-- The rollup trigger's INSERT branch counts and sums without the sign it multiplied every row by (+1
-- there): 0.1–0.2 s less for a province's import. Updates keep the signed sums.

drop index if exists data_value_province_idx;

-- The units a province's values hang on: the province itself and every unit whose province it is.
create function province_unit_ids(p integer) returns integer[] language sql stable as $$
  select coalesce(array_agg(id), '{}') from org_unit where province_id = p or (id = p and province_id is null)
$$;

-- Whether a province has any value; planned with the key's index only (see data_value_keys_free).
create function province_has_values(p integer) returns boolean
language sql stable set enable_seqscan = off set enable_bitmapscan = off as $$
  select exists (select 1 from data_value d where d.org_unit_id = any(province_unit_ids(p)))
$$;

-- 0011's rebuild, reading a province's values through its units, and summing without a sign as the
-- trigger's INSERT branch below.
create or replace function progress_rollup_rebuild(p_province integer, p_indicator integer default null)
returns void language plpgsql
  set enable_nestloop = off set jit = off set enable_sort = off set work_mem = '64MB' as $$
declare
  grouped progress_delta[];
begin
  delete from progress_span
    where (p_province is null or province_id = p_province) and (p_indicator is null or indicator_id = p_indicator);
  delete from progress_rollup
    where (p_province is null or province_id = p_province) and (p_indicator is null or indicator_id = p_indicator);
  with delta as (
    select v.province_id, v.indicator_id, v.period, v.org_unit_id, v.numerator, v.denominator,
      progress_unit_value(v.value, v.numerator, v.denominator, i.kind) as uv, i.threshold_op as op,
      i.threshold
    from data_value v join indicator i on i.id = v.indicator_id
    where v.deleted_at is null and v.status <> 'draft'
      -- Through the province's units (the key's index): there is no index on province_id.
      and (p_province is null or v.org_unit_id = any(province_unit_ids(p_province)))
      and (p_indicator is null or v.indicator_id = p_indicator)
  )
  select array_agg(row(g.*)::progress_delta) into grouped from (
    select d.province_id, d.indicator_id, d.period, u.parent_id, u.kind,
      count(*) as n_rows,
      count(d.uv) as n_value,
      count(*) filter (where d.numerator is not null and d.denominator is not null) as n_ratio,
      coalesce(sum(d.numerator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_num,
      coalesce(sum(d.denominator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_den,
      coalesce(sum(d.uv), 0) as sum_value,
      count(*) filter (where d.uv is not null and progress_meets(d.uv, d.op, d.threshold)) as n_meeting
    from delta d join org_unit u on u.id = d.org_unit_id
    where u.parent_id is not null
    group by d.province_id, d.indicator_id, d.period, u.parent_id, u.kind
  ) g;
  if grouped is not null then
    perform progress_rollup_add(grouped);
  end if;
end $$;

-- 0011's trigger; only the INSERT branch changes (no sign).
create or replace function progress_rollup_apply() returns trigger language plpgsql
  set enable_nestloop = off set jit = off set enable_sort = off set work_mem = '64MB' as $$
declare
  grouped progress_delta[];
begin
  if coalesce(current_setting('dxm.purge', true), '') = 'on' then
    return null;
  end if;
  if tg_op = 'INSERT' then
    with delta as (
      select n.province_id, n.indicator_id, n.period, n.org_unit_id, n.numerator, n.denominator,
        progress_unit_value(n.value, n.numerator, n.denominator, i.kind) as uv, i.threshold_op as op,
        i.threshold
      from new_rows n join indicator i on i.id = n.indicator_id
      where n.deleted_at is null and n.status <> 'draft'
    )
    select array_agg(row(g.*)::progress_delta) into grouped from (
      select d.province_id, d.indicator_id, d.period, u.parent_id, u.kind,
        count(*) as n_rows,
        count(d.uv) as n_value,
        count(*) filter (where d.numerator is not null and d.denominator is not null) as n_ratio,
        coalesce(sum(d.numerator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_num,
        coalesce(sum(d.denominator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_den,
        coalesce(sum(d.uv), 0) as sum_value,
        count(*) filter (where d.uv is not null and progress_meets(d.uv, d.op, d.threshold)) as n_meeting
      from delta d join org_unit u on u.id = d.org_unit_id
      where u.parent_id is not null
      group by d.province_id, d.indicator_id, d.period, u.parent_id, u.kind
    ) g;
  elsif tg_op = 'UPDATE' then
    with delta as (
      select o.province_id, o.indicator_id, o.period, o.org_unit_id, o.numerator, o.denominator,
        progress_unit_value(o.value, o.numerator, o.denominator, i.kind) as uv, i.threshold_op as op,
        i.threshold, -1 as sign
      from old_rows o join new_rows n on n.id = o.id join indicator i on i.id = o.indicator_id
      where o.deleted_at is null and o.status <> 'draft'
        and (o.numerator, o.denominator, o.value, o.org_unit_id, o.period, o.indicator_id, o.province_id,
             o.deleted_at, o.status = 'draft')
          is distinct from (n.numerator, n.denominator, n.value, n.org_unit_id, n.period, n.indicator_id,
             n.province_id, n.deleted_at, n.status = 'draft')
      union all
      select n.province_id, n.indicator_id, n.period, n.org_unit_id, n.numerator, n.denominator,
        progress_unit_value(n.value, n.numerator, n.denominator, i.kind), i.threshold_op, i.threshold, 1
      from new_rows n join old_rows o on o.id = n.id join indicator i on i.id = n.indicator_id
      where n.deleted_at is null and n.status <> 'draft'
        and (o.numerator, o.denominator, o.value, o.org_unit_id, o.period, o.indicator_id, o.province_id,
             o.deleted_at, o.status = 'draft')
          is distinct from (n.numerator, n.denominator, n.value, n.org_unit_id, n.period, n.indicator_id,
             n.province_id, n.deleted_at, n.status = 'draft')
    )
    select array_agg(row(g.*)::progress_delta) into grouped from (
      select d.province_id, d.indicator_id, d.period, u.parent_id, u.kind,
        sum(d.sign) as n_rows,
        sum(d.sign * (d.uv is not null)::int) as n_value,
        sum(d.sign * (d.numerator is not null and d.denominator is not null)::int) as n_ratio,
        coalesce(sum(d.sign * d.numerator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_num,
        coalesce(sum(d.sign * d.denominator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_den,
        coalesce(sum(d.sign * d.uv), 0) as sum_value,
        sum(d.sign * (d.uv is not null and progress_meets(d.uv, d.op, d.threshold))::int) as n_meeting
      from delta d join org_unit u on u.id = d.org_unit_id
      where u.parent_id is not null
      group by d.province_id, d.indicator_id, d.period, u.parent_id, u.kind
    ) g;
  elsif tg_op = 'DELETE' then
    with delta as (
      select o.province_id, o.indicator_id, o.period, o.org_unit_id, o.numerator, o.denominator,
        progress_unit_value(o.value, o.numerator, o.denominator, i.kind) as uv, i.threshold_op as op,
        i.threshold, -1 as sign
      from old_rows o join indicator i on i.id = o.indicator_id
      where o.deleted_at is null and o.status <> 'draft'
    )
    select array_agg(row(g.*)::progress_delta) into grouped from (
      select d.province_id, d.indicator_id, d.period, u.parent_id, u.kind,
        sum(d.sign) as n_rows,
        sum(d.sign * (d.uv is not null)::int) as n_value,
        sum(d.sign * (d.numerator is not null and d.denominator is not null)::int) as n_ratio,
        coalesce(sum(d.sign * d.numerator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_num,
        coalesce(sum(d.sign * d.denominator) filter (where d.numerator is not null and d.denominator is not null), 0) as sum_den,
        coalesce(sum(d.sign * d.uv), 0) as sum_value,
        sum(d.sign * (d.uv is not null and progress_meets(d.uv, d.op, d.threshold))::int) as n_meeting
      from delta d join org_unit u on u.id = d.org_unit_id
      where u.parent_id is not null
      group by d.province_id, d.indicator_id, d.period, u.parent_id, u.kind
    ) g;
  end if;
  if grouped is not null then
    perform progress_rollup_add(grouped);
  end if;
  return null;
end $$;

-- 0010's check, which now also refuses a province_id other than the unit's province: the pairs are
-- listed once (one scan of the new rows instead of two) and checked against the units they lock.
create or replace function data_value_check_references() returns trigger language plpgsql
  set enable_nestloop = off set jit = off as $$
declare
  wanted integer;
  locked integer;
  strays integer;
begin
  with k as materialized (select distinct org_unit_id, province_id from new_rows),
  u as (select id, province_id from org_unit
    where id in (select org_unit_id from k union select province_id from k) for key share)
  select count(*), count(u.id), count(*) filter (where k.province_id <> coalesce(u.province_id, u.id))
  into wanted, locked, strays
  from k left join u on u.id = k.org_unit_id;
  if locked < wanted then
    raise exception 'data_value references a unit that does not exist' using errcode = '23503';
  end if;
  if strays > 0 then
    raise exception 'data_value.province_id must be the province of its unit' using errcode = '23514';
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

-- 0016's trigger, asking whether a province has values through its units, once per province.
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
  -- The provinces are listed first, then asked (once each) whether they have values or rollups.
  for r in
    with touched as materialized (
      select distinct x.pid from new_rows n join old_rows o on o.id = n.id
      cross join lateral (values (coalesce(o.province_id, o.id)), (coalesce(n.province_id, n.id))) x (pid)
      where o.path is distinct from n.path or coalesce(o.province_id, o.id) <> coalesce(n.province_id, n.id)
    )
    select t.pid from touched t
    where province_has_values(t.pid) or exists (select 1 from progress_rollup p where p.province_id = t.pid)
    order by t.pid
  loop
    perform progress_rollup_rebuild(r.pid);
  end loop;
  return null;
end $$;

-- 0010's check without the province_id lookup (a scan of every value once that index is gone).
create or replace function data_value_parent_deleted() returns trigger language plpgsql as $$
declare
  used boolean;
begin
  if tg_table_name = 'org_unit' then
    -- A value's province is its unit's (checked on every write), so a unit deleted with values still
    -- under it is found by the value's unit: a deleted province's own units still name it (foreign key).
    select exists (select 1 from old_rows o join data_value v on v.org_unit_id = o.id) into used;
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

-- The references the demo purge follows (0010): a value is found by its unit, as everywhere now (by
-- province_id it would be a scan of every value), and the rows 0016 set aside for a unit go with it.
create or replace function checked_references() returns table (child text, child_column text, parent text)
language sql immutable as $$
  values ('data_value', 'org_unit_id', 'org_unit'), ('data_value', 'indicator_id', 'indicator'),
    ('data_value', 'data_set_id', 'data_set'), ('data_value_superseded', 'org_unit_id', 'org_unit')
$$;
