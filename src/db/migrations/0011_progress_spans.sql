-- Rollup rows of longer periods, kept in the writing transaction.
--
-- A dashboard of 2026Q4 needs the quarter, the year to date and five whole years; the national table
-- needs the year. Stored values are mostly monthly, so those figures are sums of months. Summing the
-- monthly rollup rows at read time scans 12 rows per indicator, unit and year (≈ 80,000 rows for the
-- national table). progress_span holds those sums already made: per (province, indicator, longer period
-- — quarter, half, nine months, year —, grain of the parts — month or quarter —, ancestor, kind) the
-- Σ of the parts' rollup rows, the latest part with a usable value and with a numerator/denominator pair,
-- and the rollup row of the former (a stock is the latest part; a flow reports the latest part's
-- reported/expected counts) — so the national table reads one row per province and indicator.
--
-- Exactness: a span row is never adjusted by a difference. Whenever rollup rows change, the span rows
-- that contain them are recomputed from their parts (at most 12 rows each, by unique-key lookups) in the
-- same trigger, after the rollup upsert — so deletes that empty the latest month move `last_value` back
-- exactly, and there is no rebuild job.

create table progress_span (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  indicator_id integer not null,
  span text not null,
  grain text not null,
  ancestor_id integer not null,
  unit_kind text not null,
  n_rows integer not null,
  n_value integer not null,
  n_ratio integer not null,
  sum_num numeric not null,
  sum_den numeric not null,
  sum_value numeric not null,
  n_meeting integer not null,
  last_value text,
  last_ratio text,
  -- The rollup row of the part last_value (a stock's figure; a flow's reported/expected counts).
  l_n_value integer,
  l_n_ratio integer,
  l_sum_num numeric,
  l_sum_den numeric,
  l_sum_value numeric,
  l_n_meeting integer,
  constraint progress_span_key unique (ancestor_id, span, indicator_id, unit_kind, grain, province_id)
) with (fillfactor = 80);

-- The longer periods that contain a month or a quarter, with all their parts of that grain:
-- 202608 → (2026Q3, month, {202607,202608,202609}), (2026S2, month, …), (2026, month, …);
-- 2026Q2 → (2026S1, quarter, {2026Q1,2026Q2}), (2026N9, quarter, …), (2026, quarter, …).
-- Longer periods themselves are parts of nothing (FINER in src/db/progress/figures.ts).
create function progress_spans(period text) returns table (span text, grain text, parts text[])
language sql immutable as $$
  with p as (
    select left(period, 4) as y,
      case when period ~ '^\d{6}$' then 'month' when period ~ '^\d{4}Q[1-4]$' then 'quarter' end as grain,
      case when period ~ '^\d{6}$' then right(period, 2)::int
        when period ~ '^\d{4}Q[1-4]$' then right(period, 1)::int end as pos
  ), s as (
    select p.y, p.grain, p.pos, x.span, x.first, x.last
    from p cross join lateral (values
      -- (span, first part, last part) in part numbers: months 1–12 or quarters 1–4
      (case when p.grain = 'month' then p.y || 'Q' || ((p.pos + 2) / 3) end,
        ((p.pos + 2) / 3) * 3 - 2, ((p.pos + 2) / 3) * 3),
      (p.y || 'S' || case when p.pos <= (case when p.grain = 'month' then 6 else 2 end) then 1 else 2 end,
        case when p.pos <= (case when p.grain = 'month' then 6 else 2 end) then 1
          else (case when p.grain = 'month' then 7 else 3 end) end,
        case when p.pos <= (case when p.grain = 'month' then 6 else 2 end)
          then (case when p.grain = 'month' then 6 else 2 end)
          else (case when p.grain = 'month' then 12 else 4 end) end),
      (case when p.pos <= (case when p.grain = 'month' then 9 else 3 end) then p.y || 'N9' end,
        1, case when p.grain = 'month' then 9 else 3 end),
      (p.y, 1, case when p.grain = 'month' then 12 else 4 end)
    ) as x (span, first, last)
    where p.grain is not null and x.span is not null
  )
  select s.span, s.grain, array(
    select case when s.grain = 'month' then s.y || lpad(n::text, 2, '0') else s.y || 'Q' || n end
    from generate_series(s.first, s.last) n order by n)
  from s
$$;

-- The key of a rollup row whose figures changed.
create type progress_part as (province_id integer, indicator_id integer, period text, ancestor_id integer,
  unit_kind text);

