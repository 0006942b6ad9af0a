/**
 * How a backlogged incident reaches its tracker without the lower domains knowing of trackers
 * (ADR 0041). Two ways, both writing the same idempotent `tracker-handoff` job:
 * - the listener: on each instance, timeline announcements of a status change or a decision
 *   answered (src/realtime, as the chat listener reads them) make it check the incident at once;
 * - the sweep (`tracker-sweep`, every five minutes): backlogged incidents changed in the last week
 *   with no ticket and no hand-off job get one, so an announcement missed while no instance
 *   listened costs minutes, not the ticket.
 */
import type pg from 'pg';
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { EventHub } from '../realtime/hub.ts';
import { HANDOFF_JOB, handoffKey, requestHandoff } from './hand-off.ts';

export const SWEEP_JOB = 'tracker-sweep';
const SWEEP_MS = 5 * 60_000;
const sweepKey = (due: number) => `${SWEEP_JOB}:${due}`;

/** Plans the sweep due at or before `at` (on a five-minute boundary). */
export async function scheduleSweep(db: Queryable, at: Date): Promise<void> {
  const due = Math.floor(at.getTime() / SWEEP_MS) * SWEEP_MS;
  await enqueue(db, [{ kind: SWEEP_JOB, key: sweepKey(due), runAt: new Date(due) }]);
}

/** Backlogged incidents changed since `since` with no ticket, no hand-off job, and a tracker to go to. */
async function waiting(db: Queryable, since: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT i.id FROM incidents i
      WHERE i.status = 'backlogged' AND i.updated_at >= $1
        AND NOT EXISTS (SELECT 1 FROM backlog_handoffs h WHERE h.incident_id = i.id)
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.key = $2 || ':' || i.id::text)
        AND EXISTS (SELECT 1 FROM trackers)
      ORDER BY i.updated_at LIMIT 500`,
    [since, HANDOFF_JOB],
  );
  return rows.map((r) => r.id);
}

/** Job `tracker-sweep`: a hand-off job for each backlogged incident still waiting, then the next sweep. */
export async function runSweep(ctx: DomainContext, job: { runAt: Date }): Promise<void> {
  const now = ctx.clock.now();
  const ids = await waiting(ctx.pool, new Date(now.getTime() - 7 * 86_400_000));
  await enqueue(
    ctx.pool,
    ids.map((incidentId) => ({
      kind: HANDOFF_JOB,
      key: handoffKey(incidentId),
      runAt: now,
      payload: { incidentId, by: null },
    })),
  );
  await scheduleSweep(ctx.pool, new Date(now.getTime() + SWEEP_MS));
  // Finished sweeps of a day before go, so the rows do not pile up.
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    sweepKey(job.runAt.getTime() - 288 * SWEEP_MS),
  ]);
}

/** Asks for a ticket when incident `incidentId` is now backlogged and a tracker is set up. */
export async function handOffIfBacklogged(db: Queryable, incidentId: string, now: Date): Promise<void> {
  const { rows } = await db.query(
    `SELECT 1 FROM incidents i WHERE i.id = $1 AND i.status = 'backlogged'
        AND NOT EXISTS (SELECT 1 FROM backlog_handoffs h WHERE h.incident_id = i.id)
        AND EXISTS (SELECT 1 FROM trackers)`,
    [incidentId],
  );
  if (rows.length) await requestHandoff(db, incidentId, now, { by: null });
}

/** Timeline kinds after which an incident may have entered the Backlog. */
const moves = new Set(['status-changed', 'decision-answered']);

const hubs = new WeakMap<pg.Pool, EventHub>();

/** Starts listening for incidents entering the Backlog (once per pool). */
export async function startBacklogWatch(ctx: DomainContext): Promise<void> {
  if (hubs.has(ctx.pool)) return;
  const hub = new EventHub(ctx.pool);
  hubs.set(ctx.pool, hub);
  hub.subscribe((event) => {
    if (event.type !== 'timeline' || !moves.has(event.kind)) return;
    handOffIfBacklogged(ctx.pool, event.incidentId, ctx.clock.now()).catch(() => {
      // The database is out of reach: the sweep asks for the ticket later.
    });
  });
  await hub.ensureStarted();
}

/** Stops the listener of `pool`, if any (at app close). */
export async function stopBacklogWatch(pool: pg.Pool): Promise<void> {
  const hub = hubs.get(pool);
  hubs.delete(pool);
  await hub?.stop();
}
