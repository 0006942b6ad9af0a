-- Why: the decision "ask the product owner" must act (#19). Teams and services name their product
-- owners (people who answer expedite / backlog / decline) and teams a lead, who hears of a question
-- left unanswered. Each question is kept with its answer; at most one is pending per incident.
-- backlog_handoffs is the place for a later hand-off of a backlogged incident to an external
-- tracker (Jira, Linear, …): empty until that hand-off is built.
CREATE TABLE product_owners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
  service_id uuid REFERENCES services(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  CHECK ((team_id IS NULL) <> (service_id IS NULL))
);
CREATE UNIQUE INDEX product_owners_team ON product_owners (team_id, user_id) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX product_owners_service ON product_owners (service_id, user_id) WHERE service_id IS NOT NULL;

ALTER TABLE teams ADD COLUMN lead_id uuid REFERENCES users(id);

CREATE TABLE decision_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  asked_at timestamptz NOT NULL,
  asked_to uuid[] NOT NULL,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  reminded_at timestamptz,
  escalated_at timestamptz,
  answer text CHECK (answer IN ('expedite', 'backlog', 'decline')),
  reason text,
  answered_by uuid REFERENCES users(id),
  answered_at timestamptz,
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE UNIQUE INDEX decision_questions_pending ON decision_questions (incident_id) WHERE answer IS NULL;

CREATE TABLE backlog_handoffs (
  incident_id uuid PRIMARY KEY REFERENCES incidents(id),
  tracker text NOT NULL,
  external_ref text NOT NULL,
  url text,
  handed_at timestamptz NOT NULL
);