-- Recomputes, from their parts, the span rows containing the given rollup rows. Index lookups
-- (nested loops) on purpose: the callers run with enable_nestloop off for their transition tables.
create function progress_span_refresh(changed progress_part[]) returns void language sql
  set enable_nestloop = on set jit = off as $$
  with t as (
    select distinct c.province_id, c.indicator_id, c.ancestor_id, c.unit_kind, x.span, x.grain, x.parts
    from unnest(changed) c cross join lateral progress_spans(c.period) x
  ), s as (
    select t.province_id, t.indicator_id, t.span, t.grain, t.ancestor_id, t.unit_kind,
      coalesce(sum(r.n_rows), 0) as n_rows, coalesce(sum(r.n_value), 0) as n_value,
      coalesce(sum(r.n_ratio), 0) as n_ratio, coalesce(sum(r.sum_num), 0) as sum_num,
      coalesce(sum(r.sum_den), 0) as sum_den, coalesce(sum(r.sum_value), 0) as sum_value,
      coalesce(sum(r.n_meeting), 0) as n_meeting,
      max(r.period collate "C") filter (where r.n_value > 0) as last_value,
      max(r.period collate "C") filter (where r.n_ratio > 0) as last_ratio
    from t left join progress_rollup r on r.province_id = t.province_id and r.indicator_id = t.indicator_id
      and r.period = any(t.parts) and r.ancestor_id = t.ancestor_id and r.unit_kind = t.unit_kind
    group by t.province_id, t.indicator_id, t.span, t.grain, t.ancestor_id, t.unit_kind
  )
  -- In key order, so that the rows a dashboard reads together are stored together.
  insert into progress_span as p (province_id, indicator_id, span, grain, ancestor_id, unit_kind, n_rows,
    n_value, n_ratio, sum_num, sum_den, sum_value, n_meeting, last_value, last_ratio, l_n_value, l_n_ratio,
    l_sum_num, l_sum_den, l_sum_value, l_n_meeting)
  select s.province_id, s.indicator_id, s.span, s.grain, s.ancestor_id, s.unit_kind, s.n_rows, s.n_value,
    s.n_ratio, s.sum_num, s.sum_den, s.sum_value, s.n_meeting, s.last_value, s.last_ratio, l.n_value,
    l.n_ratio, l.sum_num, l.sum_den, l.sum_value, l.n_meeting
  from s left join progress_rollup l on l.province_id = s.province_id and l.indicator_id = s.indicator_id
    and l.period = s.last_value and l.ancestor_id = s.ancestor_id and l.unit_kind = s.unit_kind
  order by s.ancestor_id, s.span, s.indicator_id
  on conflict (ancestor_id, span, indicator_id, unit_kind, grain, province_id) do update set
    n_rows = excluded.n_rows, n_value = excluded.n_value, n_ratio = excluded.n_ratio,
    sum_num = excluded.sum_num, sum_den = excluded.sum_den, sum_value = excluded.sum_value,
    n_meeting = excluded.n_meeting, last_value = excluded.last_value, last_ratio = excluded.last_ratio,
    l_n_value = excluded.l_n_value, l_n_ratio = excluded.l_n_ratio, l_sum_num = excluded.l_sum_num,
    l_sum_den = excluded.l_sum_den, l_sum_value = excluded.l_sum_value, l_n_meeting = excluded.l_n_meeting
$$;

-- The changes of one statement, grouped by the reporting unit's parent (stage 1 of the triggers).
create type progress_delta as (province_id integer, indicator_id integer, period text, parent_id integer,
  kind text, n_rows bigint, n_value bigint, n_ratio bigint, sum_num numeric, sum_den numeric,
  sum_value numeric, n_meeting bigint);

-- Stage 2: spreads the grouped changes over each parent and its ancestors (materialised path), adds
-- them to the rollup in one upsert, then recomputes the span rows of the rollup rows it touched.
--
-- A recomputation reads the parts as committed when its statement starts, so two transactions writing
-- different months of one province must not recompute the same span row at once (the later would
-- overwrite it without the other's month). Each takes its provinces' lock (a transaction-level advisory
-- lock, in province order) before touching the rollup: the second waits for the first to commit, and
-- its recomputation, a later statement, then sees the first's months. Writers of one province already
-- queue on the province's rollup rows; this makes them queue per province rather than per indicator.
create function progress_rollup_add(grouped progress_delta[]) returns void language plpgsql
  set enable_nestloop = off set jit = off set enable_sort = off set work_mem = '64MB' as $$
declare
  changed progress_part[];
begin
  perform pg_advisory_xact_lock(20110, p.province_id)
  from (select distinct g.province_id from unnest(grouped) g order by 1) p;
  with ins as (
    insert into progress_rollup as p (province_id, indicator_id, period, ancestor_id, unit_kind,
      n_rows, n_value, n_ratio, sum_num, sum_den, sum_value, n_meeting)
    select g.province_id, g.indicator_id, g.period, a.ancestor_id, g.kind, sum(g.n_rows)::int,
      sum(g.n_value)::int, sum(g.n_ratio)::int, sum(g.sum_num), sum(g.sum_den), sum(g.sum_value),
      sum(g.n_meeting)::int
    from unnest(grouped) g join org_unit pu on pu.id = g.parent_id
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
      n_meeting = p.n_meeting + excluded.n_meeting
    returning p.province_id, p.indicator_id, p.period, p.ancestor_id, p.unit_kind
  )
  select array_agg(row(ins.province_id, ins.indicator_id, ins.period, ins.ancestor_id, ins.unit_kind)::progress_part)
    into changed
  from ins where ins.period ~ '^\d{6}$|^\d{4}Q[1-4]$';
  if changed is not null then
    perform progress_span_refresh(changed);
  end if;
end $$;

-- The statement trigger of 0003, with stage 2 moved into progress_rollup_add. Each operation still
-- writes its own stage 1 (rows leaving the live set −1, entering +1, grouped by the reporting unit's
-- parent: ≈ 100 communes collapse into one row): transition tables are visible only to the trigger's
-- own statements.
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
        i.threshold, 1 as sign
      from new_rows n join indicator i on i.id = n.indicator_id
      where n.deleted_at is null and n.status <> 'draft'
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

-- Recomputes the rollup and its span rows from data_value for a province (null: everything) and
-- optionally one indicator. Used when unit paths or indicator thresholds change.
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
      i.threshold, 1 as sign
    from data_value v join indicator i on i.id = v.indicator_id
    where v.deleted_at is null and v.status <> 'draft'
      and (p_province is null or v.province_id = p_province)
      and (p_indicator is null or v.indicator_id = p_indicator)
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
  if grouped is not null then
    perform progress_rollup_add(grouped);
  end if;
end $$;

-- Span rows of the values already stored, province by province.
select progress_span_refresh(array_agg(row(province_id, indicator_id, period, ancestor_id, unit_kind)::progress_part))
from progress_rollup where period ~ '^\d{6}$|^\d{4}Q[1-4]$'
group by province_id;
