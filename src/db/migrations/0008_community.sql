-- Community digital technology teams (tổ công nghệ số cộng đồng) and the commune DX programme.
--
-- The team and member tables come from 0001; this migration adds what the registry needs on them
-- (optimistic concurrency, a note, one live team per village), the activities reported per period, the
-- link between registry measures and plan indicators (so figures flow to the progress engine without
-- retyping), and the commune DX programme: a province's yearly programme with its criteria (a commune
-- framework of the evaluation-index engine) and recognition rule, the communes' registrations and their
-- answers. Every table carries province_id; nothing a user typed is deleted physically.

alter table community_team add column version integer not null default 1;
alter table community_team add column note text;
alter table community_team add column created_by text not null default 'system';
alter table community_team add column updated_by text not null default 'system';
-- One live (not dissolved) team per village or commune: a second one is a duplicate, not a new team.
create unique index community_team_live_unit on community_team (unit_id) where status <> 'dissolved';
create index community_team_unit_idx on community_team (unit_id);

alter table community_team_member add column updated_at timestamptz not null default now();
alter table community_team_member add constraint community_team_member_phone
  check (phone is null or phone ~ '^\+?[0-9 .]{8,15}$');
create index community_team_member_province_idx on community_team_member (province_id, team_id);

-- What a team did in a reporting period (quarter): households helped, people guided to install or use a
-- digital service, sessions held. One row per team and period; corrected in place (audited).
create table community_team_activity (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  commune_id integer not null references org_unit (id),
  team_id integer not null references community_team (id),
  period text not null check (period ~ '^\d{4}Q[1-4]$'),
  households_helped integer not null default 0 check (households_helped >= 0),
  people_guided integer not null default 0 check (people_guided >= 0),
  sessions integer not null default 0 check (sessions >= 0),
  note text,
  created_by text not null default 'system',
  updated_by text not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint community_team_activity_key unique (team_id, period)
);
create index community_team_activity_commune_idx on community_team_activity (province_id, commune_id, period);

-- Which registry measure feeds which indicator. A plan's own indicator (the demo's XHS05 "share of villages
-- with a team") can be linked too, so its target is measured from the registry.
create table community_indicator_link (
  id integer generated always as identity primary key,
  indicator_id integer not null references indicator (id),
  measure text not null check (measure in ('teams', 'members', 'village_coverage', 'commune_coverage',
    'households_helped', 'people_guided', 'sessions')),
  constraint community_indicator_link_unique unique (indicator_id)
);

-- The registry's own indicators (codes CNS_*), shared by every province.
insert into indicator (code, name, name_en, definition, kind, unit, numerator_label, denominator_label,
  aggregation, over_time, decimals, source)
