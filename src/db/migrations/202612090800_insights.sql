-- Why: the insights read every incident declared in a period, with its timings (the next
-- migration), hours and follow-ups, and the pages sent in a period. With 100,000 incidents these
-- indexes keep each an index range scan, never a scan of the whole table.

-- Incidents by when they were declared: the period of every insight.
CREATE INDEX incidents_created ON incidents (created_at);

-- Pages sent to people (outbox messages of an escalation), by when they were sent.
CREATE INDEX messages_pages ON messages (sent_at) INCLUDE (user_id, incident_id)
  WHERE escalation_id IS NOT NULL AND status = 'sent';
