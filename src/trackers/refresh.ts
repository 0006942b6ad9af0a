/**
 * Job `tracker-refresh`, every fifteen minutes: reads from each tracker whether the tickets it was
 * handed are still open (GitHub and GitLab issue state, Jira's status category; a webhook tracker
 * cannot tell) and keeps it on the hand-off, so the room and the Backlog show it; a change is a
 * `ticket-state-changed` timeline entry {tracker, ref, url, state}. A tracker that
 * does not answer leaves the last known state; its other tickets are still read.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { issueState } from './adapters.ts';
import { setTicketState, ticketsToRefresh } from './handoff-store.ts';

export const REFRESH_JOB = 'tracker-refresh';
const REFRESH_MS = 15 * 60_000;
const refreshKey = (due: number) => `${REFRESH_JOB}:${due}`;

/** Plans the refresh due at or before `at` (on a quarter-hour boundary). */
export async function scheduleRefresh(db: Queryable, at: Date): Promise<void> {
  const due = Math.floor(at.getTime() / REFRESH_MS) * REFRESH_MS;
  await enqueue(db, [{ kind: REFRESH_JOB, key: refreshKey(due), runAt: new Date(due) }]);
}

/** Reads the state of open tickets last read before now (at most 200 a run); answers how many changed. */
export async function refreshStates(ctx: DomainContext): Promise<number> {
  const now = ctx.clock.now();
  let changed = 0;
  for (const t of await ticketsToRefresh(ctx.pool, now, 200)) {
    let state: 'open' | 'closed' | undefined;
    try {
      state = await issueState(ctx.outbound, t.tracker, t.ref);
    } catch {
      continue; // the tracker did not answer: the last known state stays, read again next time
    }
    if (!state) continue;
    if (await setTicketState(ctx.pool, t.incidentId, state, now)) {
      changed++;
      // On the timeline (which also refreshes live pages): the team closed, or reopened, the ticket.
      await appendTimeline(ctx.pool, {
        incidentId: t.incidentId,
        at: now,
        actorId: null,
        kind: 'ticket-state-changed',
        data: { tracker: t.tracker.name, ref: t.ref, url: t.url, state },
      });
    }
  }
  return changed;
}

/** Runs a `tracker-refresh` job, then plans the next one. */
export async function runRefresh(ctx: DomainContext, job: Job): Promise<void> {
  await refreshStates(ctx);
  await scheduleRefresh(ctx.pool, new Date(ctx.clock.now().getTime() + REFRESH_MS));
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    refreshKey(job.runAt.getTime() - 96 * REFRESH_MS),
  ]);
}
