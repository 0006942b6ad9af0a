-- Why: chat channels (#20). One row of workspace settings (broadcast and deployments channels,
-- the incident-channel rule, the reaction that copies a message to the timeline, the Teams and
-- Mattermost incoming webhooks), overrides of the channels per service or team, and per incident
-- what was posted where: the broadcast message (channel id and ts, edited in place), the incident's
-- own channel, the state last shown, and the "affects deployments" flag.
CREATE TABLE chat_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  broadcast_channel text,
  deployments_channel text,
  teams_webhook_url text,
  mattermost_webhook_url text,
  channel_on_p1 boolean NOT NULL DEFAULT false,
  channel_over_responders integer CHECK (channel_over_responders > 0),
  reaction text NOT NULL DEFAULT 'pushpin',
  updated_at timestamptz,
  updated_by uuid REFERENCES users(id)
);

CREATE TABLE chat_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid REFERENCES services(id) ON DELETE CASCADE,
  team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
  broadcast_channel text,
  deployments_channel text,
  CHECK ((service_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX chat_overrides_service ON chat_overrides (service_id) WHERE service_id IS NOT NULL;
CREATE UNIQUE INDEX chat_overrides_team ON chat_overrides (team_id) WHERE team_id IS NOT NULL;

CREATE TABLE chat_incidents (
  incident_id uuid PRIMARY KEY REFERENCES incidents(id),
  broadcast_channel_id text,
  broadcast_ts text,
  shown jsonb,
  webhook_shown jsonb,
  synced_at timestamptz,
  channel_id text,
  channel_name text,
  channel_created_at timestamptz,
  affects_deployments boolean NOT NULL DEFAULT false,
  deployments_changes integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX chat_incidents_channel ON chat_incidents (channel_id) WHERE channel_id IS NOT NULL;

-- Messages copied to a timeline by reaction, once each (Slack sends an event again on retry).
CREATE TABLE chat_copied (
  channel_id text NOT NULL,
  ts text NOT NULL,
  incident_id uuid NOT NULL REFERENCES incidents(id),
  PRIMARY KEY (channel_id, ts)
);

-- What a posting job (an update, a deployments change) already posted, by job key and target, so a
-- retry after a partial failure posts only what is missing.
CREATE TABLE chat_posts (
  job_key text NOT NULL,
  target text NOT NULL,
  posted_at timestamptz NOT NULL,
  PRIMARY KEY (job_key, target)
);
