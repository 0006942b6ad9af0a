-- Why: the insights time every incident of a period (acknowledged, first response, monitoring,
-- verified, minutes in each status). Read from the timeline, that is several index probes per
-- incident, too slow for a year of 100,000 incidents. One row per incident, kept by a trigger as
-- the timing entries are written, makes each figure a join of two range scans.

CREATE TABLE incident_timings (
  incident_id uuid PRIMARY KEY REFERENCES incidents(id),
  -- first acknowledgement or ownership
  acknowledged_at timestamptz,
  -- first note, status move, resolution or client notice by a person (the SLA's response)
  responded_at timestamptz,
  -- the latest monitoring started so far
  monitoring_at timestamptz,
  -- the first verification, and the monitoring it ended (the latest begun before it)
  verified_at timestamptz,
  verify_started_at timestamptz,
  -- the status after the last move, since when, and the minutes spent in each status before it
  status text,
  status_since timestamptz,
  minutes jsonb NOT NULL DEFAULT '{}'
);

-- Applies one timeline entry (in the order they are written) to its incident's timings.
CREATE FUNCTION incident_timings_apply(e timeline_entries) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  moved boolean := e.kind IN ('status-changed', 'resolved') AND e.data ? 'to';
BEGIN
  INSERT INTO incident_timings (incident_id) VALUES (e.incident_id) ON CONFLICT DO NOTHING;
  UPDATE incident_timings t SET
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
    minutes = CASE WHEN moved AND e.data ? 'from' THEN t.minutes || jsonb_build_object(e.data->>'from',
        coalesce((t.minutes->>(e.data->>'from'))::float8, 0)
        + greatest(0, extract(epoch FROM e.at - coalesce(t.status_since, i.created_at)) / 60)::float8)
      ELSE t.minutes END
  FROM incidents i
  WHERE t.incident_id = e.incident_id AND i.id = e.incident_id;
END $$;

CREATE FUNCTION incident_timings_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM incident_timings_apply(NEW);
  RETURN NULL;
END $$;

CREATE TRIGGER timeline_entries_timings AFTER INSERT ON timeline_entries FOR EACH ROW
  WHEN (NEW.kind IN ('acknowledged', 'ownership-taken', 'note', 'status-changed', 'resolved',
    'client-notify-requested', 'monitoring-started', 'verified'))
  EXECUTE FUNCTION incident_timings_note();

-- The timings of the incidents already recorded, entry by entry in the order they were written.
DO $$
DECLARE
  e timeline_entries;
BEGIN
  FOR e IN SELECT * FROM timeline_entries
            WHERE kind IN ('acknowledged', 'ownership-taken', 'note', 'status-changed', 'resolved',
              'client-notify-requested', 'monitoring-started', 'verified')
            ORDER BY incident_id, id
  LOOP
    PERFORM incident_timings_apply(e);
  END LOOP;
END $$;