values
  ('CNS_TEAMS', 'Số Tổ công nghệ số cộng đồng', 'Community digital technology teams',
   'Số tổ đang hoạt động (không tính tổ đã giải thể), tính từ sổ đăng ký tổ.', 'count', 'tổ', null, null,
   'sum', 'last', 0, 'Sổ đăng ký Tổ công nghệ số cộng đồng'),
  ('CNS_MEMBERS', 'Số thành viên Tổ công nghệ số cộng đồng', 'Members of community digital technology teams',
   'Số thành viên đang tham gia các tổ đang hoạt động.', 'count', 'người', null, null,
   'sum', 'last', 0, 'Sổ đăng ký Tổ công nghệ số cộng đồng'),
  ('CNS_VILLAGE_COVERAGE', 'Tỷ lệ thôn, tổ dân phố có Tổ công nghệ số cộng đồng',
   'Share of villages with a community digital technology team',
   'Thôn, bản, tổ dân phố có tổ đang hoạt động / tổng số thôn, bản, tổ dân phố.', 'ratio', '%',
   'Thôn có tổ', 'Tổng số thôn', 'ratio_of_sums', 'last', 1, 'Sổ đăng ký Tổ công nghệ số cộng đồng'),
  ('CNS_COMMUNE_COVERAGE', 'Tỷ lệ xã, phường có Tổ công nghệ số cộng đồng',
   'Share of communes with a community digital technology team',
   'Xã, phường có ít nhất một tổ đang hoạt động / tổng số xã, phường.', 'ratio', '%',
   'Xã có tổ', 'Tổng số xã', 'ratio_of_sums', 'last', 1, 'Sổ đăng ký Tổ công nghệ số cộng đồng'),
  ('CNS_HOUSEHOLDS_HELPED', 'Số hộ gia đình được Tổ công nghệ số cộng đồng hỗ trợ',
   'Households helped by community digital technology teams', null, 'count', 'hộ', null, null,
   'sum', 'sum', 0, 'Báo cáo hoạt động Tổ công nghệ số cộng đồng'),
  ('CNS_PEOPLE_GUIDED', 'Số lượt người dân được hướng dẫn cài đặt, sử dụng dịch vụ số',
   'People guided to install or use digital services', null, 'count', 'lượt người', null, null,
   'sum', 'sum', 0, 'Báo cáo hoạt động Tổ công nghệ số cộng đồng'),
  ('CNS_SESSIONS', 'Số buổi hỗ trợ, hướng dẫn của Tổ công nghệ số cộng đồng',
   'Support sessions held by community digital technology teams', null, 'count', 'buổi', null, null,
   'sum', 'sum', 0, 'Báo cáo hoạt động Tổ công nghệ số cộng đồng')
on conflict (code) do nothing;

insert into community_indicator_link (indicator_id, measure)
select i.id, m.measure from (values
  ('CNS_TEAMS', 'teams'), ('CNS_MEMBERS', 'members'), ('CNS_VILLAGE_COVERAGE', 'village_coverage'),
  ('CNS_COMMUNE_COVERAGE', 'commune_coverage'), ('CNS_HOUSEHOLDS_HELPED', 'households_helped'),
  ('CNS_PEOPLE_GUIDED', 'people_guided'), ('CNS_SESSIONS', 'sessions')) as m(code, measure)
join indicator i on i.code = m.code
on conflict (indicator_id) do nothing;

-- A province's commune DX programme for a year: its criteria (a commune framework in the evaluation-index
-- engine's JSON shape) and its recognition rule (basic / advanced), both data a province can change.
create table dx_programme (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  year integer not null check (year between 2000 and 2100),
  name text not null check (length(name) between 1 and 500),
  framework jsonb not null,
  rule jsonb not null,
  legal_basis text,
  status text not null default 'open' check (status in ('draft', 'open', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint dx_programme_year unique (province_id, year)
);

-- A commune registers for a programme at a level; the secretariat records the recognition decided by the rule.
create table dx_programme_registration (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  programme_id integer not null references dx_programme (id),
  commune_id integer not null references org_unit (id),
  level text not null check (level in ('basic', 'advanced')),
  registered_on date not null default current_date,
  status text not null default 'registered' check (status in ('registered', 'withdrawn')),
  recognised_level text check (recognised_level is null or recognised_level in ('none', 'basic', 'advanced')),
  recognition jsonb,
  decision text,
  decided_at timestamptz,
  created_by text not null default 'system',
  updated_by text not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  constraint dx_programme_registration_unique unique (programme_id, commune_id)
);
create index dx_programme_registration_province_idx on dx_programme_registration (province_id, programme_id);

-- A registered commune's answer to one criterion (the evaluation engine's TAnswer shape).
create table dx_programme_answer (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  registration_id integer not null references dx_programme_registration (id),
  criterion_code text not null,
  answer jsonb not null,
  updated_by text not null default 'system',
  updated_at timestamptz not null default now(),
  constraint dx_programme_answer_unique unique (registration_id, criterion_code)
);

select attach_audit(t) from unnest(array[
  'community_team_activity', 'community_indicator_link', 'dx_programme', 'dx_programme_registration',
  'dx_programme_answer'
]) as t;
