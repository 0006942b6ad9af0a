/**
 * Silences and maintenance windows: stored rows, and a short per-instance memory of those not yet
 * ended that the ingest path reads on every delivery (src/db/recent.ts). A change through this
 * instance applies once it commits; other instances see it within CACHE_MS.
 */
import type pg from 'pg';
import type { Queryable } from '../db/pool.ts';
import { Recent } from '../db/recent.ts';
import { notFound } from '../errors.ts';
import type { ActiveSilence } from './routing.ts';
import type { Silence } from './signal-schema.ts';

const CACHE_MS = 2_000;

interface Row {
  id: string;
  kind: 'silence' | 'maintenance';
  integration_id: string | null;
  service_id: string | null;
  matchers: Record<string, string>;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string | null;
  created_at: Date;
  cancelled_at: Date | null;
}

const cache = new Recent<pg.Pool, ActiveSilence[]>(CACHE_MS);

/** Silences not ended by `nowMs` (routing checks their start), cached briefly. */
export async function activeSilences(pool: pg.Pool, nowMs: number): Promise<ActiveSilence[]> {
  const list = await cache.get(pool, async () => {
    const { rows } = await pool.query<Row>(
      'SELECT * FROM silences WHERE cancelled_at IS NULL AND ends_at > $1 ORDER BY starts_at',
      [new Date(nowMs)],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      integrationId: r.integration_id,
      serviceId: r.service_id,
      matchers: r.matchers,
      startsAt: r.starts_at.getTime(),
      endsAt: r.ends_at.getTime(),
    }));
  });
  return list!;
}

function toSilence(r: Row): Silence {
  return {
    id: r.id,
    kind: r.kind,
    integrationId: r.integration_id,
    serviceId: r.service_id,
    matchers: r.matchers,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    cancelled: r.cancelled_at !== null,
  };
}

/** Stores a silence or maintenance window. */
export async function insertSilence(
  db: Queryable,
  s: {
    kind: 'silence' | 'maintenance';
    integrationId: string | null;
    serviceId: string | null;
    matchers: Record<string, string>;
    startsAt: Date;
    endsAt: Date;
    reason: string;
    by: string;
    at: Date;
  },
): Promise<Silence> {
  const { rows } = await db.query<Row>(
    `INSERT INTO silences (kind, integration_id, service_id, matchers, starts_at, ends_at, reason, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      s.kind,
      s.integrationId,
      s.serviceId,
      JSON.stringify(s.matchers),
      s.startsAt,
      s.endsAt,
      s.reason,
      s.by,
      s.at,
    ],
  );
  await cache.forgetAfterCommit(db);
  return toSilence(rows[0]!);
}

/** Silences that have not ended (and, with `all`, the ended and cancelled ones too), newest first. */
export async function listSilences(db: Queryable, now: Date, all: boolean): Promise<Silence[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM silences WHERE $2 OR (cancelled_at IS NULL AND ends_at > $1) ORDER BY created_at DESC LIMIT 500`,
    [now, all],
  );
  return rows.map(toSilence);
}

/** Ends a silence now; 404 when unknown. */
export async function cancelSilence(db: Queryable, id: string, at: Date): Promise<Silence> {
  const { rows } = await db.query<Row>(
    'UPDATE silences SET cancelled_at = coalesce(cancelled_at, $2) WHERE id = $1 RETURNING *',
    [id, at],
  );
  if (!rows[0]) throw notFound('silence', id);
  await cache.forgetAfterCommit(db);
  return toSilence(rows[0]);
}
