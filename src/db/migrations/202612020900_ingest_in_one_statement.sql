-- Why: ingest latency. A flush of triggered alerts was a dozen round trips (begin, the upsert, then
-- four statements per alert group, commit), and each waited behind the HTTP requests the server
-- was parsing meanwhile: about 15 ms a batch at 2,000 alerts/s. This function does the common part
-- in one statement: the deliveries, the alert upserts and the signals, then placing the alerts in
-- their groups. Opening an incident, writing news on its timeline and paging stay in the server
-- (src/signals/grouping.ts): the function lists that work and, called with p_defer, gives up
-- instead: it rolls back what it wrote and answers NULL, and the server writes the batch again in
-- a transaction that does the work too.
--
-- p_alerts: one row per alert key, with the routing of its last signal in the batch (rule_id,
-- group_key, threshold_count, window_minutes, repeat_minutes; suppressed_by when held back).
-- Returns NULL when it gave up, else a JSON array, one element per group that needs work, in lock
-- order:
--   {"integration", "group", "incident", "report", "pending", "moved", "page"} for a group whose
--     incident is open and that is due for news (report) or a page;
--   {"integration", "group", "open": true, "keys"} for a group without an incident whose
--     threshold is met.
CREATE FUNCTION ingest_triggers(
  p_deliveries jsonb,
  p_alerts jsonb,
  p_signals jsonb,
  p_open text[],
  p_now timestamptz,
  p_defer boolean
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  specs jsonb;
  spec record;
  g alert_groups;
  incident_status text;
  moved uuid[];
  moved_keys text[];
  pending int;
  report boolean;
  page boolean;
  seen bigint;
  work jsonb := '[]';
BEGIN
  -- A block with an exception handler: giving up rolls back what it wrote (a subtransaction), and
  -- the statement itself succeeds, answering NULL (no error in the server's log).
  BEGIN
    WITH d AS (
      INSERT INTO signal_deliveries (id, integration_id, received_at, external_id, outcome, signal_count)
      SELECT x.id, x.integration_id, x.received_at, NULL, 'accepted', x.signal_count
        FROM jsonb_to_recordset(p_deliveries) AS x(id uuid, integration_id uuid, received_at timestamptz,
             signal_count int)
    ), x AS (
      SELECT * FROM jsonb_to_recordset(p_alerts) AS x(integration_id uuid, dedup_key text, title text,
             severity text, labels jsonb, links jsonb, suppressed_by text, event_count int,
             first_seen_at timestamptz, last_seen_at timestamptz, rule_id text, group_key text,
             threshold_count int, window_minutes int, repeat_minutes int)
    ), a AS (
      INSERT INTO alerts AS a (integration_id, dedup_key, status, title, severity, labels, links, suppressed_by,
        event_count, first_seen_at, last_seen_at)
      SELECT x.integration_id, x.dedup_key, 'firing', x.title, x.severity, coalesce(x.labels, '{}'),
             coalesce(x.links, '[]'), x.suppressed_by, x.event_count, x.first_seen_at, x.last_seen_at
        FROM x
       ORDER BY x.integration_id, x.dedup_key
      ON CONFLICT (integration_id, dedup_key) WHERE resolved_at IS NULL DO UPDATE SET
        event_count = a.event_count + excluded.event_count,
        last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
        title = excluded.title, severity = excluded.severity, labels = excluded.labels, links = excluded.links,
        suppressed_by = excluded.suppressed_by
      RETURNING a.id, a.integration_id, a.dedup_key, a.group_id, a.incident_id, a.suppressed_by
    ), s AS (
      INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload, alert_id)
      SELECT y.integration_id, y.delivery_id, y.received_at, 'trigger', y.dedup_key, coalesce(y.payload, 'null'), a.id
        FROM jsonb_to_recordset(p_signals) AS y(integration_id uuid, delivery_id uuid, received_at timestamptz,
             dedup_key text, payload jsonb)
        LEFT JOIN a ON a.integration_id = y.integration_id AND a.dedup_key = y.dedup_key
    ), placeable AS (
      -- An alert already in an open incident just counted a repeat: nothing to place (most of a storm).
      SELECT a.integration_id, x.rule_id, x.group_key,
             max(x.threshold_count) AS threshold_count, max(x.window_minutes) AS window_minutes,
             max(x.repeat_minutes) AS repeat_minutes,
             array_agg(a.id ORDER BY a.dedup_key) AS ids,
             array_agg(a.group_id ORDER BY a.dedup_key) AS group_ids,
             array_agg(a.dedup_key ORDER BY a.dedup_key) AS keys
        FROM a
        JOIN x ON x.integration_id = a.integration_id AND x.dedup_key = a.dedup_key
        LEFT JOIN incidents i ON i.id = a.incident_id
       WHERE a.suppressed_by IS NULL AND (i.status IS NULL OR NOT i.status = ANY (p_open))
       GROUP BY a.integration_id, x.rule_id, x.group_key
    )
    SELECT jsonb_agg(p ORDER BY p.integration_id, p.rule_id COLLATE "C", p.group_key COLLATE "C")
      INTO specs FROM placeable p;

    -- Groups in a stable order, so that two writers lock them in the same order.
    FOR spec IN
      SELECT * FROM jsonb_to_recordset(coalesce(specs, '[]')) AS p(integration_id uuid, rule_id text,
             group_key text, threshold_count int, window_minutes int, repeat_minutes int, ids uuid[],
             group_ids uuid[], keys text[])
    LOOP
      -- The group's current row, locked; a group whose incident has ended is closed and a new one
      -- begins. Each statement here sees what other writers committed meanwhile.
      LOOP
        INSERT INTO alert_groups (integration_id, rule_id, group_key, opened_at, last_alert_at)
        VALUES (spec.integration_id, spec.rule_id, spec.group_key, p_now, p_now)
        ON CONFLICT (integration_id, rule_id, group_key) WHERE closed_at IS NULL
        DO UPDATE SET last_alert_at = greatest(alert_groups.last_alert_at, excluded.last_alert_at)
        RETURNING * INTO g;
        EXIT WHEN g.incident_id IS NULL;
        SELECT status INTO incident_status FROM incidents WHERE id = g.incident_id;
        EXIT WHEN incident_status = ANY (p_open);
        UPDATE alert_groups SET closed_at = p_now WHERE id = g.id;
      END LOOP;

      SELECT coalesce(array_agg(m.id), '{}'), coalesce(array_agg(m.key), '{}') INTO moved, moved_keys
        FROM unnest(spec.ids, spec.group_ids, spec.keys) AS m(id, group_id, key)
       WHERE m.group_id IS DISTINCT FROM g.id;
      IF cardinality(moved) > 0 THEN
        UPDATE alerts SET group_id = g.id, incident_id = g.incident_id WHERE id = ANY (moved);
      END IF;

      IF g.incident_id IS NOT NULL THEN
        CONTINUE WHEN cardinality(moved) = 0;
        -- New alerts go on the timeline at most once a minute per group; the count carries over.
        pending := g.news_pending + cardinality(moved);
        report := g.news_at IS NULL OR p_now - g.news_at >= interval '1 minute';
        UPDATE alert_groups
           SET news_pending = CASE WHEN report THEN 0 ELSE pending END,
               news_at = CASE WHEN report THEN p_now ELSE g.news_at END
         WHERE id = g.id;
        page := g.last_paged_at IS NULL OR p_now - g.last_paged_at >= spec.repeat_minutes * interval '1 minute';
        CONTINUE WHEN NOT (report OR page);
        work := work || jsonb_build_object('integration', spec.integration_id, 'group', g.id,
          'incident', g.incident_id, 'report', report,
          'pending', pending, 'moved', to_jsonb(moved_keys[1:5]), 'page', page);
      ELSE
        -- "Confirmed with a metric": enough trigger signals in the group within the window.
        IF spec.threshold_count > 1 THEN
          SELECT count(*) INTO seen
            FROM signals s JOIN alerts a ON a.id = s.alert_id
           WHERE a.group_id = g.id AND s.action = 'trigger'
             AND s.received_at > p_now - spec.window_minutes * interval '1 minute';
          CONTINUE WHEN seen < spec.threshold_count;
        END IF;
        work := work || jsonb_build_object('integration', spec.integration_id, 'group', g.id, 'open', true,
          'keys', to_jsonb(spec.keys));
      END IF;
      IF p_defer THEN
        RAISE EXCEPTION 'this batch needs the server''s work (incident, news or page)' USING ERRCODE = 'EXPDF';
      END IF;
    END LOOP;
    RETURN work;
  EXCEPTION WHEN SQLSTATE 'EXPDF' THEN
    RETURN NULL;
  END;
END
$$;
