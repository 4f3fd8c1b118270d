-- Progress engine: a rollup of data values up the unit hierarchy, maintained in the writing transaction.
--
-- progress_rollup holds, per (province, indicator, period, ancestor unit, kind of the reporting units),
-- the pre-summed figures of every live (not deleted, not draft) data value of the units below that
-- ancestor: row count, counts of usable values and of numerator/denominator pairs, Σ numerator,
-- Σ denominator, Σ unit value and the number of units meeting the indicator's threshold. A province's
-- dashboard therefore reads ~1 row per indicator and period instead of summing its communes' values.
--
-- Freshness: statement-level triggers on data_value (transition tables, one grouped upsert per
-- statement) apply the difference of each INSERT / UPDATE / DELETE — soft deletes and re-imports
-- included — inside the writer's transaction. There is no rebuild job and nothing is ever stale.
-- min, max and `last` across units are not kept here (not maintainable under deletes); they are read
-- from data_value directly.
--
-- A unit value is `value`, else numerator/denominator (× 100 for indicators of kind ratio, so that a
-- threshold of a ratio indicator is written in percent). Every row carries province_id (distribution key).

create table progress_rollup (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  -- Derived rows: only province_id references (the demo purge follows it); checking indicator and
  -- ancestor per upserted row would double the cost of every write for facts data_value already checks.
  indicator_id integer not null,
  period text not null,
  ancestor_id integer not null,
  unit_kind text not null,
  n_rows integer not null default 0,
  n_value integer not null default 0,
  n_ratio integer not null default 0,
  sum_num numeric not null default 0,
  sum_den numeric not null default 0,
  sum_value numeric not null default 0,
  n_meeting integer not null default 0,
  constraint progress_rollup_key unique (province_id, indicator_id, period, ancestor_id, unit_kind)
);
create index progress_rollup_ancestor_idx on progress_rollup (ancestor_id, period, indicator_id);

-- Multiplier of a unit's ratio: indicators of kind ratio are shown (and thresholded) in percent.
create function progress_multiplier(kind text) returns numeric language sql immutable as $$
  select case when kind = 'ratio' then 100::numeric else 1::numeric end
$$;

-- The value a unit contributes: value, else numerator/denominator × multiplier; null when unusable.
create function progress_unit_value(v numeric, num numeric, den numeric, kind text) returns numeric
language sql immutable as $$
  select case when v is not null then v
    when num is not null and den is not null and den <> 0 then num / den * progress_multiplier(kind)
    else null end
$$;

-- Whether a value meets a threshold (null threshold: never).
create function progress_meets(v numeric, op text, t numeric) returns boolean language sql immutable as $$
  select coalesce(case op when '>=' then v >= t when '>' then v > t when '<=' then v <= t
    when '<' then v < t when '=' then v = t else false end, false)
$$;

-- Statement trigger: the rows leaving (old, sign −1) and entering (new, sign +1) the live set are
-- grouped by (province, indicator, period, ancestor, kind) and added to the rollup in one upsert.
-- The same upsert is written out once per operation: transition tables are visible only to the
-- trigger's own statements, and static statements keep their cached plans (no temp table, no files).
-- An update that changes neither figures, unit, period, draft status nor deletion is skipped, so
-- submit/approve/lock transitions cost nothing. `dxm demo reset` (dxm.purge) removes rollup rows by
-- foreign key instead. Transition tables carry no statistics: hash joins and hash aggregates, not nested
-- loops and sorts; no JIT (compiling costs seconds for a few thousand rows).
create function progress_rollup_apply() returns trigger language plpgsql
  set enable_nestloop = off set jit = off set enable_sort = off set work_mem = '64MB' as $$
