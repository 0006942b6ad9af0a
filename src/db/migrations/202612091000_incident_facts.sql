-- Why: the insights read every incident of a period (up to 100,000 a year) with its timings, hours,
-- deviations, tech debt and post-mortem actions, filtered and grouped by its classification,
-- service and client, and every page sent in it. Read from the database at each query, that cost
-- more than the figures. One row of facts per incident, kept by triggers, and the pages, each noting
-- the transaction that last wrote it, let a server mirror both in memory and read again only what
-- changed since it last looked (ADR 0046).

ALTER TABLE incident_timings RENAME TO incident_facts;
ALTER TABLE incident_facts RENAME CONSTRAINT incident_timings_pkey TO incident_facts_pkey;
ALTER TABLE incident_facts RENAME CONSTRAINT incident_timings_incident_id_fkey TO incident_facts_incident_id_fkey;
ALTER TABLE incident_facts
  ADD COLUMN created_at timestamptz,
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN incident_status text,
  ADD COLUMN service_id uuid,
  ADD COLUMN client_id uuid,
  ADD COLUMN scope text,
  ADD COLUMN criticality text,
  ADD COLUMN area text,
  ADD COLUMN urgency text,
  ADD COLUMN hours float8 NOT NULL DEFAULT 0,
  ADD COLUMN deviations int NOT NULL DEFAULT 0,
  ADD COLUMN triage_minutes float8,
  ADD COLUMN investigating_minutes float8,
  ADD COLUMN fixing_minutes float8,
  ADD COLUMN monitoring_minutes float8,
  ADD COLUMN backlogged_minutes float8;

-- The incident's own columns, as the incident has them now.
CREATE FUNCTION incident_facts_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incident_facts AS f (incident_id, created_at, resolved_at, incident_status, service_id, client_id,
                                   scope, criticality, area, urgency)
  VALUES (NEW.id, NEW.created_at, NEW.resolved_at, NEW.status, NEW.service_id, NEW.client_id,
          NEW.scope, NEW.criticality, NEW.area, NEW.urgency)
  ON CONFLICT (incident_id) DO UPDATE SET
    created_at = EXCLUDED.created_at, resolved_at = EXCLUDED.resolved_at,
    incident_status = EXCLUDED.incident_status, service_id = EXCLUDED.service_id,
    client_id = EXCLUDED.client_id, scope = EXCLUDED.scope, criticality = EXCLUDED.criticality,
    area = EXCLUDED.area, urgency = EXCLUDED.urgency;
  RETURN NULL;
END $$;

CREATE TRIGGER incidents_facts AFTER INSERT OR UPDATE OF created_at, resolved_at, status, service_id,
  client_id, scope, criticality, area, urgency ON incidents
  FOR EACH ROW EXECUTE FUNCTION incident_facts_copy();

ALTER TABLE incident_facts
  ADD COLUMN deviation_reasons text[] NOT NULL DEFAULT '{}',
  ADD COLUMN tech_debt jsonb,
  ADD COLUMN actions jsonb,
  ADD COLUMN tech_debt_hours float8 NOT NULL DEFAULT 0;

-- What hangs off incidents `ids`, summed again: hours (and those on tech debt), deviations and
-- their reasons, tech debt items and post-mortem actions (status, due day, budget).
CREATE FUNCTION incident_facts_sum(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE incident_facts f SET
    hours = coalesce((SELECT sum(hours) FROM time_entries te WHERE te.incident_id = f.incident_id), 0),
    tech_debt_hours = coalesce((SELECT sum(hours) FROM time_entries te
                                 WHERE te.incident_id = f.incident_id AND te.tech_debt_id IS NOT NULL), 0),
    deviations = (SELECT count(*) FROM deviations d WHERE d.incident_id = f.incident_id),
    deviation_reasons = coalesce((SELECT array_agg(r ORDER BY r) FROM deviations d, unnest(d.reasons) r
                                   WHERE d.incident_id = f.incident_id), '{}'),
    tech_debt = (SELECT jsonb_agg(jsonb_build_object('status', t.status, 'due', t.due_on, 'budget', t.budget_hours)
                                  ORDER BY t.id)
                   FROM tech_debt_items t WHERE t.incident_id = f.incident_id),
    actions = (SELECT jsonb_agg(jsonb_build_object('status', a.status, 'due', a.due_on) ORDER BY a.id)
                 FROM postmortem_actions a JOIN postmortems p ON p.id = a.postmortem_id
                WHERE p.incident_id = f.incident_id)
  WHERE f.incident_id = ANY (ids);
$$;

-- A row of one of those tables written: its incident (before and after) summed again.
CREATE FUNCTION incident_facts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_TABLE_NAME = 'postmortem_actions' THEN
    ids := ARRAY(SELECT p.incident_id FROM postmortems p WHERE p.id = ANY (ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.postmortem_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.postmortem_id END]));
  ELSE
    ids := ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.incident_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.incident_id END];
  END IF;
  PERFORM incident_facts_sum(ids);
  RETURN NULL;
END $$;

CREATE TRIGGER time_entries_facts AFTER INSERT OR DELETE OR UPDATE OF incident_id, hours, tech_debt_id
  ON time_entries FOR EACH ROW EXECUTE FUNCTION incident_facts_follow();
CREATE TRIGGER deviations_facts AFTER INSERT OR DELETE OR UPDATE OF incident_id, reasons
  ON deviations FOR EACH ROW EXECUTE FUNCTION incident_facts_follow();
CREATE TRIGGER tech_debt_items_facts AFTER INSERT OR DELETE OR UPDATE OF incident_id, status, due_on, budget_hours
  ON tech_debt_items FOR EACH ROW EXECUTE FUNCTION incident_facts_follow();
