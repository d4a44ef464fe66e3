-- Accounts, sessions, API keys and the audit log (issue 9). Passwords are argon2id hashes; session
-- tokens and API keys are stored only as SHA-256 digests (they are random, 256-bit), so a copy of the
-- database signs nobody in.

CREATE TABLE accounts (
  id             bigserial PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{2,32}$'),
  display_name   text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'commander', 'street_operator', 'community_worker', 'department', 'planner')),
  -- The root of what the account may see and act on; NULL = every district in the database. Not a
  -- foreign key on purpose: re-importing a district must not take its accounts with it (an account
  -- whose area is gone sees nothing until an admin gives it a new one).
  area_id        text,
  -- For role 'department': the department code whose whistled cases it sees (taxonomy DEPARTMENT_CODES).
  department     text,
  password_hash  text NOT NULL,
  -- Demo accounts come and go with the demo district and are listed on the sign-in page.
  demo           boolean NOT NULL DEFAULT false,
  disabled       boolean NOT NULL DEFAULT false,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'department') = (department IS NOT NULL))
);

CREATE TABLE api_keys (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  purpose      text NOT NULL CHECK (purpose IN ('intake', 'read', 'kiosk')),
  -- An intake key posts cases as this source only.
  source       text CHECK (source IN ('hotline_12345', 'wechat', 'app', 'patrol', 'visit', 'petition', 'open311')),
  area_id      text,
  key_hash     text NOT NULL UNIQUE,
  -- The first characters of the key, to tell keys apart in lists.
  key_prefix   text NOT NULL,
  created_by   text NOT NULL,
  -- The demo district's kiosk key, listed on the sign-in page while the demo is loaded.
  demo         boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  last_used_at timestamptz,
  CHECK ((purpose = 'intake') = (source IS NOT NULL))
);

CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  account_id    bigint REFERENCES accounts (id) ON DELETE CASCADE,
  -- A wall display signed in with a kiosk key: revoking the key ends the session.
  key_id        bigint REFERENCES api_keys (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  CHECK ((account_id IS NULL) <> (key_id IS NULL))
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX sessions_key_idx ON sessions (key_id);

CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL CHECK (action IN ('login', 'login_failed', 'logout', 'password_change', 'unmask', 'account_create', 'account_update', 'key_create', 'key_revoke')),
  target  text,
  reason  text,
  ip      text,
  detail  jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Whether an area lies in the subtree of root (root NULL = everything): the scope check for people and
-- areas, on the same closure the drill-down uses.
CREATE FUNCTION area_in_scope(area text, root text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT root IS NULL OR EXISTS (SELECT 1 FROM area_closure WHERE ancestor_id = root AND descendant_id = area)
$$;
