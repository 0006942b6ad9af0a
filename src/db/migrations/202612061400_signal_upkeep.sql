-- Why: two costs that grew with every signal. Signals and deliveries gain a row per request (about
-- 170 million a day at a steady 2,000 alerts/s) and nothing removed them; and an incident's rate
-- chart counted all of its signals on every read (about 0.1 s a million). A job now counts signals
-- per alert and minute into signal_minutes once they are a minute old, and deletes signals and
-- deliveries once older than EXPEDITE_SIGNAL_RETENTION_DAYS (src/signals/upkeep.ts, ADR 0015).
CREATE TABLE signal_minutes (
  alert_id uuid NOT NULL REFERENCES alerts (id),
  minute timestamptz NOT NULL,
  count int NOT NULL,
  PRIMARY KEY (alert_id, minute)
);

-- One row: signals with ids up to last_id are counted in signal_minutes, the last of them received
-- at `until`; pruned_at is when retention last got through both tables.
CREATE TABLE signal_upkeep (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_id bigint NOT NULL DEFAULT 0,
  until timestamptz NOT NULL DEFAULT '-infinity',
  pruned_at timestamptz
);
INSERT INTO signal_upkeep DEFAULT VALUES;
