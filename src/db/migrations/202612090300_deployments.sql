-- Why: "code deployed in the usual manner, to allow for rollback if needed": the procedure records
-- each deployment of a service (who, which version, where, with its link) and its rollback, so the
-- room shows when the fix went out and verification knows what to watch. CI tools send the same
-- deployment several times (started, then finished), so one row per (source, external id).
CREATE TABLE deployments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES services(id),
  version text NOT NULL CHECK (length(version) BETWEEN 1 AND 200),
  environment text NOT NULL CHECK (length(environment) BETWEEN 1 AND 100),
  status text NOT NULL CHECK (status IN ('started', 'finished', 'failed', 'rolled-back')),
  url text,
  commit_sha text,
  -- who deployed, as the source names them (a CI login, a person's name)
  deployed_by text,
  actor_id uuid REFERENCES users(id),
  -- where it came from: api, github, gitlab, pagerduty, generic; the source's own id for it
  source text NOT NULL,
  external_id text,
  hook_id uuid,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  failed_at timestamptz,
  rolled_back_at timestamptz,
  rolled_back_to text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX deployments_source_external ON deployments (source, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX deployments_service_recent ON deployments (service_id, started_at DESC);
CREATE INDEX deployments_recent ON deployments (started_at DESC);

-- Each status of a deployment is noted once on each open incident of its service.
CREATE TABLE deployment_notes (
  deployment_id uuid NOT NULL REFERENCES deployments(id),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  status text NOT NULL,
  PRIMARY KEY (deployment_id, incident_id, status)
);
CREATE INDEX deployment_notes_incident ON deployment_notes (incident_id);

-- Webhooks from CI/CD tools, configured by an admin: the format, the secret that verifies them,
-- and how a delivery names its service (a fixed service, or rules on repository and environment).
CREATE TABLE deployment_hooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('github', 'gitlab', 'generic')),
  secret text NOT NULL,
  service_id uuid REFERENCES services(id),
  -- [{ repository?, environment?, serviceId }], the first match wins, then service_id
  service_map jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id)
);
