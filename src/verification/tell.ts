/**
 * Job `verification-tell`: the owner hears that the fix failed verification (a page: every verified
 * contact method but calls) or was rolled back. Nobody owns the incident, or the owner cannot be
 * reached: the incident is paged through its escalation instead.
 */
import type { Job } from '../engine/jobs.ts';
import { methodsOf } from '../decisions/store.ts';
import type { DomainContext } from '../http/module.ts';
import { requestPage } from '../incidents/page-request.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { incidentOf, sendNow } from '../notify/outbox.ts';

/** Sends the job's news to the owner, else pages the incident. */
export async function runTell(ctx: DomainContext, job: Job): Promise<void> {
  const p = job.payload as { incidentId: string; what: 'failed' | 'rolled-back'; detail: string };
  const incident = await getIncident(ctx.pool, p.incidentId);
  const now = ctx.clock.now();
  const headline =
    p.what === 'failed'
      ? 'the fix failed verification, back to fixing'
      : 'the fix was rolled back, back to fixing';
  const methods = incident.owner
    ? (await methodsOf(ctx.pool, [incident.owner.id])).filter((m) => m.kind !== 'voice')
    : [];
  const sent: string[] = [];
  for (const m of methods) {
    try {
      await sendNow(
        ctx,
        { key: `${job.key}:${m.id}`, kind: m.kind, userId: m.userId, methodId: m.id },
        {
          incident: incidentOf(incident, ctx.publicUrl),
          subject: `#${incident.number}: ${headline}`,
          text: [
            `Incident #${incident.number} ${incident.tagline}: ${headline}.`,
            p.detail,
            `${ctx.publicUrl}/incidents/${incident.number}`,
          ].join('\n'),
          ackUrl: '',
          outside: m.kind === 'email',
          recipient: { name: m.name, address: m.address },
        },
      );
      sent.push(m.kind);
    } catch (err) {
      await appendTimeline(ctx.pool, {
        incidentId: incident.id,
        at: now,
        actorId: null,
        kind: 'notification-failed',
        data: {
          userId: m.userId,
          person: m.name,
          channel: m.kind,
          error: (err instanceof Error ? err.message : String(err)).slice(0, 300),
        },
      });
    }
  }
  if (sent.length === 0)
    await requestPage(ctx.pool, incident.id, `Verification: ${headline}`, `page:${job.key}`, now);
}
