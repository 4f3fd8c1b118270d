-- Two statement triggers that a bulk import (a province's 1.2 million values in one statement) paid
-- seconds for, measured with track_functions on PostgreSQL 15:
--
-- 1. The span refresh (0011) made its list of span rows with DISTINCT over a text[] column (the parts):
--    1.8 of its 3.4 seconds. The parts follow from the span and grain, so the rows are grouped by
--    their scalar columns and the parts carried along.
-- 2. The reference check (0010) read the statement's rows four times (units, provinces, indicators,
--    forms). It now reads them once, grouped by the four columns (a few thousand combinations), and
--    checks the parents from that — the same FOR KEY SHARE locks and the same SQLSTATE 23503.

create or replace function progress_span_refresh(changed progress_part[]) returns void language sql
  set enable_nestloop = on set jit = off as $$
  with t as (
    select c.province_id, c.indicator_id, c.ancestor_id, c.unit_kind, x.span, x.grain, max(x.parts) as parts
    from unnest(changed) c cross join lateral progress_spans(c.period) x
    group by c.province_id, c.indicator_id, c.ancestor_id, c.unit_kind, x.span, x.grain
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

create or replace function data_value_check_references() returns trigger language plpgsql
  set enable_nestloop = off set jit = off as $$
declare
  units integer[];
  inds integer[];
  sets integer[];
  locked integer;
begin
  with k as (
    select org_unit_id, province_id, indicator_id, data_set_id from new_rows group by 1, 2, 3, 4
  )
  select array(select org_unit_id from k union select province_id from k),
    array(select distinct indicator_id from k),
    array(select distinct data_set_id from k where data_set_id is not null)
  into units, inds, sets;
  select count(*) into locked from (select 1 from org_unit where id = any(units) for key share) x;
  if locked < cardinality(units) then
    raise exception 'data_value references a unit that does not exist' using errcode = '23503';
  end if;
  select count(*) into locked from (select 1 from indicator where id = any(inds) for key share) x;
  if locked < cardinality(inds) then
    raise exception 'data_value references an indicator that does not exist' using errcode = '23503';
  end if;
  if cardinality(sets) > 0 then
    select count(*) into locked from (select 1 from data_set where id = any(sets) for key share) x;
    if locked < cardinality(sets) then
      raise exception 'data_value references a form that does not exist' using errcode = '23503';
    end if;
  end if;
  return null;
end $$;
