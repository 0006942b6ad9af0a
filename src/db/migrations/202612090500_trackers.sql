-- Why: work that is not expedited goes to the team's own tracker ("create a detailed ticket,
-- provide steps to duplicate"; "proceed as an epic or task in Jira following the normal process").
-- Incidents carry their steps to reproduce; admins set up trackers (GitHub, GitLab, Jira, or a
-- signed generic webhook) with a default and overrides per team and per service; each backlogged
-- incident handed off keeps its ticket's tracker and last known state (open or closed).
ALTER TABLE incidents ADD COLUMN steps_to_reproduce text;

CREATE TABLE trackers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('github', 'gitlab', 'jira', 'webhook')),
  -- the API base (https://api.github.com, https://gitlab.com, https://acme.atlassian.net) or the webhook URL
  base_url text NOT NULL,
  -- owner/repo (GitHub), project id or path (GitLab), project key (Jira); '' for a webhook
  project text NOT NULL DEFAULT '',
  -- Jira: the account's email (Basic auth with the API token)
  email text,
  -- the token, API token or whsec_ signing secret: stored, never shown again
  secret text NOT NULL,
  issue_type text,
  labels text[] NOT NULL DEFAULT '{}',
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX trackers_one_default ON trackers (is_default) WHERE is_default;

-- Which tracker a team's or a service's incidents go to, instead of the default.
CREATE TABLE tracker_overrides (
  tracker_id uuid NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
  team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
  service_id uuid REFERENCES services(id) ON DELETE CASCADE,
  CHECK ((team_id IS NULL) <> (service_id IS NULL))
);
CREATE UNIQUE INDEX tracker_overrides_team ON tracker_overrides (team_id) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX tracker_overrides_service ON tracker_overrides (service_id) WHERE service_id IS NOT NULL;

ALTER TABLE backlog_handoffs
  ADD COLUMN tracker_id uuid REFERENCES trackers(id) ON DELETE SET NULL,
  ADD COLUMN state text CHECK (state IN ('open', 'closed')),
  ADD COLUMN state_checked_at timestamptz;
CREATE INDEX backlog_handoffs_open ON backlog_handoffs (state_checked_at) WHERE state = 'open';
