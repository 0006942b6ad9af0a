/** Reading alerts: an integration's, and an incident's signals (rate per minute and its alerts). */
import type { Queryable } from '../db/pool.ts';
import type { Severity } from './integrations/types.ts';
import type { Alert, incidentSignalsSchema } from './signal-schema.ts';
import type { z } from 'zod';

interface Row {
  id: string;
  integration_id: string;
  integration_name?: string;
  dedup_key: string;
  status: Alert['status'];
  title: string;
  severity: Severity | null;
  labels: Record<string, string>;
  links: { href: string; text?: string }[];
  suppressed_by: string | null;
  event_count: number;
  incident_id: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
}

const columns = `a.id, a.integration_id, a.dedup_key, a.status, a.title, a.severity, a.labels, a.links, a.suppressed_by,
  a.event_count, a.incident_id, a.first_seen_at, a.last_seen_at, a.resolved_at`;

function toAlert(r: Row): Alert {
  return {
    id: r.id,
    integrationId: r.integration_id,
    dedupKey: r.dedup_key,
    status: r.status,
    title: r.title,
    severity: r.severity,
    labels: r.labels,
    links: r.links,
    suppressedBy: r.suppressed_by,
    eventCount: r.event_count,
    incidentId: r.incident_id,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  };
}

/** Alerts of one integration, most recently seen first. */
export async function listAlerts(
  db: Queryable,
  q: { integrationId: string; open: boolean; limit: number },
): Promise<Alert[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${columns} FROM alerts a WHERE a.integration_id = $1 AND ($2 = false OR a.resolved_at IS NULL)
      ORDER BY a.last_seen_at DESC LIMIT $3`,
    [q.integrationId, q.open, q.limit],
  );
  return rows.map(toAlert);
}

/**
 * An incident's events per minute: the counts in signal_minutes of signals up to
 * signal_upkeep.last_id (upkeep.ts), plus the signals after it (the last minute or two), counted
 * here. Those are found in one of two ways, so that neither a large incident nor a storm elsewhere
 * makes the read slow (ADR 0015):
 * - for an incident of up to PER_ALERT_MAX alerts, by alert and time, from a margin of 5 seconds
 *   (in the SQL) before `until`, the last counted one's time; a signal written after others received
 *   more than that margin later (as by a stalled instance) shows once counted, a minute or two later;
 * - for a larger one, the newest RECENT_LIMIT uncounted signals along the primary key (enough for
 *   what a heavy storm adds between two upkeep runs; when more wait, the oldest of them show once
 *   counted).
 */
const PER_ALERT_MAX = 1_000;
const RECENT_LIMIT = 1_000_000;

const uncountedByAlert = `SELECT x.received_at FROM mine CROSS JOIN LATERAL (
    SELECT s.received_at FROM signals s
     WHERE s.alert_id = mine.id AND s.received_at >= (SELECT until - interval '5 seconds' FROM signal_upkeep)
       AND s.id > (SELECT last_id FROM signal_upkeep)
    OFFSET 0) x`;

const uncountedNewest = `SELECT r.received_at FROM (
    SELECT alert_id, received_at FROM signals WHERE id > (SELECT last_id FROM signal_upkeep)
     ORDER BY id DESC LIMIT ${RECENT_LIMIT}) r
    JOIN mine ON mine.id = r.alert_id`;

const rateSql = (uncounted: string) => `
  WITH mine AS MATERIALIZED (SELECT id FROM alerts WHERE incident_id = $1)
  SELECT minute, sum(n)::int AS count FROM (
    SELECT date_trunc('minute', u.received_at) AS minute, count(*) AS n FROM (${uncounted}) u GROUP BY 1
    UNION ALL
    SELECT m.minute, sum(m.count) FROM signal_minutes m JOIN mine ON mine.id = m.alert_id GROUP BY 1
  ) t GROUP BY 1 ORDER BY 1 DESC LIMIT 1440`;

/**
 * An incident's signals: events per minute (its last 1,440 minutes with any), its alerts, and how
 * many more alerts the sender left out of its deliveries (`truncatedAlerts`).
 * `perAlertMax` (tests) changes the size up to which uncounted signals are found by alert.
 */
export async function incidentSignals(
  db: Queryable,
  incidentId: string,
  limit: number,
  { perAlertMax = PER_ALERT_MAX } = {},
): Promise<z.infer<typeof incidentSignalsSchema>> {
  // The sender's truncation is the one its latest delivery reported (the alert seen last).
  const total = await db.query<{ n: number; truncated: number }>(
    `SELECT count(*)::int AS n, coalesce((SELECT truncated_alerts FROM alerts WHERE incident_id = $1
              ORDER BY last_seen_at DESC, id LIMIT 1), 0) AS truncated
       FROM alerts WHERE incident_id = $1`,
    [incidentId],
  );
  const { n: alertsTotal, truncated: truncatedAlerts } = total.rows[0]!;
  const [rate, alerts] = await Promise.all([
    db.query<{ minute: Date; count: number }>(
      rateSql(alertsTotal <= perAlertMax ? uncountedByAlert : uncountedNewest),
      [incidentId],
    ),
    db.query<Row & { integration_name: string }>(
      `SELECT ${columns}, i.name AS integration_name FROM alerts a JOIN integrations i ON i.id = a.integration_id
        WHERE a.incident_id = $1 ORDER BY a.resolved_at IS NULL DESC, a.last_seen_at DESC LIMIT $2`,
      [incidentId, limit],
    ),
  ]);
  return {
    rate: rate.rows.reverse().map((r) => ({ minute: r.minute.toISOString(), count: r.count })),
    alerts: alerts.rows.map((r) => ({ ...toAlert(r), integrationName: r.integration_name })),
    alertsTotal,
    truncatedAlerts,
  };
}
