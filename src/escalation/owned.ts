/** Taking ownership stops paging: the owner is on it, so the incident's escalations end as theirs. */
import { withTransaction } from '../db/pool.ts';
import type { Job } from '../engine/jobs.ts';
import type { FlowDeps } from '../incidents/change.ts';
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
