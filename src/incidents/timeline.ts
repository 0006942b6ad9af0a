/**
 * The append-only timeline ("write down everything"). Every change to an incident appends an entry
 * in the same transaction as the change; the database refuses updates and deletes.
 */
import type { Queryable } from '../db/pool.ts';
import { announce } from '../realtime/announce.ts';
import type { TimelineEntry } from './schema.ts';

/** Appends one entry, announced to live pages once its transaction commits. */
export async function appendTimeline(
  db: Queryable,
  e: { incidentId: string; at: Date; actorId: string | null; kind: string; data?: Record<string, unknown> },
): Promise<void> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [e.incidentId, e.at, e.actorId, e.kind, JSON.stringify(e.data ?? {})],
  );
  await announce(db, { type: 'timeline', incidentId: e.incidentId, entryId: rows[0]!.id, kind: e.kind });
}

/** Entries of an incident in order, after entry id `after`, at most `limit`. */
export async function listTimeline(
  db: Queryable,
  incidentId: string,
  opts: { after?: number; limit: number },
): Promise<TimelineEntry[]> {
  const { rows } = await db.query<{
    id: number;
    at: Date;
    kind: string;
    actor_id: string | null;
    actor_name: string | null;
    data: Record<string, unknown>;
  }>(
    `SELECT t.id, t.at, t.kind, t.actor_id, u.name AS actor_name, t.data
       FROM timeline_entries t LEFT JOIN users u ON u.id = t.actor_id
      WHERE t.incident_id = $1 AND t.id > $2 ORDER BY t.id LIMIT $3`,
    [incidentId, opts.after ?? 0, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
    data: r.data,
  }));
}
