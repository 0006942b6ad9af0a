-- Why: the insights read every incident declared in a period with the few timeline entries that time
-- it (acknowledged, ownership taken, status changes, monitoring, verification), its pages, hours and
-- follow-ups. With 100,000 incidents these indexes keep each figure an index range scan plus probes
-- by incident, never a scan of the whole timeline.

-- Incidents by when they were declared: the period of every insight.
CREATE INDEX incidents_created ON incidents (created_at);

-- The timeline entries that time an incident, by incident and kind, in order.
-- Notes and client notices count as a first response for the SLA clocks.
CREATE INDEX timeline_entries_timing ON timeline_entries (incident_id, kind, at)
  WHERE kind IN ('acknowledged', 'ownership-taken', 'status-changed', 'resolved', 'monitoring-started',
    'verified', 'note', 'client-notify-requested');

-- Pages sent to people (outbox messages of an escalation), by when they were sent.
CREATE INDEX messages_pages ON messages (sent_at) INCLUDE (user_id, incident_id)
  WHERE escalation_id IS NOT NULL AND status = 'sent';
