-- Why: ingest cost. Every accepted request writes one signal_deliveries row, and the foreign key to
-- integrations ran a lookup with a row lock (SELECT … FOR KEY SHARE) per row: about a tenth of
-- PostgreSQL's time for a batch of one-alert deliveries. Integrations are never deleted (an admin
-- disables one), and the only writer of deliveries takes the integration from the row it has just
-- looked up by key, so the key guards nothing here; signals, the other per-request table, has
-- never had one (ADR 0012).
ALTER TABLE signal_deliveries DROP CONSTRAINT signal_deliveries_integration_id_fkey;