begin
  if coalesce(current_setting('dxm.purge', true), '') = 'on' then
    return null;
  end if;
  if tg_op = 'INSERT' then
    with delta as (
      select n.province_id, n.indicator_id, n.period, n.org_unit_id, n.numerator, n.denominator,
        progress_unit_value(n.value, n.numerator, n.denominator, i.kind) as uv, i.threshold_op as op,
        i.threshold, 1 as sign
      from new_rows n join indicator i on i.id = n.indicator_id
      where n.deleted_at is null and n.status <> 'draft'
    )
    -- Stage 1 groups by the reporting unit's parent (≈100 communes collapse into one row), stage 2
    -- spreads each group over the parent and its ancestors (the parent's materialised path).
    , g as (
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
    )
    insert into progress_rollup as p (province_id, indicator_id, period, ancestor_id, unit_kind,
      n_rows, n_value, n_ratio, sum_num, sum_den, sum_value, n_meeting)
    select g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind, sum(g.n_rows)::int,
      sum(g.n_value)::int, sum(g.n_ratio)::int, sum(g.sum_num), sum(g.sum_den), sum(g.sum_value),
      sum(g.n_meeting)::int
    from g join org_unit pu on pu.id = g.parent_id
    cross join lateral (
      select x::integer as ancestor_id
      from unnest(string_to_array(trim(both '/' from pu.path), '/')) as x
      where x <> ''
    ) a
    group by g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind
    on conflict (province_id, indicator_id, period, ancestor_id, unit_kind) do update set
      n_rows = p.n_rows + excluded.n_rows,
      n_value = p.n_value + excluded.n_value,
      n_ratio = p.n_ratio + excluded.n_ratio,
      sum_num = p.sum_num + excluded.sum_num,
      sum_den = p.sum_den + excluded.sum_den,
      sum_value = p.sum_value + excluded.sum_value,
      n_meeting = p.n_meeting + excluded.n_meeting;
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
    -- Stage 1 groups by the reporting unit's parent (≈100 communes collapse into one row), stage 2
    -- spreads each group over the parent and its ancestors (the parent's materialised path).
    , g as (
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
    )
    insert into progress_rollup as p (province_id, indicator_id, period, ancestor_id, unit_kind,
      n_rows, n_value, n_ratio, sum_num, sum_den, sum_value, n_meeting)
    select g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind, sum(g.n_rows)::int,
      sum(g.n_value)::int, sum(g.n_ratio)::int, sum(g.sum_num), sum(g.sum_den), sum(g.sum_value),
      sum(g.n_meeting)::int
    from g join org_unit pu on pu.id = g.parent_id
    cross join lateral (
      select x::integer as ancestor_id
      from unnest(string_to_array(trim(both '/' from pu.path), '/')) as x
      where x <> ''
    ) a
    group by g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind
    on conflict (province_id, indicator_id, period, ancestor_id, unit_kind) do update set
      n_rows = p.n_rows + excluded.n_rows,
      n_value = p.n_value + excluded.n_value,
      n_ratio = p.n_ratio + excluded.n_ratio,
      sum_num = p.sum_num + excluded.sum_num,
      sum_den = p.sum_den + excluded.sum_den,
      sum_value = p.sum_value + excluded.sum_value,
      n_meeting = p.n_meeting + excluded.n_meeting;
  elsif tg_op = 'DELETE' then
    with delta as (
      select o.province_id, o.indicator_id, o.period, o.org_unit_id, o.numerator, o.denominator,
        progress_unit_value(o.value, o.numerator, o.denominator, i.kind) as uv, i.threshold_op as op,
        i.threshold, -1 as sign
      from old_rows o join indicator i on i.id = o.indicator_id
      where o.deleted_at is null and o.status <> 'draft'
    )
    -- Stage 1 groups by the reporting unit's parent (≈100 communes collapse into one row), stage 2
    -- spreads each group over the parent and its ancestors (the parent's materialised path).
    , g as (
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
    )
    insert into progress_rollup as p (province_id, indicator_id, period, ancestor_id, unit_kind,
      n_rows, n_value, n_ratio, sum_num, sum_den, sum_value, n_meeting)
    select g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind, sum(g.n_rows)::int,
      sum(g.n_value)::int, sum(g.n_ratio)::int, sum(g.sum_num), sum(g.sum_den), sum(g.sum_value),
      sum(g.n_meeting)::int
    from g join org_unit pu on pu.id = g.parent_id
    cross join lateral (
      select x::integer as ancestor_id
      from unnest(string_to_array(trim(both '/' from pu.path), '/')) as x
      where x <> ''
    ) a
    group by g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind
    on conflict (province_id, indicator_id, period, ancestor_id, unit_kind) do update set
      n_rows = p.n_rows + excluded.n_rows,
      n_value = p.n_value + excluded.n_value,
      n_ratio = p.n_ratio + excluded.n_ratio,
      sum_num = p.sum_num + excluded.sum_num,
      sum_den = p.sum_den + excluded.sum_den,
      sum_value = p.sum_value + excluded.sum_value,
      n_meeting = p.n_meeting + excluded.n_meeting;
  end if;
  return null;
end $$;

create trigger data_value_progress_ins after insert on data_value referencing new table as new_rows
  for each statement execute function progress_rollup_apply();
create trigger data_value_progress_upd after update on data_value
  referencing old table as old_rows new table as new_rows
  for each statement execute function progress_rollup_apply();
create trigger data_value_progress_del after delete on data_value referencing old table as old_rows
  for each statement execute function progress_rollup_apply();

-- Recomputes the rollup from data_value for a province (null: everything) and optionally one indicator.
-- Used when unit paths or indicator thresholds change.
create function progress_rollup_rebuild(p_province integer, p_indicator integer default null)
returns void language plpgsql
  set enable_nestloop = off set jit = off set enable_sort = off set work_mem = '64MB' as $$
begin
  delete from progress_rollup
    where (p_province is null or province_id = p_province) and (p_indicator is null or indicator_id = p_indicator);
    with delta as (
      select v.province_id, v.indicator_id, v.period, v.org_unit_id, v.numerator, v.denominator,
        progress_unit_value(v.value, v.numerator, v.denominator, i.kind) as uv, i.threshold_op as op,
        i.threshold, 1 as sign
      from data_value v join indicator i on i.id = v.indicator_id
      where v.deleted_at is null and v.status <> 'draft'
        and (p_province is null or v.province_id = p_province)
        and (p_indicator is null or v.indicator_id = p_indicator)
    )
    -- Stage 1 groups by the reporting unit's parent (≈100 communes collapse into one row), stage 2
    -- spreads each group over the parent and its ancestors (the parent's materialised path).
    , g as (
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
    )
    insert into progress_rollup as p (province_id, indicator_id, period, ancestor_id, unit_kind,
      n_rows, n_value, n_ratio, sum_num, sum_den, sum_value, n_meeting)
    select g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind, sum(g.n_rows)::int,
      sum(g.n_value)::int, sum(g.n_ratio)::int, sum(g.sum_num), sum(g.sum_den), sum(g.sum_value),
      sum(g.n_meeting)::int
    from g join org_unit pu on pu.id = g.parent_id
    cross join lateral (
      select x::integer as ancestor_id
      from unnest(string_to_array(trim(both '/' from pu.path), '/')) as x
      where x <> ''
    ) a
    group by g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind
    on conflict (province_id, indicator_id, period, ancestor_id, unit_kind) do update set
      n_rows = p.n_rows + excluded.n_rows,
      n_value = p.n_value + excluded.n_value,
      n_ratio = p.n_ratio + excluded.n_ratio,
      sum_num = p.sum_num + excluded.sum_num,
      sum_den = p.sum_den + excluded.sum_den,
      sum_value = p.sum_value + excluded.sum_value,
      n_meeting = p.n_meeting + excluded.n_meeting;
end $$;

-- A changed threshold or kind changes which units meet it: recompute that indicator's rollup.
create function progress_indicator_changed() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in select n.id from new_rows n join old_rows o on o.id = n.id
    where (o.threshold, o.threshold_op, o.kind) is distinct from (n.threshold, n.threshold_op, n.kind)
  loop
    perform progress_rollup_rebuild(null, r.id);
  end loop;
  return null;
end $$;
create trigger indicator_progress_upd after update on indicator
  referencing old table as old_rows new table as new_rows
  for each statement execute function progress_indicator_changed();

-- A unit moved in the hierarchy (path changed) changes its ancestors: recompute its province.
create function progress_unit_moved() returns trigger language plpgsql as $$
declare
  r record;
begin
  if coalesce(current_setting('dxm.purge', true), '') = 'on' then
    return null;
  end if;
  for r in select distinct coalesce(n.province_id, n.id) as pid from new_rows n join old_rows o on o.id = n.id
    where o.path is distinct from n.path
      and exists (select 1 from data_value v where v.province_id = coalesce(n.province_id, n.id))
  loop
    perform progress_rollup_rebuild(r.pid);
  end loop;
  return null;
end $$;
create trigger org_unit_progress_upd after update on org_unit
  referencing old table as old_rows new table as new_rows
  for each statement execute function progress_unit_moved();

-- Bulk imports validate rows inside their one INSERT … SELECT: an invalid row calls this, which aborts
-- the statement (and the import) naming the line and the reason.
create function progress_bulk_reject(line bigint, reason text) returns boolean language plpgsql volatile as $$
begin
  raise exception 'bulk import rejected line %: %', line, reason using errcode = '22023', detail = reason;
end $$;
