-- Why: signals and deliveries gain a row per request (about 170 million a day at a steady 2,000
-- alerts/s) and nothing removed them. They are now deleted once older than
-- EXPEDITE_SIGNAL_RETENTION_DAYS (src/signals/retention.ts, ADR 0015). What an incident's rate
-- chart needs of a deleted signal, its alert and its minute, is kept here as a count.
CREATE TABLE signal_minutes (
  alert_id uuid NOT NULL REFERENCES alerts (id),
  minute timestamptz NOT NULL,
  count int NOT NULL,
  PRIMARY KEY (alert_id, minute)
);
