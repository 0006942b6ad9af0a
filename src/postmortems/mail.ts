/**
 * Email of the post-mortems domain, one job per message (`postmortem-email`): a meeting
 * invitation (with its calendar), a published post-mortem's link, an action item's reminder. The
 * job's payload holds the whole message, written when it was asked for; the outbox row under the
 * job's key sends it once. A final failure is recorded on the incident's timeline.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { claimMessage, incidentOf, sendClaimed } from '../notify/outbox.ts';

export const EMAIL_JOB = 'postmortem-email';

/** One email as a job carries it. */
export interface PostmortemEmail {
  incidentId: string;
  to: { address: string; name: string; userId?: string | null };
  subject: string;
  text: string;
  /** An iCalendar REQUEST sent beside the text. */
  calendar?: string;
}

/** Asks for an email under `key` (one message per key, ever). */
export async function enqueueEmail(
  db: Queryable,
  key: string,
  at: Date,
  email: PostmortemEmail,
): Promise<void> {
  await enqueue(db, [{ kind: EMAIL_JOB, key, runAt: at, payload: { ...email } }]);
}

/** Job `postmortem-email`: sends the message of the payload once. */
export async function runEmail(ctx: DomainContext, job: Job): Promise<void> {
  const m = job.payload as unknown as PostmortemEmail;
  const outbox = await claimMessage(ctx.pool, {
    key: job.key,
    incidentId: m.incidentId,
    channel: 'email',
    address: m.to.address,
    at: ctx.clock.now(),
    ...(m.to.userId ? { userId: m.to.userId } : {}),
  });
  if (outbox.status !== 'sending') return;
  const incident = await getIncident(ctx.pool, m.incidentId);
  await sendClaimed(
    ctx,
    job,
    outbox.id,
    'email',
    {
      incident: incidentOf(incident, ctx.publicUrl),
      subject: m.subject,
      text: m.text,
      ackUrl: '',
      outside: true,
      recipient: { name: m.to.name, address: m.to.address },
      ...(m.calendar ? { calendar: { method: 'REQUEST' as const, content: m.calendar } } : {}),
    },
    {
      sent: async () => {},
      failed: (error) =>
        appendTimeline(ctx.pool, {
          incidentId: m.incidentId,
          at: ctx.clock.now(),
          actorId: null,
          kind: 'postmortem-email-failed',
          data: { to: m.to.name, subject: m.subject, error: error.slice(0, 300) },
        }),
    },
    3,
  );
}
