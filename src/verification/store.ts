/** SQL of verification: watched metrics, spells of monitoring, and what an incident's alerts say. */
import type { Queryable } from '../db/pool.ts';
import { DEFAULT_WINDOW_MINUTES, type Comparison, type RunState } from './schema.ts';

/** What is watched for an incident as stored. */
export interface MetricRow {
  query: string | null;
  /** An integration whose alert rate is watched instead of a query (comparison is then `above`). */
  integrationId: string | null;
  /** Its name, read with the row (absent when saving). */
  integrationName?: string | null;
  comparison: Comparison | null;
  threshold: number | null;
  windowMinutes: number;
}

/** What is watched: the stored row, or the defaults (no query, the default window). */
export async function metricOf(db: Queryable, incidentId: string): Promise<MetricRow> {
  const { rows } = await db.query<{
    query: string | null;
    integration_id: string | null;
    integration_name: string | null;
    comparison: Comparison | null;
    threshold: number | null;
    window_minutes: number;
  }>(
    `SELECT v.query, v.integration_id, i.name AS integration_name, v.comparison, v.threshold, v.window_minutes
       FROM verification_metrics v LEFT JOIN integrations i ON i.id = v.integration_id
      WHERE v.incident_id = $1`,
    [incidentId],
  );
  const r = rows[0];
  return r
    ? {
        query: r.query,
        integrationId: r.integration_id,
        integrationName: r.integration_name,
        comparison: r.comparison,
        threshold: r.threshold,
        windowMinutes: r.window_minutes,
      }
    : {
        query: null,
        integrationId: null,
        comparison: null,
        threshold: null,
        windowMinutes: DEFAULT_WINDOW_MINUTES,
      };
}

/** Stores what is watched (neither a query nor an integration: the incident's alerts, if any). */
export async function saveMetric(
  db: Queryable,
  incidentId: string,
  m: MetricRow,
  by: string | null,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO verification_metrics
       (incident_id, query, comparison, threshold, window_minutes, updated_by, updated_at, integration_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (incident_id) DO UPDATE SET query = $2, comparison = $3, threshold = $4, window_minutes = $5,
       updated_by = $6, updated_at = $7, integration_id = $8`,
    [incidentId, m.query, m.comparison, m.threshold, m.windowMinutes, by, at, m.integrationId],
  );
}

/** Whether any alert was ever placed in the incident (its signal rate is then its metric). */
export async function hasAlerts(db: Queryable, incidentId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM alerts WHERE incident_id = $1 LIMIT 1', [incidentId]);
  return rows.length > 0;
}

/** An incident's alerts now: how many are open, when the last resolved, the latest first sighting. */
export async function alertState(
  db: Queryable,
  incidentId: string,
): Promise<{ open: number; lastResolvedAt: Date | null; lastFirstSeenAt: Date | null }> {
  const { rows } = await db.query<{ open: number; resolved: Date | null; first: Date | null }>(
    `SELECT count(*) FILTER (WHERE resolved_at IS NULL)::int AS open, max(resolved_at) AS resolved,
            max(first_seen_at) AS first
       FROM alerts WHERE incident_id = $1`,
    [incidentId],
  );
  const r = rows[0]!;
  return { open: r.open, lastResolvedAt: r.resolved, lastFirstSeenAt: r.first };
}

/** One spell of monitoring as stored. */
export interface RunRow {
  id: string;
  incidentId: string;
  kind: 'alerts' | 'query' | 'integration';
  metric: string;
  windowMinutes: number;
  deploymentId: string | null;
  state: RunState;
  startedAt: Date;
  goodSince: Date | null;
  lastValue: number | null;
  lastCheckedAt: Date | null;
  detail: string | null;
  endedAt: Date | null;
}

const runColumns = `id, incident_id AS "incidentId", kind, metric, window_minutes AS "windowMinutes",
  deployment_id AS "deploymentId", state, started_at AS "startedAt", good_since AS "goodSince",
  last_value AS "lastValue", last_checked_at AS "lastCheckedAt", detail, ended_at AS "endedAt"`;

/** The latest spell of an incident, or null. */
export async function latestRun(db: Queryable, incidentId: string): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${runColumns} FROM verification_runs WHERE incident_id = $1 ORDER BY started_at DESC, id LIMIT 1`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/** The spell in progress of an incident, locked, or null. */
export async function lockActiveRun(db: Queryable, incidentId: string): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${runColumns} FROM verification_runs WHERE incident_id = $1 AND ended_at IS NULL FOR UPDATE`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/** Starts a spell of monitoring. */
export async function insertRun(
  db: Queryable,
  r: Pick<RunRow, 'incidentId' | 'kind' | 'metric' | 'windowMinutes' | 'deploymentId' | 'startedAt'>,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO verification_runs (incident_id, kind, metric, window_minutes, deployment_id, state, started_at)
     VALUES ($1, $2, $3, $4, $5, 'waiting', $6) RETURNING id`,
    [r.incidentId, r.kind, r.metric, r.windowMinutes, r.deploymentId, r.startedAt],
  );
  return rows[0]!.id;
}

/** Records a check of a spell, and its end when the state is final. */
export async function updateRun(
  db: Queryable,
  id: string,
  p: { state: RunState; goodSince: Date | null; lastValue?: number | null; detail: string | null; at: Date },
): Promise<void> {
  const final = p.state === 'verified' || p.state === 'failed' || p.state === 'stopped';
  await db.query(
    `UPDATE verification_runs SET state = $2, good_since = $3,
       last_value = coalesce($4::double precision, last_value), detail = $5, last_checked_at = $6::timestamptz,
       ended_at = CASE WHEN $7::boolean THEN $6::timestamptz ELSE NULL END
     WHERE id = $1`,
    [id, p.state, p.goodSince, p.lastValue ?? null, p.detail, p.at, final],
  );
}

/** Incidents with a spell in progress. */
export async function activeRuns(db: Queryable): Promise<{ incidentId: string }[]> {
  const { rows } = await db.query<{ incidentId: string }>(
    'SELECT incident_id AS "incidentId" FROM verification_runs WHERE ended_at IS NULL ORDER BY started_at LIMIT 500',
  );
  return rows;
}

/**
 * Incidents moved to monitoring by hand with no spell begun since: status monitoring, and no spell
 * started at or after their latest move into it.
 */
export async function unstartedMonitoring(db: Queryable): Promise<{ id: string }[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT i.id FROM incidents i
      CROSS JOIN LATERAL (
        SELECT max(t.at) AS at FROM timeline_entries t
         WHERE t.incident_id = i.id AND t.kind = 'status-changed' AND t.data->>'to' = 'monitoring') moved
      WHERE i.status = 'monitoring'
        AND (EXISTS (SELECT 1 FROM verification_metrics v WHERE v.incident_id = i.id AND v.comparison IS NOT NULL)
             OR EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = i.id))
        AND NOT EXISTS (SELECT 1 FROM verification_runs r
                         WHERE r.incident_id = i.id AND (r.ended_at IS NULL OR r.started_at >= moved.at))
      LIMIT 100`,
  );
  return rows;
}
