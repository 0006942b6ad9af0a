/**
 * Publishing a public update (`statuspage-publish`, enqueued when an update's audiences include the
 * public): stored once per update id, shown at once on every instance's pages, and subscribers are
 * told through `statuspage-notify`.
 */
import { withTransaction } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { PermanentJobError } from '../engine/worker.ts';
import type { DomainContext } from '../http/module.ts';
import { announceStatusChange } from './cache.ts';
import { publishPayload, type PublishPayload } from './schema.ts';
import { insertUpdate } from './store.ts';
import { NOTIFY_JOB } from './subscribers.ts';

export const PUBLISH_JOB = 'statuspage-publish';

/** Stores the update; false when it was published before (nothing is done again). */
export async function publishUpdate(
  ctx: Pick<DomainContext, 'pool' | 'clock'>,
  p: PublishPayload,
): Promise<boolean> {
  const at = ctx.clock.now();
  return withTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query('SELECT 1 FROM incidents WHERE id = $1', [p.incidentId]);
    if (!rows.length) throw new PermanentJobError(`incident ${p.incidentId} not found`);
    const stored = await insertUpdate(
      tx,
      { id: p.updateId, incidentId: p.incidentId, status: p.status, body: p.body },
      at,
    );
    if (!stored) return false;
    await enqueue(tx, [
      {
        kind: NOTIFY_JOB,
        key: `${NOTIFY_JOB}:${p.updateId}`,
        runAt: at,
        payload: { updateId: p.updateId, incidentId: p.incidentId },
      },
    ]);
    await announceStatusChange(tx, ctx.pool);
    return true;
  });
}

/** The job handler: a payload that does not parse is never retried. */
export async function runPublish(ctx: DomainContext, job: Job): Promise<void> {
  const parsed = publishPayload.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError(`statuspage-publish payload: ${parsed.error.message}`);
  await publishUpdate(ctx, parsed.data);
}
