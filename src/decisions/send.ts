/**
 * The question as a message: to each person asked, through each of their verified contact methods
 * that does not wake anyone (email, Slack, Teams, webhook; SMS and calls only when the operator sets
 * EXPEDITE_DECISION_URGENT), with one signed link per answer. Each message goes through the outbox
 * under a stable key, so a job run again sends nothing twice.
 */
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { incidentOf, sendNow } from '../notify/outbox.ts';
import type { ChannelKind } from '../notify/types.ts';
import { answerUrl } from './links.ts';
import { answers } from './schema.ts';
import { methodsOf, type QuestionRow } from './store.ts';

const quiet: readonly ChannelKind[] = ['email', 'slack', 'teams', 'webhook'];

const opening = {
  ask: 'needs your decision',
  remind: 'still needs your decision (reminder)',
  escalate: 'is waiting for a product owner’s decision',
} as const;

/** Sends question `q` to `userIds`; a failed channel is noted on the timeline and the others still go. */
export async function sendQuestion(
  ctx: DomainContext,
  q: QuestionRow,
  userIds: string[],
  round: keyof typeof opening,
): Promise<void> {
  const incident = await getIncident(ctx.pool, q.incident_id);
  const methods = (await methodsOf(ctx.pool, userIds)).filter(
    (m) => ctx.config.decisionUrgent || quiet.includes(m.kind),
  );
  for (const m of methods) {
    const page = await answerUrl(ctx.pool, ctx.publicUrl, q.id, m.userId);
    const lines = [
      `Incident #${incident.number} ${opening[round]}: expedite, backlog or decline?`,
      incident.tagline,
      incident.title,
      '',
      ...answers.map((a) => `${a[0]!.toUpperCase()}${a.slice(1)}: ${page}?answer=${a}`),
      '',
      `Incident: ${ctx.publicUrl}/incidents/${incident.number}`,
    ];
    try {
      await sendNow(
        ctx,
        { key: `decision:${q.id}:${round}:${m.id}`, kind: m.kind, userId: m.userId, methodId: m.id },
        {
          incident: incidentOf(incident, ctx.publicUrl),
          subject: `#${incident.number} ${opening[round]}: ${incident.tagline}`,
          text: lines.join('\n'),
          ackUrl: page,
          // An email carries the three links in its text rather than an "Acknowledge" button.
          outside: m.kind === 'email',
          recipient: { name: m.name, address: m.address },
        },
      );
    } catch (err) {
      await appendTimeline(ctx.pool, {
        incidentId: incident.id,
        at: ctx.clock.now(),
        actorId: null,
        kind: 'decision-not-sent',
        data: { to: m.name, channel: m.kind, error: err instanceof Error ? err.message : String(err) },
      });
    }
  }
}
