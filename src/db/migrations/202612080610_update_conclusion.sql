-- Why: the conclusion of an incident (#20). Links attached to an incident (pull requests, tickets,
-- documents) go into the summary to the team. Each part of the conclusion — the summary email to
-- the team, the notice to the origin of the report, the resolved update on status pages — is sent
-- at most once per incident and kept with its text and recipients, so the incident shows what was
-- and was not sent.
CREATE TABLE incident_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  kind text NOT NULL CHECK (kind IN ('pull-request', 'ticket', 'document', 'other')),
  title text NOT NULL,
  url text NOT NULL,
  added_by uuid REFERENCES users(id),
  added_at timestamptz NOT NULL
);
CREATE INDEX incident_links_incident ON incident_links (incident_id, added_at);

CREATE TABLE incident_conclusions (
  incident_id uuid NOT NULL REFERENCES incidents(id),
  part text NOT NULL CHECK (part IN ('team-summary', 'origin-notice', 'status-resolved')),
  text text NOT NULL,
  recipients text[] NOT NULL,
  sent_by uuid REFERENCES users(id),
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, part)
);
