/**
 * Holds: what keeps an incident out of some statuses until something is done. Domains above
 * incidents place and release them (a deviation with no tech-debt item holds off closing; a fix
 * not yet verified holds off resolving unless a reason is given); changing status reads them.
 */
import type { Queryable } from '../db/pool.ts';
import type { Status } from './schema.ts';

/** One hold as stored and shown. */
export interface Hold {
  key: string;
  blocks: Status[];
  message: string;
  /** Passable with a recorded reason; otherwise the status is refused until the hold is released. */
  overridable: boolean;
  createdAt: string;
}

/** Places (or replaces) the hold `key` on an incident. */
export async function placeHold(
  db: Queryable,
  h: { incidentId: string; key: string; blocks: Status[]; message: string; overridable?: boolean; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO incident_holds (incident_id, key, blocks, message, overridable, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (incident_id, key) DO UPDATE SET blocks = $3, message = $4, overridable = $5`,
    [h.incidentId, h.key, h.blocks, h.message, h.overridable ?? false, h.at],
  );
}

/** Releases the hold `key`; true when there was one. */
export async function releaseHold(db: Queryable, incidentId: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM incident_holds WHERE incident_id = $1 AND key = $2', [
    incidentId,
    key,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The holds on an incident, oldest first; only those blocking `status` when given. */
export async function listHolds(db: Queryable, incidentId: string, status?: Status): Promise<Hold[]> {
  const { rows } = await db.query<{
    key: string;
    blocks: Status[];
    message: string;
    overridable: boolean;
    created_at: Date;
  }>(
    `SELECT key, blocks, message, overridable, created_at FROM incident_holds
     WHERE incident_id = $1 AND ($2::text IS NULL OR $2 = ANY (blocks)) ORDER BY created_at, key`,
    [incidentId, status ?? null],
  );
  return rows.map((r) => ({
    key: r.key,
    blocks: r.blocks,
    message: r.message,
    overridable: r.overridable,
    createdAt: r.created_at.toISOString(),
  }));
}
