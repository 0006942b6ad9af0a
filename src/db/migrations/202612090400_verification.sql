-- Why: a fix is verified on the original metric before the incident resolves (seed: "Monitor
-- original problem metric to ensure fix is successful"). An incident's watched metric (a PromQL
-- query against the configured Prometheus with a threshold) or, for an alert-opened incident, the
-- rate of its signals; each spell of monitoring is a run that ends verified, failed or stopped.

-- What is watched for an incident and for how long; without a query, its alerts are the metric.
CREATE TABLE verification_metrics (
  incident_id uuid PRIMARY KEY REFERENCES incidents(id),
  query text CHECK (length(query) BETWEEN 1 AND 2000),
  comparison text CHECK (comparison IN ('above', 'below')),
  threshold double precision,
  window_minutes integer NOT NULL DEFAULT 15 CHECK (window_minutes BETWEEN 1 AND 1440),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  CHECK ((query IS NULL) = (comparison IS NULL) AND (query IS NULL) = (threshold IS NULL))
);

-- One spell of monitoring: waiting for the metric to be good, good since a moment, then verified
-- (good for the whole window), failed (bad again within it) or stopped (rolled back, moved on).
CREATE TABLE verification_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  kind text NOT NULL CHECK (kind IN ('alerts', 'query')),
  metric text NOT NULL,
  window_minutes integer NOT NULL CHECK (window_minutes BETWEEN 1 AND 1440),
  deployment_id text,
  state text NOT NULL CHECK (state IN ('waiting', 'good', 'verified', 'failed', 'stopped')),
  started_at timestamptz NOT NULL,
  good_since timestamptz,
  last_value double precision,
  last_checked_at timestamptz,
  detail text,
  ended_at timestamptz
);
-- At most one run in progress per incident; the check reads those.
CREATE UNIQUE INDEX verification_runs_active ON verification_runs (incident_id) WHERE ended_at IS NULL;
CREATE INDEX verification_runs_incident ON verification_runs (incident_id, started_at DESC);