CREATE TRIGGER postmortem_actions_facts AFTER INSERT OR DELETE OR UPDATE OF postmortem_id, status, due_on
  ON postmortem_actions FOR EACH ROW EXECUTE FUNCTION incident_facts_follow();

-- The timeline's timings as before; the minutes of the status left are added to its column.
CREATE OR REPLACE FUNCTION incident_timings_apply(e timeline_entries) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  moved boolean := e.kind IN ('status-changed', 'resolved') AND e.data ? 'to';
  left_status text := CASE WHEN moved THEN e.data->>'from' END;
  span float8;
BEGIN
  -- the row is made with the incident; this covers an entry written in the same statement
  INSERT INTO incident_facts (incident_id, created_at, resolved_at, incident_status, service_id, client_id,
                              scope, criticality, area, urgency)
  SELECT id, created_at, resolved_at, status, service_id, client_id, scope, criticality, area, urgency
    FROM incidents WHERE id = e.incident_id
  ON CONFLICT DO NOTHING;
  -- the minutes since the last move (or the declaration) in the status left
  IF left_status IS NOT NULL THEN
    SELECT greatest(0, date_part('epoch', e.at - coalesce(f.status_since, f.created_at)) / 60) INTO span
      FROM incident_facts f WHERE f.incident_id = e.incident_id;
  END IF;
  UPDATE incident_facts t SET
    acknowledged_at = CASE WHEN e.kind IN ('acknowledged', 'ownership-taken')
      THEN least(t.acknowledged_at, e.at) ELSE t.acknowledged_at END,
    responded_at = CASE WHEN e.actor_id IS NOT NULL
        AND e.kind IN ('note', 'status-changed', 'resolved', 'client-notify-requested')
      THEN least(t.responded_at, e.at) ELSE t.responded_at END,
    monitoring_at = CASE WHEN e.kind = 'monitoring-started'
      THEN greatest(t.monitoring_at, e.at) ELSE t.monitoring_at END,
    verify_started_at = CASE WHEN e.kind = 'verified' AND t.verified_at IS NULL
      THEN t.monitoring_at ELSE t.verify_started_at END,
    verified_at = CASE WHEN e.kind = 'verified' THEN least(t.verified_at, e.at) ELSE t.verified_at END,
    status = CASE WHEN moved THEN e.data->>'to' ELSE t.status END,
    status_since = CASE WHEN moved THEN e.at ELSE t.status_since END,
    triage_minutes = CASE WHEN left_status = 'triage'
      THEN coalesce(t.triage_minutes, 0) + span ELSE t.triage_minutes END,
    investigating_minutes = CASE WHEN left_status = 'investigating'
      THEN coalesce(t.investigating_minutes, 0) + span ELSE t.investigating_minutes END,
    fixing_minutes = CASE WHEN left_status = 'fixing'
      THEN coalesce(t.fixing_minutes, 0) + span ELSE t.fixing_minutes END,
    monitoring_minutes = CASE WHEN left_status = 'monitoring'
      THEN coalesce(t.monitoring_minutes, 0) + span ELSE t.monitoring_minutes END,
    backlogged_minutes = CASE WHEN left_status = 'backlogged'
      THEN coalesce(t.backlogged_minutes, 0) + span ELSE t.backlogged_minutes END
  WHERE t.incident_id = e.incident_id;
END $$;

-- The incidents already recorded: a row for each, their columns, sums and minutes per status.
INSERT INTO incident_facts (incident_id) SELECT id FROM incidents ON CONFLICT DO NOTHING;
UPDATE incident_facts f SET
  created_at = i.created_at, resolved_at = i.resolved_at, incident_status = i.status,
  service_id = i.service_id, client_id = i.client_id, scope = i.scope, criticality = i.criticality,
  area = i.area, urgency = i.urgency,
  triage_minutes = (f.minutes->>'triage')::float8,
  investigating_minutes = (f.minutes->>'investigating')::float8,
  fixing_minutes = (f.minutes->>'fixing')::float8,
  monitoring_minutes = (f.minutes->>'monitoring')::float8,
  backlogged_minutes = (f.minutes->>'backlogged')::float8
FROM incidents i WHERE i.id = f.incident_id;

SELECT incident_facts_sum(ARRAY(SELECT incident_id FROM incident_facts));
ALTER TABLE incident_facts DROP COLUMN minutes;
ALTER TABLE incident_facts ALTER COLUMN created_at SET NOT NULL, ALTER COLUMN incident_status SET NOT NULL;

-- The transaction that last wrote a row, on the facts and on the outbox's messages (the pages): a
-- reader that saw everything up to a snapshot's xmin reads again only the rows written at or after it.
CREATE FUNCTION note_writer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.written_by := pg_current_xact_id();
  RETURN NEW;
END $$;

ALTER TABLE incident_facts ADD COLUMN written_by xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX incident_facts_written_by ON incident_facts (written_by);
CREATE TRIGGER incident_facts_written BEFORE UPDATE ON incident_facts
  FOR EACH ROW EXECUTE FUNCTION note_writer();

ALTER TABLE messages ADD COLUMN written_by xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX messages_written_by ON messages (written_by) WHERE escalation_id IS NOT NULL;
CREATE TRIGGER messages_written BEFORE UPDATE ON messages
  FOR EACH ROW WHEN (NEW.escalation_id IS NOT NULL) EXECUTE FUNCTION note_writer();

-- Pages are read from the mirror, not by when they were sent.
DROP INDEX messages_pages;
