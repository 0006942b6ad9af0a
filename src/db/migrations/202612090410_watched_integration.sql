-- Why: any incident, also one declared by hand, may be verified on an integration's alert rate
-- (signals per minute, bad above a threshold) instead of a PromQL query. A watched metric is then
-- either a query or an integration, never both; a spell of monitoring may be of kind integration.
ALTER TABLE verification_metrics ADD COLUMN integration_id uuid REFERENCES integrations (id);

ALTER TABLE verification_metrics DROP CONSTRAINT verification_metrics_check;
ALTER TABLE verification_metrics ADD CONSTRAINT verification_metrics_check CHECK (
  (query IS NULL OR integration_id IS NULL)
  AND ((query IS NULL AND integration_id IS NULL) = (comparison IS NULL))
  AND ((comparison IS NULL) = (threshold IS NULL))
  AND (integration_id IS NULL OR comparison = 'above')
);

ALTER TABLE verification_runs DROP CONSTRAINT verification_runs_kind_check;
ALTER TABLE verification_runs ADD CONSTRAINT verification_runs_kind_check
  CHECK (kind IN ('alerts', 'query', 'integration'));
