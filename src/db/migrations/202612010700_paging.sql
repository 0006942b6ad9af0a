-- Why: paging. Durable jobs (every escalation step, message and retry is a row the worker runs),
-- people's contact methods and notification rules, teams and the service catalog's chain of
-- command, on-call schedules, escalation policies, escalations of incidents, and the outbox of
-- messages with an idempotency key each.

CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  key text NOT NULL UNIQUE,
  run_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  attempts int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  -- When a worker last took it: started_at - run_at is the engine's lateness.
  started_at timestamptz,
  last_error text,
  done_at timestamptz
);
-- The worker's one question: what is due next.
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;

CREATE TABLE contact_methods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('voice', 'sms', 'slack', 'teams', 'email', 'webhook')),
  address text NOT NULL,
  label text NOT NULL DEFAULT '',
  verified_at timestamptz,
  verify_code_hash bytea,
  verify_expires_at timestamptz,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
CREATE INDEX contact_methods_user ON contact_methods (user_id);

-- A person's rules: which method, how long after the page. None: the defaults (seed order).
CREATE TABLE notification_rules (
  user_id uuid NOT NULL REFERENCES users (id),
  position int NOT NULL,
  contact_method_id uuid NOT NULL REFERENCES contact_methods (id),
  delay_minutes int NOT NULL CHECK (delay_minutes BETWEEN 0 AND 1440),
  PRIMARY KEY (user_id, position)
);

CREATE TABLE schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE escalation_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  repeat int NOT NULL DEFAULT 0 CHECK (repeat BETWEEN 0 AND 10),
  levels jsonb NOT NULL,
  -- P3/P4 wait for business hours unless this is set (seed 004: urgency selects how to page).
  low_urgency_anytime boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The incident areas this team answers for (FE, BE, DEVOPS; FEBE pages the FE and BE teams).
  areas text[] NOT NULL DEFAULT '{}',
  escalation_policy_id uuid REFERENCES escalation_policies (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));
CREATE TABLE team_members (
  team_id uuid NOT NULL REFERENCES teams (id),
  user_id uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (team_id, user_id)
);

-- The chain of command: each service has a team, its senior-most responsible person and a policy.
ALTER TABLE services
  ADD COLUMN team_id uuid REFERENCES teams (id),
  ADD COLUMN owner_id uuid REFERENCES users (id),
  ADD COLUMN escalation_policy_id uuid REFERENCES escalation_policies (id);

CREATE TABLE escalations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  policy_id uuid REFERENCES escalation_policies (id),
  policy jsonb NOT NULL,
  level int NOT NULL DEFAULT 0,
  round int NOT NULL DEFAULT 0,
  state text NOT NULL CHECK (state IN ('active', 'acknowledged', 'exhausted', 'cancelled')),
  started_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users (id),
  ended_at timestamptz
);
-- At most one escalation runs per incident.
CREATE UNIQUE INDEX escalations_active ON escalations (incident_id) WHERE state = 'active';

-- The outbox: one row per message, unique by idempotency key, so a retry never sends twice.
CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  escalation_id uuid REFERENCES escalations (id),
  incident_id uuid REFERENCES incidents (id),
  user_id uuid REFERENCES users (id),
  contact_method_id uuid REFERENCES contact_methods (id),
  channel text NOT NULL,
  address text NOT NULL,
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  provider_id text,
  error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX messages_incident ON messages (incident_id, created_at);
