-- Foundation schema: units and their history, plans, pillars, targets, indicators, forms, data values,
-- users, community teams, and the append-only audit log.
-- Conventions: every table that can grow large carries province_id (future distribution key);
-- validity intervals are half-open [valid_from, valid_to); nothing a user typed is deleted physically.

create table org_unit (
  id integer generated always as identity primary key,
  code text not null,
  kind text not null check (kind in ('nation', 'province', 'district', 'commune', 'village', 'agency')),
  level smallint not null check (level between 0 and 4),
  name text not null,
  name_en text,
  full_name text,
  full_name_en text,
  unit_type text,
  parent_id integer references org_unit (id),
  province_id integer references org_unit (id),
  path text not null default '/',
  search_text text not null default '',
  valid_from date not null default '1900-01-01',
  valid_to date,
  is_demo boolean not null default false,
  source text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint org_unit_code_era unique (kind, code, valid_from),
  constraint org_unit_validity check (valid_to is null or valid_to > valid_from),
  constraint org_unit_not_own_parent check (parent_id is null or parent_id <> id)
);
create index org_unit_parent_idx on org_unit (parent_id);
create index org_unit_province_idx on org_unit (province_id);
create index org_unit_path_idx on org_unit (path text_pattern_ops);
create index org_unit_code_idx on org_unit (code);

-- Dated reorganisation events (merge/split with full or partial shares) so history re-aggregates onto
-- today's units and today's figures can be shown for old borders.
create table org_unit_event (
  id integer generated always as identity primary key,
  event_date date not null,
  kind text not null check (kind in ('merge', 'split', 'rename', 'create', 'abolish')),
  from_unit_id integer not null references org_unit (id),
  to_unit_id integer references org_unit (id),
  share text not null default 'full' check (share in ('full', 'partial')),
  weight numeric check (weight is null or (weight > 0 and weight <= 1)),
  legal_basis text,
  constraint org_unit_event_unique unique (event_date, from_unit_id, to_unit_id)
);
create index org_unit_event_to_idx on org_unit_event (to_unit_id);

create table pillar (
  id integer generated always as identity primary key,
  code text not null unique,
  kind text not null check (kind in ('pillar', 'foundation')),
  name text not null,
  name_en text not null,
  sort integer not null default 0
);

create table plan (
  id integer generated always as identity primary key,
  code text not null,
  name text not null,
  name_en text,
  owner_unit_id integer not null references org_unit (id),
  province_id integer references org_unit (id),
  legal_number text,
  legal_issuer text,
  legal_date date,
  legal_file text,
  start_year integer,
  end_year integer,
  status text not null default 'active' check (status in ('draft', 'active', 'retired')),
  version integer not null default 1,
  previous_version_id integer references plan (id),
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint plan_code_version unique (owner_unit_id, code, version),
  constraint plan_years check (end_year is null or start_year is null or end_year >= start_year)
);

