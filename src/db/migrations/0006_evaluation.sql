-- Evaluation indices (DTI and provincial indices for departments and communes): frameworks as versioned
-- JSON, yearly evaluation rounds per unit group, self-assessment and appraisal per criterion, results frozen
-- at publication. The pure logic (scoring, ranks, sensitivity, recognition) lives in src/core/evaluation/.
-- Every table carries province_id (distribution key) and is audited: the trail of every score change is the
-- audit_log of eval_answer.

-- A framework version: the whole tree of indices and criteria as JSON (validated by ZFrameworkShape while a
-- draft, by ZFramework before activation). A new legal basis makes a new version of the same code.
create table eval_framework (
  id integer generated always as identity primary key,
  province_id integer references org_unit (id),
  owner_unit_id integer not null references org_unit (id),
  code text not null,
  version text not null,
  name text not null,
  name_en text,
  scope text not null,
  status text not null default 'draft' check (status in ('draft', 'active', 'retired')),
  template_id text,
  definition jsonb not null,
  -- Recognition rule (ZRecognitionRule) for commune/department recognition; null = none.
  recognition_rule jsonb,
  row_version integer not null default 1,
  created_by text not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint eval_framework_code_version unique (owner_unit_id, code, version)
);

-- One evaluation per year and unit group with a framework; the self-assessment closes at self_deadline.
create table eval_round (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  framework_id integer not null references eval_framework (id),
  year integer not null check (year between 2000 and 2100),
  name text not null,
  unit_group text not null check (unit_group in ('commune', 'agency', 'province', 'other')),
  self_deadline timestamptz not null,
  appraisal_deadline timestamptz,
  status text not null default 'open' check (status in ('open', 'published')),
  published_at timestamptz,
  published_by text,
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint eval_round_unique unique (province_id, framework_id, year, unit_group),
  constraint eval_round_deadlines check (appraisal_deadline is null or appraisal_deadline >= self_deadline)
);
create index eval_round_province_idx on eval_round (province_id, year);

-- A unit taking part in a round, its workflow state and its assigned appraiser.
create table eval_participant (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  round_id integer not null references eval_round (id),
  unit_id integer not null references org_unit (id),
  status text not null default 'not_started'
    check (status in ('not_started', 'draft', 'submitted', 'appraised')),
  submitted_at timestamptz,
  appraiser_user_id integer references app_user (id),
  constraint eval_participant_unique unique (round_id, unit_id)
);
create index eval_participant_unit_idx on eval_participant (unit_id);

-- One criterion of one unit: what the unit self-assessed and what the appraisers decided, both kept.
create table eval_answer (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  participant_id integer not null references eval_participant (id),
  criterion_code text not null,
  self_answer jsonb,
  self_points numeric,
  appraisal text not null default 'pending'
    check (appraisal in ('pending', 'accepted', 'adjusted', 'evidence_requested')),
  appraised_answer jsonb,
  appraised_points numeric,
  appraisal_reason text,
  appraised_by text,
  version integer not null default 1,
  updated_by text not null default 'system',
  updated_at timestamptz not null default now(),
  constraint eval_answer_unique unique (participant_id, criterion_code),
  constraint eval_answer_reason check (appraisal not in ('adjusted', 'evidence_requested')
    or coalesce(appraisal_reason, '') <> '')
);

-- Results frozen at publication: the unit's self-assessed and final (appraised) score, as computed then.
create table eval_result (
  id integer generated always as identity primary key,
  province_id integer not null references org_unit (id),
  round_id integer not null references eval_round (id),
  participant_id integer not null references eval_participant (id),
  unit_id integer not null references org_unit (id),
  total_value numeric not null,
  published_text text not null,
  self_total_value numeric,
  score jsonb not null,
  self_score jsonb,
  created_at timestamptz not null default now(),
  constraint eval_result_unique unique (round_id, unit_id)
);

select attach_audit(t) from unnest(array[
  'eval_framework', 'eval_round', 'eval_participant', 'eval_answer', 'eval_result'
]) as t;
