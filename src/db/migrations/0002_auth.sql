-- Authentication and access: server-side sessions (token stored hashed), API keys for machine feeds
-- (hashed, scoped to a unit, indicator codes and permissions), and the append-only access log.

alter table app_user add column password_changed_at timestamptz;
create unique index app_user_email_idx on app_user (lower(email)) where email is not null;

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- database does not let anyone sign in. Idle and absolute expiry are checked on every request.
create table user_session (
  id bigint generated always as identity primary key,
  user_id integer not null references app_user (id),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index user_session_user_idx on user_session (user_id) where revoked_at is null;

-- A key for a machine client (public-service portal, LGSP feed): narrow by construction.
create table api_key (
  id integer generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  prefix text not null,
  key_hash text not null unique,
  unit_id integer not null references org_unit (id),
  province_id integer references org_unit (id),
  indicator_codes text[],
  permissions text[] not null,
  created_by integer references app_user (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
select attach_audit('api_key');

-- Who signed in, failed, signed out, was locked, had a password reset or a role changed, exported what.
-- No foreign keys on purpose: the record outlives the users and units it names (and the demo purge).
create table access_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  event text not null,
  actor text not null,
  user_id integer,
  username text,
  api_key_id integer,
  target_user_id integer,
  unit_id integer,
  province_id integer,
  ip text,
  user_agent text,
  detail jsonb not null default '{}'::jsonb
);
create index access_log_at_idx on access_log (at);
create index access_log_user_idx on access_log (user_id, at);
create index access_log_province_idx on access_log (province_id, at);

create trigger access_log_append_only before update or delete on access_log
  for each row execute function audit_log_forbid_change();