create table indicator (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  name_en text,
  definition text,
  kind text not null check (kind in ('ratio', 'percent', 'count', 'number', 'boolean', 'rank')),
  unit text,
  numerator_label text,
  denominator_label text,
  aggregation text not null default 'sum' check (aggregation in (
    'sum', 'ratio_of_sums', 'average', 'min', 'max', 'last', 'count_meeting', 'share_meeting', 'none')),
  over_time text not null default 'last' check (over_time in ('sum', 'last', 'ratio_of_sums', 'average')),
  threshold numeric,
  threshold_op text check (threshold_op is null or threshold_op in ('>=', '>', '<=', '<', '=')),
  formula text,
  decimals smallint not null default 1 check (decimals between 0 and 6),
  min_value numeric,
  max_value numeric,
  source text,
  owner_unit_id integer references org_unit (id),
  status text not null default 'active' check (status in ('active', 'retired')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table target (
  id integer generated always as identity primary key,
  plan_id integer not null references plan (id),
  province_id integer references org_unit (id),
  pillar_id integer references pillar (id),
  code text not null,
  name text not null,
  name_en text,
  indicator_id integer references indicator (id),
  direction text not null default 'higher' check (direction in ('higher', 'lower')),
  national_benchmark numeric,
  benchmark_note text,
  responsible_unit_id integer references org_unit (id),
  applies_to text not null default 'province' check (applies_to in ('province', 'agency', 'commune', 'all')),
  sort integer not null default 0,
  source text,
  constraint target_code unique (plan_id, code)
);
create index target_plan_idx on target (plan_id, sort);

create table target_value (
  id integer generated always as identity primary key,
  target_id integer not null references target (id),
  year integer not null check (year between 2000 and 2100),
  value numeric not null,
  constraint target_value_year unique (target_id, year)
);

create table data_set (
  id integer generated always as identity primary key,
  code text not null,
  name text not null,
  name_en text,
  period_type text not null check (period_type in ('month', 'quarter', 'half_year', 'nine_months', 'year')),
  cumulative boolean not null default true,
  plan_id integer references plan (id),
  owner_unit_id integer not null references org_unit (id),
  applies_to text not null default 'commune' check (applies_to in ('province', 'agency', 'commune', 'all')),
  status text not null default 'active' check (status in ('draft', 'active', 'retired')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint data_set_code unique (owner_unit_id, code)
);

create table data_set_element (
  id integer generated always as identity primary key,
  data_set_id integer not null references data_set (id),
  indicator_id integer not null references indicator (id),
  section text not null default '',
  sort integer not null default 0,
  required boolean not null default false,
  constraint data_set_element_unique unique (data_set_id, indicator_id)
);

-- One figure: indicator × unit × period. province_id is the distribution key.
create table data_value (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  indicator_id integer not null references indicator (id),
  org_unit_id integer not null references org_unit (id),
  period text not null,
  period_type text not null check (period_type in ('month', 'quarter', 'half_year', 'nine_months', 'year')),
  period_start date not null,
  period_end date not null,
  numerator numeric,
  denominator numeric,
  value numeric,
  comment text,
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'locked')),
  data_set_id integer references data_set (id),
  indicator_version integer not null default 1,
  created_by text not null default 'system',
  updated_by text not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  deleted_at timestamptz,
  constraint data_value_key unique (province_id, indicator_id, org_unit_id, period),
  constraint data_value_ratio check (numerator is null or denominator is null or denominator >= 0)
);
create index data_value_period_idx on data_value (province_id, period, indicator_id);
create index data_value_unit_idx on data_value (org_unit_id, indicator_id, period);

create table app_user (
  id integer generated always as identity primary key,
  username text not null unique,
  display_name text not null,
  email text,
  phone text,
  unit_id integer references org_unit (id),
  password_hash text,
  must_change_password boolean not null default true,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table role_assignment (
  id integer generated always as identity primary key,
  user_id integer not null references app_user (id),
  role text not null check (role in ('admin', 'secretariat', 'reviewer', 'reporter', 'leader', 'public')),
  unit_id integer not null references org_unit (id),
  constraint role_assignment_unique unique (user_id, role, unit_id)
);

create table community_team (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  commune_id integer not null references org_unit (id),
  unit_id integer not null references org_unit (id),
  name text not null,
  leader_name text,
  founding_decision text,
  founded_on date,
  status text not null default 'active' check (status in ('active', 'inactive', 'dissolved')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index community_team_commune_idx on community_team (province_id, commune_id);

create table community_team_member (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  team_id integer not null references community_team (id),
  full_name text not null,
  role text not null default 'member' check (role in ('leader', 'deputy', 'member')),
  phone text,
  status text not null default 'active' check (status in ('active', 'left')),
  created_at timestamptz not null default now()
);
create index community_team_member_team_idx on community_team_member (team_id);

create table app_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Append-only audit: who (dxm.actor), when, before, after, why (dxm.reason), for every audited table.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  table_name text not null,
  row_id text,
  action text not null,
  before jsonb,
  after jsonb,
  reason text,
  province_id integer
);
create index audit_log_row_idx on audit_log (table_name, row_id);
create index audit_log_province_idx on audit_log (province_id, at);

create function audit_log_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'P0001';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_forbid_change();

-- Secrets never reach the audit log.
create function audit_json(r jsonb) returns jsonb language sql immutable as $$
  select r - array['password_hash', 'token_hash', 'key_hash']
$$;

-- Statement-level triggers with transition tables: one INSERT … SELECT per statement, so bulk loads stay fast.
-- With dxm.bulk = 'on' a bulk statement is recorded as one summary row naming the import.
-- Transition tables carry no statistics; without a hash join a 10,000-row update would compare every pair.
create function audit_rows() returns trigger language plpgsql set enable_nestloop = off as $$
declare
  who text := coalesce(nullif(current_setting('dxm.actor', true), ''), 'system');
  why text := nullif(current_setting('dxm.reason', true), '');
  bulk boolean := coalesce(current_setting('dxm.bulk', true), '') = 'on';
begin
  if bulk and tg_op = 'INSERT' then
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

-- attach_audit(table) installs the three statement triggers; later migrations call it for their tables.
create function attach_audit(tbl text) returns void language plpgsql as $$
begin
  execute format('create trigger %I after insert on %I referencing new table as new_rows
    for each statement execute function audit_rows()', tbl || '_audit_ins', tbl);
  execute format('create trigger %I after update on %I referencing old table as old_rows new table as new_rows
    for each statement execute function audit_rows()', tbl || '_audit_upd', tbl);
  execute format('create trigger %I after delete on %I referencing old table as old_rows
    for each statement execute function audit_rows()', tbl || '_audit_del', tbl);
end $$;

-- Figures must never disappear: data values are retired with deleted_at, never deleted.
-- The only exception is `dxm demo reset` (dxm.purge = 'on'), which removes the fictional province.
create function forbid_delete() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('dxm.purge', true), '') = 'on' then
    return old;
  end if;
  raise exception '% rows are never deleted; set deleted_at instead', tg_table_name using errcode = 'P0001';
end $$;
create trigger data_value_no_delete before delete on data_value
  for each row execute function forbid_delete();

select attach_audit(t) from unnest(array[
  'org_unit', 'plan', 'indicator', 'target', 'target_value', 'data_set', 'data_set_element', 'data_value',
  'app_user', 'role_assignment', 'community_team', 'community_team_member', 'org_unit_event', 'pillar'
]) as t;
