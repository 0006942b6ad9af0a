-- Why: signals in. Alerts from monitoring and error trackers arrive through integrations (each
-- with a hashed key); every accepted signal is stored with its raw payload before the sender gets
-- its 2xx. Signals count on alerts (deduplicated by key while open), alerts gather into groups,
-- and a group opens or joins one incident. Support reports bring evidence (uploads, HAR files).

-- What is being watched; integrations and (later) teams and escalation hang off a service.
CREATE TABLE services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  rules jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX services_name_key ON services (lower(name));

CREATE TABLE integrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('alertmanager', 'pagerduty', 'grafana', 'sentry', 'bugsnag', 'generic')),
  service_id uuid REFERENCES services (id),
  key_hash bytea NOT NULL UNIQUE,
  key_hint text NOT NULL,
  signing_secret text,
  mapping jsonb,
  rules jsonb NOT NULL DEFAULT '[]',
  rate_limit_per_minute int NOT NULL CHECK (rate_limit_per_minute > 0),
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  key_rotated_at timestamptz,
  disabled_at timestamptz
);

-- Every request an integration received: accepted ones (their signals hold the payload), and
-- refused ones with the body and the reason, for admins to see.
CREATE TABLE signal_deliveries (
  id uuid PRIMARY KEY,
  integration_id uuid NOT NULL REFERENCES integrations (id),
  received_at timestamptz NOT NULL,
  external_id text,
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'unauthorized')),
  signal_count int NOT NULL DEFAULT 0,
  error text,
  body text
);
-- A redelivery (same delivery id) is recognised and not counted twice.
CREATE UNIQUE INDEX signal_deliveries_external ON signal_deliveries (integration_id, external_id)
  WHERE external_id IS NOT NULL AND outcome = 'accepted';
CREATE INDEX signal_deliveries_recent ON signal_deliveries (integration_id, received_at DESC);

-- A group gathers alerts for one incident: per integration, routing rule and group key.
CREATE TABLE alert_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  integration_id uuid NOT NULL REFERENCES integrations (id),
  rule_id text NOT NULL,
  group_key text NOT NULL,
  incident_id uuid REFERENCES incidents (id),
  opened_at timestamptz NOT NULL,
  last_alert_at timestamptz NOT NULL,
  last_paged_at timestamptz,
  -- New alerts are summarised on the incident's timeline at most once a minute per group.
  news_at timestamptz,
  news_pending int NOT NULL DEFAULT 0,
  closed_at timestamptz
);
CREATE UNIQUE INDEX alert_groups_current ON alert_groups (integration_id, rule_id, group_key)
  WHERE closed_at IS NULL;
CREATE INDEX alert_groups_incident ON alert_groups (incident_id);

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  integration_id uuid NOT NULL REFERENCES integrations (id),
  dedup_key text NOT NULL,
  group_id uuid REFERENCES alert_groups (id),
  incident_id uuid REFERENCES incidents (id),
  status text NOT NULL CHECK (status IN ('firing', 'acknowledged', 'resolved')),
  title text NOT NULL,
  severity text CHECK (severity IN ('critical', 'error', 'warning', 'info')),
  labels jsonb NOT NULL DEFAULT '{}',
  links jsonb NOT NULL DEFAULT '[]',
  suppressed_by text,
  event_count int NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  resolved_at timestamptz
) WITH (fillfactor = 70);
-- Most signals repeat an open alert, so its row is updated far more often than inserted: with room
-- on each page and no index on what a repeat changes (event_count, last_seen_at), PostgreSQL
-- updates it in place (HOT) instead of adding an entry to every index.
-- Dedup: one open alert per key and integration; a later trigger after a resolve is a new alert.
CREATE UNIQUE INDEX alerts_open ON alerts (integration_id, dedup_key) WHERE resolved_at IS NULL;
CREATE INDEX alerts_incident ON alerts (incident_id, first_seen_at);
CREATE INDEX alerts_group ON alerts (group_id);

-- Each accepted signal, verbatim: nothing accepted is lost.
CREATE TABLE signals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id uuid NOT NULL,
  delivery_id uuid NOT NULL,
  alert_id uuid,
  received_at timestamptz NOT NULL,
  action text NOT NULL,
  dedup_key text NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX signals_alert ON signals (alert_id, received_at);

-- Requests to page for an incident, at most once per group and repeat interval; the escalation
-- engine takes them from here.
CREATE TABLE page_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES incidents (id),
  group_id uuid REFERENCES alert_groups (id),
  reason text NOT NULL,
  created_at timestamptz NOT NULL,
  handled_at timestamptz
);
CREATE INDEX page_requests_pending ON page_requests (created_at) WHERE handled_at IS NULL;

-- Silences (label matchers) and maintenance windows (a whole service or integration): matching
-- signals are stored but open nothing and page nobody.
CREATE TABLE silences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('silence', 'maintenance')),
  integration_id uuid REFERENCES integrations (id),
  service_id uuid REFERENCES services (id),
  matchers jsonb NOT NULL DEFAULT '{}',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  reason text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  cancelled_at timestamptz
);
CREATE INDEX silences_active ON silences (ends_at) WHERE cancelled_at IS NULL;

-- Where an incident came from: a person, an alert group, or a support report (its reporter is told
-- when it is fixed).
ALTER TABLE incidents ADD COLUMN origin jsonb;

-- Files uploaded as evidence, content-addressed under the data dir.
CREATE TABLE uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('image', 'video', 'har', 'other')),
  size bigint NOT NULL,
  har_summary jsonb,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL,
  report_id uuid
);

CREATE TABLE support_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  reporter_id uuid NOT NULL REFERENCES users (id),
  affected_users text[] NOT NULL DEFAULT '{}',
  what_happens text NOT NULL,
  steps text NOT NULL DEFAULT '',
  checklist jsonb NOT NULL,
  recording_url text,
  created_at timestamptz NOT NULL
);
CREATE INDEX support_reports_incident ON support_reports (incident_id, created_at);
ALTER TABLE uploads ADD CONSTRAINT uploads_report FOREIGN KEY (report_id) REFERENCES support_reports (id);
CREATE INDEX uploads_report ON uploads (report_id);
