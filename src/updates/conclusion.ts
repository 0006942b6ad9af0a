/**
 * The conclusion of a resolved incident: three parts offered to the comms lead (or owner), each
 * prefilled from the incident, previewed, sent once and recorded on the timeline — the summary email
 * to the team (with the incident's links), the notice to the origin of the report (the support
 * reporter by email, or the client's contacts through their order), and the resolved update on the
 * status pages (an update to `public`). What was and was not sent stays visible.
 */
import { requestClientNotify } from '../clients/notify.ts';
import { incidentClient } from '../clients/store.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import type { Incident } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { teamEmails } from './compose.ts';
import type { Conclusion, ConclusionPart, Link } from './conclusion-schema.ts';
import { listLinks, recordPart, sentParts } from './conclusion-store.ts';
import { emailOnce, type EmailTo } from './email.ts';
import { sendUpdate } from './send.ts';
import { templates } from './store.ts';
import { defaultTemplates, fill, placeholders } from './templates.ts';

export const CONCLUSION_EMAIL_JOB = 'conclusion-email';
type Ctx = Pick<DomainContext, 'pool' | 'clock' | 'publicUrl'>;

const isResolved = (i: Incident) => i.status === 'resolved' || i.status === 'closed';

/** Who reported it: the support reporter (email) or the client's contacts; a problem when neither. */
async function originOf(db: Queryable, incident: Incident) {
  if (incident.origin?.kind === 'report') return { reporter: incident.origin.reporter, client: undefined };
  const found = await incidentClient(db, incident.id);
  return { reporter: undefined, client: found?.client };
}

function summaryText(incident: Incident, v: Record<string, string>, links: Link[]): string {
  return [
    `#${v.number} ${v.title} is resolved after ${v.duration}.`,
    `Summary: ${incident.resolutionSummary ?? '—'}`,
    `Owner: ${v.owner}`,
    '',
    'Links:',
    ...(links.length ? links.map((l) => `- ${l.title} (${l.kind}): ${l.url}`) : ['- none attached']),
    '',
    `Incident: ${v.link}`,
  ].join('\n');
}

/** The three parts: prefilled (or as sent), with recipients and what prevents sending. */
export async function conclusionOf(ctx: Ctx, ref: string): Promise<Conclusion & { incident: Incident }> {
  const incident = await getIncident(ctx.pool, ref);
  const v = placeholders(incident, ctx.publicUrl, ctx.clock.now());
  const links = await listLinks(ctx.pool, incident.id);
  const team = await teamEmails(ctx.pool, incident);
  const origin = await originOf(ctx.pool, incident);
  const resolvedPlain = fill((await templates(ctx.pool, defaultTemplates)).resolved.plain, v);
  const outcome = incident.resolutionSummary ? ` ${incident.resolutionSummary}` : '';
  const notice = `The problem reported as "${v.title}" is resolved.${outcome}\n\nThank you for reporting it.`;
  const offered = [
    {
      part: 'team-summary' as const,
      recipients: team.map((p) => `${p.name} <${p.address}>`),
      subject: `#${v.number} resolved: ${v.tagline}`,
      text: summaryText(incident, v, links),
      problem: team.length ? null : 'Nobody on the incident has a verified email address.',
    },
    {
      part: 'origin-notice' as const,
      recipients: origin.reporter
        ? [`${origin.reporter.name} <${origin.reporter.email}>`]
        : (origin.client?.emergencyContacts.map((c) => `${c.name} (${c.order.join(', ')})`) ?? []),
      subject: origin.reporter ? `Resolved: ${v.title}` : null,
      text: origin.reporter ? `Hello ${origin.reporter.name},\n\n${notice}` : notice,
      problem:
        origin.reporter || origin.client?.emergencyContacts.length
          ? null
          : 'It came from no support report and its client (if any) has no contacts.',
    },
    {
      part: 'status-resolved' as const,
      recipients: [
        incident.service
          ? `Public status pages showing ${incident.service.name}`
          : 'Every public status page',
      ],
      subject: 'Status: resolved',
      text: resolvedPlain,
      problem: null,
    },
  ];
  const sent = await sentParts(ctx.pool, incident.id);
  const parts = offered.map((p) => {
    const s = sent.find((x) => x.part === p.part);
    return s
      ? {
          ...p,
          text: s.text,
          recipients: s.recipients,
          problem: null,
          sentAt: s.sentAt.toISOString(),
          sentBy: s.sentBy,
        }
      : { ...p, sentAt: null, sentBy: null };
  });
  return { incident, resolved: isResolved(incident), links, parts };
}

/** Sends one part with the text as edited; 409 unless resolved, when sent already or it cannot go. */
export async function sendPart(
  ctx: Ctx,
  ref: string,
  userId: string,
  part: ConclusionPart,
  text: string,
): Promise<void> {
  const { incident, resolved, parts } = await conclusionOf(ctx, ref);
  const offered = parts.find((p) => p.part === part)!;
  if (!resolved) throw new AppError('conflict', 'Resolve the incident before sending its conclusion.');
  if (offered.sentAt) throw new AppError('conflict', 'This part of the conclusion was sent already.');
  if (offered.problem) throw new AppError('conflict', offered.problem);
  const now = ctx.clock.now();
  const record = async (tx: Queryable) => {
    if (
      !(await recordPart(tx, {
        incidentId: incident.id,
        part,
        text,
        recipients: offered.recipients,
        by: userId,
        at: now,
      }))
    )
      throw new AppError('conflict', 'This part of the conclusion was sent already.');
    await appendTimeline(tx, {
      incidentId: incident.id,
      at: now,
      actorId: userId,
      kind: 'conclusion-sent',
      data: { part, recipients: offered.recipients },
    });
  };
  if (part === 'status-resolved') {
    await sendUpdate(
      ctx,
      incident.id,
      userId,
      { stage: 'resolved', technical: '', plain: text, audiences: ['public'] },
      record,
    );
    return;
  }
  await withTransaction(ctx.pool, async (tx) => {
    await record(tx);
    const email = (to: EmailTo) => ({
      kind: CONCLUSION_EMAIL_JOB,
      key: `${CONCLUSION_EMAIL_JOB}:${incident.id}:${part}:${to.address.toLowerCase()}`,
      runAt: now,
      payload: { incidentId: incident.id, subject: offered.subject, text, ...to },
    });
    if (part === 'team-summary') await enqueue(tx, (await teamEmails(tx, incident)).map(email));
    else {
      const origin = await originOf(tx, incident);
      if (origin.reporter)
        await enqueue(tx, [
          email({ address: origin.reporter.email, name: origin.reporter.name, userId: origin.reporter.id }),
        ]);
      else await requestClientNotify(tx, incident.id, origin.client!, text, now);
    }
  });
}

/** Job `conclusion-email`: one part of the conclusion to one address. */
export async function runConclusionEmail(ctx: DomainContext, job: Job): Promise<void> {
  const p = job.payload as unknown as EmailTo & { incidentId: string; subject: string; text: string };
  await emailOnce(ctx, job, p.incidentId, p, () => ({ subject: p.subject, text: p.text }));
}
