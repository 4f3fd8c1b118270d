-- Plan designer: groups inside a plan's pillars, the set of unit groups a target or form applies to,
-- uploaded legal documents, and stamping data values with the indicator version they were reported under.

-- A group of targets inside a pillar of one plan ("Nhóm chỉ tiêu về dịch vụ công").
create table plan_group (
  id integer generated always as identity primary key,
  plan_id integer not null references plan (id),
  province_id integer references org_unit (id),
  pillar_id integer references pillar (id),
  code text not null,
  name text not null,
  name_en text,
  sort integer not null default 0,
  constraint plan_group_code unique (plan_id, code)
);
create index plan_group_plan_idx on plan_group (plan_id, sort);

-- Targets: their group, the unit groups they apply to (a set: agency / commune / province), and the
-- responsible body as written in the annex when it matches no unit yet.
alter table target add column group_id integer references plan_group (id);
alter table target add column applies_to_set text[] not null default '{}'
  check (applies_to_set <@ array['province', 'agency', 'commune']::text[]);
alter table target add column responsible_text text;
alter table target add column unit_label text;

-- Forms: the unit groups they are assigned to (data_set.applies_to keeps one summary value for older readers).
alter table data_set add column applies_to_set text[] not null default '{}'
  check (applies_to_set <@ array['province', 'agency', 'commune']::text[]);
alter table data_set add column description text;

-- Plans: when and why a plan was retired; the legal document uploaded with it.
alter table plan add column retired_at timestamptz;
alter table plan add column legal_summary text;

create table plan_document (
  id integer generated always as identity primary key,
  plan_id integer not null references plan (id),
  province_id integer references org_unit (id),
  file_name text not null,
  content_type text not null,
  size integer not null,
  content bytea not null,
  uploaded_by text not null default 'system',
  uploaded_at timestamptz not null default now()
);
create index plan_document_plan_idx on plan_document (plan_id);

select attach_audit(t) from unnest(array['plan_group', 'plan_document']) as t;

-- A figure keeps the indicator definition it was reported under: new rows (and rows whose numbers change)
-- are stamped with the indicator's current version when the writer did not already do so. Statement
-- level with transition tables, and a no-op while every indicator is still at version 1, so bulk loads
-- pay nothing measurable.
create function data_value_stamp_indicator_version() returns trigger language plpgsql as $$
declare
  ids bigint[];
begin
  if not exists (select 1 from indicator where version > 1) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    select array_agg(n.id) into ids from new_rows n join indicator i on i.id = n.indicator_id
      where i.version <> n.indicator_version;
  else
    select array_agg(n.id) into ids from new_rows n join old_rows o on o.id = n.id
      join indicator i on i.id = n.indicator_id
      where i.version <> n.indicator_version and n.indicator_version = o.indicator_version
        and (n.numerator, n.denominator, n.value) is distinct from (o.numerator, o.denominator, o.value);
  end if;
  if ids is not null then
    update data_value d set indicator_version = i.version
      from indicator i where d.id = any(ids) and i.id = d.indicator_id;
  end if;
  return null;
end $$;
create trigger data_value_stamp_version_ins after insert on data_value referencing new table as new_rows
  for each statement execute function data_value_stamp_indicator_version();
create trigger data_value_stamp_version_upd after update on data_value
  referencing old table as old_rows new table as new_rows
  for each statement execute function data_value_stamp_indicator_version();
