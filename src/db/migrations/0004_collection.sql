-- Collection and approval: reporting rounds, submissions (one per unit × form × period, versioned for
-- optimistic concurrency), their workflow history, narrative sections, evidence attachments stored by
-- content hash, cross-field validation rules and in-app notifications (reminders).
-- Nothing a user typed is deleted physically: attachments are retired with deleted_at.

-- A round: the secretariat asks a set of units for a set of forms for one period, between two dates.
create table reporting_round (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  owner_unit_id integer not null references org_unit (id),
  name text not null check (length(name) between 1 and 300),
  period text not null,
  period_type text not null check (period_type in ('month', 'quarter', 'half_year', 'nine_months', 'year')),
  opens_on date not null,
  deadline date not null,
  status text not null default 'open' check (status in ('draft', 'open', 'closed', 'cancelled')),
  -- 'province': the owner unit approves; 'district': a district ancestor approves first where one exists.
  approval_level text not null default 'province' check (approval_level in ('province', 'district')),
  created_by text not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint reporting_round_dates check (deadline >= opens_on)
);
create index reporting_round_province_idx on reporting_round (province_id, period);

create table reporting_round_form (
  id integer generated always as identity primary key,
  round_id integer not null references reporting_round (id),
  data_set_id integer not null references data_set (id),
  constraint reporting_round_form_unique unique (round_id, data_set_id)
);

create table reporting_round_unit (
  id integer generated always as identity primary key,
  round_id integer not null references reporting_round (id),
  province_id integer not null references org_unit (id),
  org_unit_id integer not null references org_unit (id),
  constraint reporting_round_unit_unique unique (round_id, org_unit_id)
);
create index reporting_round_unit_unit_idx on reporting_round_unit (org_unit_id);

-- One unit's answer to one form for one period. `version` grows with every save or step: a writer
-- sends the version it read and is refused (409) when someone else wrote in between.
create table submission (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  round_id integer references reporting_round (id),
  data_set_id integer not null references data_set (id),
  org_unit_id integer not null references org_unit (id),
  period text not null,
  state text not null default 'draft' check (state in ('draft', 'submitted', 'returned', 'approved', 'locked')),
  version integer not null default 1,
  -- Units whose reviewers approve, in order (district first where configured, then the province);
  -- review_step indexes the one whose turn it is while the submission is 'submitted'.
  approval_chain integer[] not null default '{}',
  review_step smallint not null default 0,
  return_comment text,
  warnings jsonb not null default '[]'::jsonb,
  submitted_at timestamptz,
  submitted_by text,
  approved_at timestamptz,
  approved_by text,
  locked_at timestamptz,
  updated_by text not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint submission_key unique (data_set_id, org_unit_id, period)
);
create index submission_round_idx on submission (round_id, state);
create index submission_province_idx on submission (province_id, period, state);

-- Every workflow step and save, with the version it produced: the history a reviewer reads.
create table submission_event (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  submission_id bigint not null references submission (id),
  at timestamptz not null default now(),
  actor text not null,
  action text not null check (action in ('create', 'save', 'submit', 'return', 'approve', 'lock', 'reopen', 'import')),
  from_state text,
  to_state text,
  version integer not null,
  comment text,
  changed integer not null default 0
);
create index submission_event_submission_idx on submission_event (submission_id, id);
-- Append-only; only the demo purge (dxm.purge) may remove rows.
create trigger submission_event_no_update before update on submission_event
  for each row execute function audit_log_forbid_change();
create trigger submission_event_no_delete before delete on submission_event
  for each row execute function forbid_delete();

-- Narrative sections every review report needs (results, shortcomings, causes, proposals), per submission.
-- The report generator reads them with:
--   select s.org_unit_id, s.period, n.section, n.body from submission_narrative n
--   join submission s on s.id = n.submission_id where s.province_id = $1 and s.period = $2
--   and s.state in ('approved', 'locked');
create table submission_narrative (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  submission_id bigint not null references submission (id),
  section text not null check (section in ('results', 'shortcomings', 'causes', 'proposals')),
  body text not null default '' check (length(body) <= 50000),
  updated_by text not null default 'system',
  updated_at timestamptz not null default now(),
  constraint submission_narrative_unique unique (submission_id, section)
);

-- File contents by SHA-256, stored once however often attached; kept in the database (bytea) or, when
-- a data folder is configured, as a file named by the hash (storage = 'file', content null).
create table attachment_blob (
  id bigint generated always as identity primary key,
  sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer not null check (size_bytes >= 0),
  mime text not null,
  storage text not null default 'db' check (storage in ('db', 'file')),
  content bytea,
  created_at timestamptz not null default now()
);

create table attachment (
  id bigint generated always as identity primary key,
  province_id integer not null references org_unit (id),
  submission_id bigint not null references submission (id),
  indicator_id integer references indicator (id),
  blob_id bigint not null references attachment_blob (id),
  file_name text not null check (length(file_name) between 1 and 255),
  mime text not null,
  size_bytes integer not null,
  uploaded_by text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index attachment_submission_idx on attachment (submission_id);
create trigger attachment_no_delete before delete on attachment
  for each row execute function forbid_delete();

-- Cross-field rules of a form, in the formula language (must give true/false), e.g. "A.num <= B".
create table validation_rule (
  id integer generated always as identity primary key,
  data_set_id integer not null references data_set (id),
  expression text not null check (length(expression) between 1 and 2000),
  message text not null,
  message_en text not null,
  severity text not null default 'error' check (severity in ('error', 'warning')),
  status text not null default 'active' check (status in ('active', 'retired'))
);

-- In-app notifications (reminders, returns, approvals). dedupe_key keeps a reminder from repeating.
create table notification (
  id bigint generated always as identity primary key,
  province_id integer references org_unit (id),
  user_id integer not null references app_user (id),
  unit_id integer references org_unit (id),
  round_id integer references reporting_round (id),
  kind text not null,
  title text not null,
  title_en text not null,
  body text,
  link text,
  dedupe_key text,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  emailed_at timestamptz,
  constraint notification_dedupe unique (user_id, dedupe_key)
);
create index notification_user_idx on notification (user_id, created_at desc);

select attach_audit(t) from unnest(array[
  'reporting_round', 'reporting_round_form', 'reporting_round_unit', 'submission', 'submission_narrative',
  'attachment', 'validation_rule'
]) as t;
