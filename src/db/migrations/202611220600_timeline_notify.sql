-- Why: live updates. Every timeline entry (every change to an incident) is announced on the
-- `expedite_events` channel, so every server instance on this database can push it to its
-- browsers at once (server-sent events), whichever instance made the change.
CREATE FUNCTION timeline_entries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('expedite_events', json_build_object(
    'type', 'timeline', 'incidentId', NEW.incident_id, 'entryId', NEW.id, 'kind', NEW.kind)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER timeline_entries_announce AFTER INSERT ON timeline_entries
  FOR EACH ROW EXECUTE FUNCTION timeline_entries_notify();
