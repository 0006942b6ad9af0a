-- Why: the incident core. People and their credentials, the organisation's urgency policy with an
-- audit trail, incidents with the seed classification, and the append-only timeline that records
-- every change ("write down everything").

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'responder', 'support', 'stakeholder')),
  password_hash text,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Browser sessions and API tokens share one table: both are bearer secrets stored only as a hash.
CREATE TABLE auth_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('session', 'api')),
  name text,
  token_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id, kind);

-- Small named settings (the one-time setup token hash lives here).
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The urgency policy: one current row per organisation, versioned.
CREATE TABLE urgency_policy (
  id int PRIMARY KEY CHECK (id = 1),
  version int NOT NULL,
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users (id)
);

-- Administrative changes (policy, users, tokens): who did what, when, with before and after.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES users (id),
  action text NOT NULL,
  target text,
  data jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  scope text CHECK (scope IN ('ALL', 'ALL-USERS', 'ALL-ADMINS', 'USERS', 'ADMINS', 'S-USER', 'S-ADMIN')),
  criticality text CHECK (criticality IN ('ALLBLOCK', 'FBLOCK', 'FBEHAV')),
  area text CHECK (area IN ('FE', 'BE', 'FEBE', 'DEVOPS')),
  impact_conversion text CHECK (impact_conversion IN ('none', 'low', 'medium', 'high')),
  impact_experience text CHECK (impact_experience IN ('none', 'low', 'medium', 'high')),
  impact_revenue text CHECK (impact_revenue IN ('none', 'low', 'medium', 'high')),
  lifespan_started_at timestamptz,
  lifespan_expected text CHECK (lifespan_expected IN ('minutes', 'hours', 'days', 'weeks', 'until-fixed')),
  tagline text NOT NULL,
  urgency text CHECK (urgency IN ('P1', 'P2', 'P3', 'P4')),
  urgency_override_reason text,
  decision text NOT NULL CHECK (decision IN ('expedite', 'backlog', 'product-owner')),
  status text NOT NULL CHECK (status IN ('triage', 'investigating', 'fixing', 'monitoring', 'resolved', 'closed', 'backlogged', 'declined')),
  owner_id uuid REFERENCES users (id),
  resolution_summary text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  resolved_at timestamptz,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', tagline), 'A') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'B')
  ) STORED
);
-- The list is ordered newest first (number desc); these serve its common filters.
CREATE INDEX incidents_status ON incidents (status, number DESC);
CREATE INDEX incidents_urgency ON incidents (urgency, number DESC);
CREATE INDEX incidents_owner ON incidents (owner_id, number DESC);
CREATE INDEX incidents_search ON incidents USING gin (search);
-- "Open" incidents (the default view) without walking past the resolved and closed ones.
CREATE INDEX incidents_open ON incidents (number DESC)
  WHERE status IN ('triage', 'investigating', 'fixing', 'monitoring', 'backlogged');

CREATE TABLE incident_roles (
  incident_id uuid NOT NULL REFERENCES incidents (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('comms-lead', 'developer', 'reviewer', 'tester', 'designer', 'product-owner', 'observer')),
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, user_id, role)
);

CREATE TABLE incident_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  text text NOT NULL,
  assignee_id uuid REFERENCES users (id),
  done boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
CREATE INDEX incident_tasks_incident ON incident_tasks (incident_id, created_at);

CREATE TABLE time_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  user_id uuid NOT NULL REFERENCES users (id),
  hours numeric(6, 2) NOT NULL CHECK (hours > 0 AND hours <= 1000),
  description text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX time_entries_incident ON time_entries (incident_id, created_at);

-- "Write down everything": one row per change, written in the same transaction as the change.
CREATE TABLE timeline_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES incidents (id),
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES users (id),
  kind text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, id);

-- The timeline is append-only in the database itself, whatever code runs against it.
CREATE FUNCTION timeline_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'timeline entries are append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER timeline_entries_no_change BEFORE UPDATE OR DELETE ON timeline_entries
  FOR EACH ROW EXECUTE FUNCTION timeline_entries_append_only();
CREATE TRIGGER timeline_entries_no_truncate BEFORE TRUNCATE ON timeline_entries
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_entries_append_only();
