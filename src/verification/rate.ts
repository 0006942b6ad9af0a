/**
 * An integration's alert rate as a watched metric: its signals per minute, read from the per-minute
 * counts the signal upkeep keeps (`signal_minutes`, ADR 0015) plus the signals not counted yet
 * (after `signal_upkeep.last_id`, found along the primary key). The rate a check compares with the
 * threshold is the mean over the last RATE_MINUTES minutes, the current one included.
 */
import type { Queryable } from '../db/pool.ts';

/** Minutes the rate is averaged over. */
export const RATE_MINUTES = 5;

/** Signals per minute of an integration, by minute. */
export interface MinuteCount {
  minute: Date;
  count: number;
}

const SERIES_SQL = `
  WITH mine AS MATERIALIZED (SELECT id FROM alerts WHERE integration_id = $1)
  SELECT minute, sum(n)::int AS count FROM (
    SELECT date_trunc('minute', s.received_at) AS minute, count(*) AS n FROM signals s
     WHERE s.id > (SELECT last_id FROM signal_upkeep) AND s.integration_id = $1 AND s.alert_id IS NOT NULL
       AND s.received_at >= $2 AND s.received_at < $3
     GROUP BY 1
    UNION ALL
    SELECT m.minute, sum(m.count) FROM signal_minutes m JOIN mine ON mine.id = m.alert_id
     WHERE m.minute >= $2 AND m.minute < $3
     GROUP BY 1
  ) t GROUP BY 1 ORDER BY 1 LIMIT 1440`;

/** Signals per minute of integration `integrationId` for the minutes from `start` up to `end`. */
export async function integrationSeries(
  db: Queryable,
  integrationId: string,
  start: Date,
  end: Date,
): Promise<MinuteCount[]> {
  const from = new Date(Math.floor(start.getTime() / 60_000) * 60_000);
  const { rows } = await db.query<{ minute: Date; count: number }>(SERIES_SQL, [integrationId, from, end]);
  return rows.map((r) => ({ minute: r.minute, count: r.count }));
}

/** The mean signals per minute of an integration over the last RATE_MINUTES minutes at `now`. */
export async function integrationRate(db: Queryable, integrationId: string, now: Date): Promise<number> {
  const start = new Date(now.getTime() - (RATE_MINUTES - 1) * 60_000);
  const counts = await integrationSeries(db, integrationId, start, new Date(now.getTime() + 1));
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return Math.round((total / RATE_MINUTES) * 100) / 100;
}

/** The integration's id and name when it exists. */
export async function findIntegration(
  db: Queryable,
  id: string,
): Promise<{ id: string; name: string } | null> {
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM integrations WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** The integrations one may watch, by name (disabled ones too: their past rate still counts). */
export async function watchableIntegrations(
  db: Queryable,
): Promise<{ id: string; name: string; type: string; disabled: boolean }[]> {
  const { rows } = await db.query<{ id: string; name: string; type: string; disabled: boolean }>(
    `SELECT id, name, type, disabled_at IS NOT NULL AS disabled FROM integrations ORDER BY lower(name), id LIMIT 1000`,
  );
  return rows;
}
