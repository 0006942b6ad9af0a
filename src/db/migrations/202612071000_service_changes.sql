-- Why: PagerDuty change events (POST /v2/change/enqueue: deploys, configuration changes) are kept
-- as rows of their own, per service and time, so that they can be found again (what changed on
-- this service before the incident?) and later built on (deployments); the open incidents of the
-- service also get a `change` timeline entry pointing at the row.
CREATE TABLE service_changes (
  id uuid PRIMARY KEY,
  integration_id uuid NOT NULL REFERENCES integrations (id),
  service_id uuid REFERENCES services (id),
  received_at timestamptz NOT NULL,
  occurred_at timestamptz,
  summary text NOT NULL,
  source text,
  links jsonb NOT NULL DEFAULT '[]',
  custom_details jsonb
);
CREATE INDEX service_changes_service ON service_changes (service_id, received_at DESC);
CREATE INDEX service_changes_integration ON service_changes (integration_id, received_at DESC);
