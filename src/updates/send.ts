/**
 * Sending an update: stored once with its audiences and put on the timeline, in one transaction
 * with the jobs that carry it out. internal → `chat-post-update` (the incident's and the broadcast
 * channel) and the technical email to the incident's team; stakeholders → the plain email to their
 * lists and `chat-post-stakeholders` per list's chat channel; clients → the client's contacts through their order (`client-notify`); public →
 * `statuspage-publish`. Each email is a job of its own and an outbox row, so none goes twice.
 */
import { requestClientNotify } from '../clients/notify.ts';
import { incidentClient } from '../clients/store.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue, type Job, type JobSpec } from '../engine/jobs.ts';
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident, lockIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { emailOnce, type EmailTo } from './email.ts';
import { fillBody, fullText, previewOf, subjectOf, teamEmails } from './compose.ts';
import { publicStatus, type Preview, type Update, type UpdateBody } from './schema.ts';
import { getUpdate, insertUpdate, stakeholderTargets } from './store.ts';

export const CHAT_POST_JOB = 'chat-post-update';
export const CHAT_STAKEHOLDERS_JOB = 'chat-post-stakeholders';
export const STATUSPAGE_JOB = 'statuspage-publish';
export const UPDATE_EMAIL_JOB = 'update-email';

type Ctx = Pick<DomainContext, 'pool' | 'clock' | 'publicUrl'>;

/** What each chosen audience would receive. */
export async function previewUpdate(ctx: Ctx, ref: string, body: UpdateBody): Promise<Preview> {
  const incident = await getIncident(ctx.pool, ref);
  const filled = fillBody(body, incident, ctx.publicUrl, ctx.clock.now());
  return { audiences: await previewOf(ctx.pool, incident, filled, body.audiences) };
}

/** Sends an update to its audiences; 409 when an audience cannot be reached (nothing is sent then). */
export async function sendUpdate(
  ctx: Ctx,
  ref: string,
  authorId: string,
  body: UpdateBody,
  /** More work in the same transaction (a conclusion part recorded as sent). */
  also?: (tx: Queryable, update: Update) => Promise<void>,
): Promise<Update> {
  return withTransaction(ctx.pool, async (tx) => {
    const row = await lockIncident(tx, ref);
    const incident = await getIncident(tx, row.id);
    const now = ctx.clock.now();
    const filled = fillBody(body, incident, ctx.publicUrl, now);
    const audiences = [...new Set(body.audiences)];
    const blocked = (await previewOf(tx, incident, filled, audiences)).find((a) => a.problem);
    if (blocked) throw new AppError('conflict', `${blocked.audience}: ${blocked.problem}`);
    const update = await insertUpdate(tx, {
      incidentId: incident.id,
      authorId,
      at: now,
      ...filled,
      audiences,
    });
    const jobs: JobSpec[] = [];
    const email = (audience: 'internal' | 'stakeholders', address: string, to: Record<string, string> = {}) =>
      jobs.push({
        kind: UPDATE_EMAIL_JOB,
        key: `${UPDATE_EMAIL_JOB}:${update.id}:${address.toLowerCase()}`,
        runAt: now,
        payload: { updateId: update.id, audience, address, ...to },
      });
    if (audiences.includes('internal')) {
      jobs.push({
        kind: CHAT_POST_JOB,
        key: `${CHAT_POST_JOB}:${update.id}`,
        runAt: now,
        payload: { incidentId: incident.id, updateId: update.id, text: fullText(filled, 'technical') },
      });
      for (const p of await teamEmails(tx, incident))
        email('internal', p.address, { userId: p.userId, methodId: p.methodId, name: p.name });
    }
    if (audiences.includes('stakeholders')) {
      const { emails, channels } = await stakeholderTargets(tx, incident.id);
      for (const address of emails) email('stakeholders', address);
      const text = `${subjectOf(incident, filled.stage, 'plain')}\n\n${fullText(filled, 'plain')}`;
      for (const channel of channels)
        jobs.push({
          kind: CHAT_STAKEHOLDERS_JOB,
          key: `${CHAT_STAKEHOLDERS_JOB}:${update.id}:${channel}`,
          runAt: now,
          payload: { incidentId: incident.id, updateId: update.id, channel, text },
        });
    }
    if (audiences.includes('public'))
      jobs.push({
        kind: STATUSPAGE_JOB,
        key: `${STATUSPAGE_JOB}:${update.id}`,
        runAt: now,
        payload: {
          incidentId: incident.id,
          updateId: update.id,
          status: publicStatus[filled.stage],
          body: fullText(filled, 'plain'),
        },
      });
    await enqueue(tx, jobs);
    if (audiences.includes('clients')) {
      const found = await incidentClient(tx, incident.id);
      await requestClientNotify(tx, incident.id, found!.client, fullText(filled, 'plain'), now);
    }
    await appendTimeline(tx, {
      incidentId: incident.id,
      at: now,
      actorId: authorId,
      kind: 'update-sent',
      data: { updateId: update.id, stage: filled.stage, audiences, text: filled.plain || filled.technical },
    });
    await also?.(tx, update);
    return update;
  });
}

/** Job `update-email`: one update to one address, technical for the team, plain for stakeholders. */
export async function runUpdateEmail(ctx: DomainContext, job: Job): Promise<void> {
  const p = job.payload as unknown as EmailTo & { updateId: string; audience: 'internal' | 'stakeholders' };
  const update = await getUpdate(ctx.pool, p.updateId);
  if (!update) return;
  const version = p.audience === 'internal' ? 'technical' : 'plain';
  await emailOnce(ctx, job, update.incidentId, p, (incident) => ({
    subject: subjectOf(incident, update.stage, version),
    text: fullText(update, version),
  }));
}
