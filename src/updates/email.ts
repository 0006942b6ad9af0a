/**
 * One email of an update or a conclusion to one address, as a job: an outbox row under the job's
 * key (sent once, even if the job runs again), a passing failure retried, a final one on the timeline.
 */
import type { Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { claimMessage, incidentOf, sendClaimed } from '../notify/outbox.ts';

/** Who an email goes to: an address, and the person when it is one of ours. */
export interface EmailTo {
  address: string;
  name?: string;
  userId?: string;
  methodId?: string;
}

/** Sends `subject`/`text` to `to` about the incident under the job's key. */
export async function emailOnce(
  ctx: DomainContext,
  job: Job,
  incidentId: string,
  to: EmailTo,
  message: (incident: Awaited<ReturnType<typeof getIncident>>) => { subject: string; text: string },
): Promise<void> {
  const outbox = await claimMessage(ctx.pool, {
    key: job.key,
    incidentId,
    channel: 'email',
    address: to.address,
    at: ctx.clock.now(),
    ...(to.userId ? { userId: to.userId } : {}),
    ...(to.methodId ? { methodId: to.methodId } : {}),
  });
  if (outbox.status !== 'sending') return;
  const incident = await getIncident(ctx.pool, incidentId);
  await sendClaimed(
    ctx,
    job,
    outbox.id,
    'email',
    {
      incident: incidentOf(incident, ctx.publicUrl),
      ...message(incident),
      ackUrl: '',
      outside: true,
      recipient: { name: to.name ?? to.address, address: to.address },
    },
    {
      sent: async () => {},
      failed: (error) =>
        appendTimeline(ctx.pool, {
          incidentId,
          at: ctx.clock.now(),
          actorId: null,
          kind: 'update-not-sent',
          data: { to: to.name ?? to.address, channel: 'email', error: error.slice(0, 300) },
        }),
    },
    3,
  );
}
