-- Why: updates with audiences and their cadence (#20). An update is written once (technical and
-- plain words) and sent to the audiences chosen; each sent update is kept with them. Stakeholder
-- email lists are set per service, per client, and one default list (neither). Templates per stage
-- and section override the built-in defaults; the cadence per urgency overrides the defaults
-- (P1 30 min, P2 60 min, P3/P4 on change = NULL minutes).
CREATE TABLE incident_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  stage text NOT NULL CHECK (stage IN ('investigating', 'identified', 'fixing', 'monitoring', 'resolved')),
  technical text NOT NULL,
  plain text NOT NULL,
  audiences text[] NOT NULL CHECK (audiences <@ ARRAY['internal', 'stakeholders', 'clients', 'public'] AND cardinality(audiences) > 0),
  outstanding text,
  data_loss text,
  author_id uuid REFERENCES users(id),
  sent_at timestamptz NOT NULL
);
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, sent_at);

CREATE TABLE update_stakeholder_lists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid REFERENCES services(id) ON DELETE CASCADE,
  client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
  emails text[] NOT NULL,
  CHECK (service_id IS NULL OR client_id IS NULL)
);
CREATE UNIQUE INDEX update_stakeholder_lists_service ON update_stakeholder_lists (service_id) WHERE service_id IS NOT NULL;
CREATE UNIQUE INDEX update_stakeholder_lists_client ON update_stakeholder_lists (client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX update_stakeholder_lists_default ON update_stakeholder_lists ((true)) WHERE service_id IS NULL AND client_id IS NULL;

CREATE TABLE update_templates (
  key text PRIMARY KEY CHECK (key IN ('investigating', 'identified', 'fixing', 'monitoring', 'resolved', 'outstanding', 'data-loss')),
  technical text NOT NULL,
  plain text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE update_cadence (
  urgency text PRIMARY KEY CHECK (urgency IN ('P1', 'P2', 'P3', 'P4')),
  minutes integer CHECK (minutes BETWEEN 1 AND 1440)
);
