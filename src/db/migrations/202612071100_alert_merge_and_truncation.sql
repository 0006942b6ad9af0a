-- Why: what real senders send. A repeat trigger replaced the alert's labels and links with the
-- repeat's own (a PagerDuty repeat with only `source` erased the first event's details); a repeat
-- now merges into the alert (alert_merge_labels, alert_merge_links). And Alertmanager's and
-- Grafana's `truncatedAlerts` (alerts of the group the receiver's max_alerts left out) was
-- dropped; each alert now keeps the count its latest delivery reported (alerts.truncated_alerts),
-- which the incident's signals show.
-- Changes ingest_triggers from 202612061200_ingest_lookup_per_alert.sql only in step 3: p_alerts
-- rows carry truncated_alerts, and the upsert merges labels and links and keeps a known severity.
-- The current definition of every function is in src/db/schema.sql.
ALTER TABLE alerts ADD COLUMN truncated_alerts integer NOT NULL DEFAULT 0
  CONSTRAINT alerts_truncated_alerts_check CHECK (truncated_alerts >= 0);

-- The labels of `kept` with those of `added` it lacks, up to 100 labels (the adapters' limit).
CREATE FUNCTION alert_merge_labels(kept jsonb, added jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT kept || coalesce(
    (SELECT jsonb_object_agg(n.key, n.value)
       FROM (SELECT e.key, e.value FROM jsonb_each(added) e
              WHERE NOT kept ? e.key ORDER BY e.key
              LIMIT greatest(0, 100 - (SELECT count(*) FROM jsonb_object_keys(kept)))) n),
    '{}')
$$;

-- The links of `kept`, then those of `added` with an href not among them, up to 20 links.
CREATE FUNCTION alert_merge_links(kept jsonb, added jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    (SELECT jsonb_agg(f.link ORDER BY f.n)
       FROM (SELECT u.link, u.n
               FROM (SELECT DISTINCT ON (l.link ->> 'href') l.link, l.n
                       FROM jsonb_array_elements(kept || added) WITH ORDINALITY AS l(link, n)
                      ORDER BY l.link ->> 'href', l.n) u
              ORDER BY u.n LIMIT 20) f),
    '[]')
$$;

CREATE OR REPLACE FUNCTION ingest_triggers(
  p_deliveries json,
  p_alerts jsonb,
  p_signals json,
  p_open text[],
  p_now timestamptz,
  p_defer boolean
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  wanted jsonb;
  placed jsonb := '[]';
  results jsonb;
  spec record;
  g alert_groups;
  joined text[];
  pending int;
  report boolean;
  page boolean;
  seen bigint;
  work jsonb := '[]';
BEGIN
  -- A block with an exception handler: giving up rolls back what it wrote (a subtransaction), and
  -- the statement itself succeeds, answering NULL (no error in the server's log).
  BEGIN
    -- 1. The groups this batch may add alerts to: those of routable alerts that are new or not in an
    -- open incident (an alert already in one just counts a repeat: most of a storm). Each alert is
    -- looked up in a subquery of its own, which PostgreSQL plans as an index lookup by key.
    SELECT jsonb_agg(w ORDER BY w.integration_id, w.rule_id COLLATE "C", w.group_key COLLATE "C") INTO wanted
      FROM (SELECT DISTINCT x.integration_id, x.rule_id, x.group_key
              FROM jsonb_to_recordset(p_alerts) AS x(integration_id uuid, dedup_key text, suppressed_by text,
                   rule_id text, group_key text)
             WHERE x.suppressed_by IS NULL
               AND (SELECT i.status = ANY (p_open)
                      FROM alerts a JOIN incidents i ON i.id = a.incident_id
                     WHERE a.integration_id = x.integration_id AND a.dedup_key = x.dedup_key
                       AND a.resolved_at IS NULL) IS NOT TRUE) w;

    -- 2. Lock each group's current row, in a stable order (two writers lock them in the same
    -- order); a group whose incident has ended is closed and a new one begins.
    FOR spec IN
      SELECT * FROM jsonb_to_recordset(coalesce(wanted, '[]'))
        AS w(integration_id uuid, rule_id text, group_key text)
    LOOP
      g := ingest_current_group(spec.integration_id, spec.rule_id, spec.group_key, p_open, p_now);
      placed := placed || jsonb_build_object('integration_id', spec.integration_id, 'rule_id', spec.rule_id,
        'group_key', spec.group_key, 'group_id', g.id, 'incident_id', g.incident_id,
        'news_pending', g.news_pending, 'news_at', g.news_at, 'last_paged_at', g.last_paged_at);
    END LOOP;

    -- 3. The deliveries, the alerts (a new one in its group from the start) and every signal.
    WITH d AS (
      INSERT INTO signal_deliveries (id, integration_id, received_at, external_id, outcome, signal_count)
      SELECT x.id, x.integration_id, x.received_at, NULL, 'accepted', x.signal_count
        FROM json_to_recordset(p_deliveries) AS x(id uuid, integration_id uuid, received_at timestamptz,
             signal_count int)
    ), x AS (
      SELECT * FROM jsonb_to_recordset(p_alerts) AS x(integration_id uuid, dedup_key text, title text,
             severity text, labels jsonb, links jsonb, suppressed_by text, event_count int,
             first_seen_at timestamptz, last_seen_at timestamptz, rule_id text, group_key text,
             threshold_count int, window_minutes int, repeat_minutes int, truncated_alerts int)
    ), p AS (
      SELECT * FROM jsonb_to_recordset(placed) AS p(integration_id uuid, rule_id text, group_key text,
             group_id uuid, incident_id uuid, news_pending int, news_at timestamptz, last_paged_at timestamptz)
    ), a AS (
      INSERT INTO alerts AS a (integration_id, dedup_key, status, title, severity, labels, links, suppressed_by,
        event_count, first_seen_at, last_seen_at, group_id, incident_id, truncated_alerts)
      SELECT x.integration_id, x.dedup_key, 'firing', x.title, x.severity, coalesce(x.labels, '{}'),
             coalesce(x.links, '[]'), x.suppressed_by, x.event_count, x.first_seen_at, x.last_seen_at,
             p.group_id, p.incident_id, coalesce(x.truncated_alerts, 0)
        FROM x
        LEFT JOIN p ON x.suppressed_by IS NULL AND p.integration_id = x.integration_id
                   AND p.rule_id = x.rule_id AND p.group_key = x.group_key
       ORDER BY x.integration_id, x.dedup_key
      ON CONFLICT (integration_id, dedup_key) WHERE resolved_at IS NULL DO UPDATE SET
        event_count = a.event_count + excluded.event_count,
        last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
        -- A repeat adds to what the alert shows: the latest title and severity, the labels and links
        -- of every event (the first event's value of a label stays), the sender's latest truncation.
        -- Most repeats bring nothing new: checked inline, as a function call costs ten times more.
        title = excluded.title, severity = coalesce(excluded.severity, a.severity),
        labels = CASE WHEN excluded.labels <@ a.labels THEN a.labels
                      ELSE alert_merge_labels(a.labels, excluded.labels) END,
        links = CASE WHEN excluded.links <@ a.links THEN a.links
                     ELSE alert_merge_links(a.links, excluded.links) END,
        suppressed_by = excluded.suppressed_by, truncated_alerts = excluded.truncated_alerts
      -- xmax is 0 on the row version an upsert inserted, and set on one it updated.
      RETURNING a.id, a.integration_id, a.dedup_key, a.group_id, a.incident_id, a.xmax = 0 AS inserted
    ), s AS (
      INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload, alert_id)
      SELECT y.integration_id, y.delivery_id, y.received_at, 'trigger', y.dedup_key, coalesce(y.payload, 'null'), a.id
        FROM json_to_recordset(p_signals) AS y(integration_id uuid, delivery_id uuid, received_at timestamptz,
             dedup_key text, payload json)
        LEFT JOIN a ON a.integration_id = y.integration_id AND a.dedup_key = y.dedup_key
    ), placeable AS (
      -- Routable alerts that are new here, or stored but not in an open incident.
      SELECT a.*, x.rule_id, x.group_key, x.threshold_count, x.window_minutes, x.repeat_minutes
        FROM a
        JOIN x ON x.integration_id = a.integration_id AND x.dedup_key = a.dedup_key
        LEFT JOIN incidents i ON i.id = a.incident_id
       WHERE x.suppressed_by IS NULL AND (a.inserted OR i.status IS NULL OR NOT i.status = ANY (p_open))
    )
    SELECT jsonb_agg(r ORDER BY r.integration_id, r.rule_id COLLATE "C", r.group_key COLLATE "C") INTO results
      FROM (SELECT l.integration_id, l.rule_id, l.group_key,
                   max(l.threshold_count) AS threshold_count, max(l.window_minutes) AS window_minutes,
                   max(l.repeat_minutes) AS repeat_minutes,
                   p.group_id, p.incident_id, p.news_pending, p.news_at, p.last_paged_at,
                   coalesce(array_agg(l.id) FILTER (WHERE NOT l.inserted AND l.group_id IS DISTINCT FROM p.group_id),
                            '{}') AS moved,
                   coalesce(array_agg(l.dedup_key ORDER BY l.dedup_key)
                            FILTER (WHERE l.inserted OR l.group_id IS DISTINCT FROM p.group_id), '{}') AS joined,
                   array_agg(l.dedup_key ORDER BY l.dedup_key) AS keys
              FROM placeable l
              LEFT JOIN p ON p.integration_id = l.integration_id AND p.rule_id = l.rule_id
                         AND p.group_key = l.group_key
             GROUP BY l.integration_id, l.rule_id, l.group_key, p.group_id, p.incident_id, p.news_pending,
                      p.news_at, p.last_paged_at) r;

    -- 4. Per group: move alerts that were elsewhere, then news, pages and thresholds.
    FOR spec IN
      SELECT * FROM jsonb_to_recordset(coalesce(results, '[]')) AS r(integration_id uuid, rule_id text,
             group_key text, threshold_count int, window_minutes int, repeat_minutes int, group_id uuid,
             incident_id uuid, news_pending int, news_at timestamptz, last_paged_at timestamptz, moved uuid[],
             joined text[], keys text[])
    LOOP
      IF spec.group_id IS NULL THEN
        -- Not foreseen in step 1 (another writer changed the alert meanwhile): lock it now.
        g := ingest_current_group(spec.integration_id, spec.rule_id, spec.group_key, p_open, p_now);
        UPDATE alerts SET group_id = g.id, incident_id = g.incident_id
         WHERE integration_id = spec.integration_id AND dedup_key = ANY (spec.keys) AND resolved_at IS NULL
           AND group_id IS DISTINCT FROM g.id;
        joined := spec.keys;
      ELSE
        joined := spec.joined;
        g := NULL;
        g.id := spec.group_id;
        g.incident_id := spec.incident_id;
        g.news_pending := spec.news_pending;
        g.news_at := spec.news_at;
        g.last_paged_at := spec.last_paged_at;
        IF cardinality(spec.moved) > 0 THEN
          UPDATE alerts SET group_id = g.id, incident_id = g.incident_id WHERE id = ANY (spec.moved);
        END IF;
      END IF;

      IF g.incident_id IS NOT NULL THEN
        CONTINUE WHEN cardinality(joined) = 0;
        -- New alerts go on the timeline at most once a minute per group; the count carries over.
        pending := g.news_pending + cardinality(joined);
        report := g.news_at IS NULL OR p_now - g.news_at >= interval '1 minute';
        UPDATE alert_groups
           SET news_pending = CASE WHEN report THEN 0 ELSE pending END,
               news_at = CASE WHEN report THEN p_now ELSE g.news_at END
         WHERE id = g.id;
        page := g.last_paged_at IS NULL
             OR p_now - g.last_paged_at >= spec.repeat_minutes * interval '1 minute';
        CONTINUE WHEN NOT (report OR page);
        work := work || jsonb_build_object('integration', spec.integration_id, 'group', g.id,
          'incident', g.incident_id, 'report', report, 'pending', pending,
          'joined', to_jsonb(joined[1:5]), 'page', page);
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
