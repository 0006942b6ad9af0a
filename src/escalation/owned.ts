/**
 * Paging stops when it has no purpose left: someone took ownership (the owner is on it, so the
 * escalations end as theirs), or the incident left the procedure (resolved, closed, declined, moved
 * to the Backlog), when its escalations are cancelled.
 */
import { withTransaction } from '../db/pool.ts';
import { cancelJobs, type Job } from '../engine/jobs.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { quietStatuses } from '../incidents/page-request.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { acknowledgeEscalations } from './flow.ts';

/** Job `paging-owned`: ends the running escalations of the incident, acknowledged by its new owner. */
export async function stopOwned(deps: FlowDeps, job: Job): Promise<void> {
  const { incidentId, userId } = job.payload as { incidentId: string; userId: string };
  await withTransaction(deps.pool, async (tx) => {
    const now = deps.clock.now();
    const n = await acknowledgeEscalations(tx, incidentId, userId, now);
    if (n > 0)
      await appendTimeline(tx, {
        incidentId,
        at: now,
        actorId: userId,
        kind: 'paging-stopped',
        data: { by: 'ownership', escalations: n },
      });
  });
}

/**
 * Job `paging-ended`: cancels the running escalations of an incident that left the procedure, unless
 * it came back meanwhile (pulled from the Backlog, reopened).
 */
export async function stopEnded(deps: FlowDeps, job: Job): Promise<void> {
  const incidentId = String(job.payload.incidentId);
  await withTransaction(deps.pool, async (tx) => {
    const now = deps.clock.now();
    const { rows: inc } = await tx.query<{ status: string }>(
      'SELECT status FROM incidents WHERE id = $1 FOR UPDATE',
      [incidentId],
    );
    const status = inc[0]?.status;
    if (!status || !quietStatuses.includes(status)) return;
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE escalations SET state = 'cancelled', ended_at = $2
        WHERE incident_id = $1 AND state = 'active' RETURNING id`,
      [incidentId, now],
    );
    for (const r of rows) await cancelJobs(tx, `esc:${r.id}:`, now);
    if (rows.length > 0)
      await appendTimeline(tx, {
        incidentId,
        at: now,
        actorId: null,
        kind: 'paging-stopped',
        data: { by: 'status', status, escalations: rows.length },
      });
  });
}
