-- A version stamp of what a dashboard reads besides data values: plans, pillars, targets and their
-- yearly values, indicators and units (names of responsible units). The progress engine keeps a plan's
-- targets and indicators in memory between requests and reloads them when this number has moved, so a
-- dashboard pays one small query instead of five for a catalogue that changes a few times a year.
--
-- One row, bumped once per statement in the writer's transaction: a reader sees the new number only
-- when the change is committed (a sequence would move before the commit and let a reader cache the old
-- catalogue under the new number).
create table catalog_version (
  id boolean primary key default true check (id),
  version bigint not null default 0
);
insert into catalog_version default values;

create function catalog_version_bump() returns trigger language plpgsql as $$
begin
  update catalog_version set version = version + 1;
  return null;
end $$;

do $$
declare
  t text;
begin
  foreach t in array array['plan', 'pillar', 'target', 'target_value', 'indicator', 'org_unit'] loop
    execute format('create trigger %I after insert or update or delete or truncate on %I
      for each statement execute function catalog_version_bump()', t || '_catalog_version', t);
  end loop;
end $$;
