/**
 * From draft to published: the owner names reviewers (draft → in-review), each named reviewer
 * approves, and once every one has, it is published to its audience ("this document should be
 * shared with relevant management and senior team members"): each person is emailed a link, and
 * the incident's timeline says `postmortem-published`.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { resolvePerson } from '../incidents/change.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { updateIncident } from '../incidents/store.ts';
import type { DomainContext } from '../http/module.ts';
import { lockOf } from './edit.ts';
import { enqueueEmail } from './mail.ts';
import { readPostmortem } from './read.ts';
import type { Postmortem, publishBody, reviewBody } from './schema.ts';
import { approve, setReviewers, updatePostmortem } from './store.ts';

/** Names the reviewers and puts the post-mortem in review. */
export async function requestReview(ctx: DomainContext, ref: string, body: z.output<typeof reviewBody>) {
  await withTransaction(ctx.pool, async (tx) => {
    const { pm } = await lockOf(tx, ref);
    if (pm.status === 'published') throw new AppError('conflict', 'The post-mortem is already published');
    const ids: string[] = [];
    for (const [i, r] of body.reviewers.entries())
      ids.push((await resolvePerson(tx, r, `body.reviewers.${i}`)).id);
    await setReviewers(tx, pm.id, [...new Set(ids)]);
    await updatePostmortem(tx, pm.id, { status: 'in-review' }, ctx.clock.now());
  });
  return readPostmortem(ctx.pool, ref, ctx.clock.now());
}

/** The approval of `actor`, who must be a named reviewer of a post-mortem in review. */
export async function approvePostmortem(ctx: DomainContext, ref: string, actor: User) {
  await withTransaction(ctx.pool, async (tx) => {
    const { pm } = await lockOf(tx, ref);
    if (pm.status !== 'in-review') throw new AppError('conflict', 'Only a post-mortem in review is approved');
    if (!(await approve(tx, pm.id, actor.id, ctx.clock.now())))
      throw new AppError('forbidden', 'Only its named reviewers approve a post-mortem');
  });
  return readPostmortem(ctx.pool, ref, ctx.clock.now());
}

/** Who an audience is: the team (the people of the post-mortem and the incident) or management. */
async function audienceOf(
  db: Queryable,
  pm: { id: string; incidentId: string },
  audience: readonly string[],
): Promise<{ address: string; name: string; userId: string | null }[]> {
  const { rows } = await db.query<{ address: string; name: string; user_id: string | null }>(
    `SELECT DISTINCT ON (lower(address)) address, name, user_id FROM (
       SELECT email AS address, name, user_id FROM postmortem_participants WHERE postmortem_id = $1 AND 'team' = ANY($3)
       UNION ALL SELECT u.email, u.name, u.id FROM postmortems p JOIN users u ON u.id = p.owner_id
         WHERE p.id = $1 AND 'team' = ANY($3)
       UNION ALL SELECT u.email, u.name, u.id FROM postmortem_reviewers r JOIN users u ON u.id = r.user_id
         WHERE r.postmortem_id = $1 AND 'team' = ANY($3)
       UNION ALL SELECT u.email, u.name, u.id FROM incident_roles r JOIN users u ON u.id = r.user_id
         WHERE r.incident_id = $2 AND 'team' = ANY($3)
       UNION ALL SELECT email, name, id FROM users
         WHERE role IN ('admin', 'stakeholder') AND disabled_at IS NULL AND 'management' = ANY($3)
     ) a ORDER BY lower(address), user_id NULLS LAST`,
    [pm.id, pm.incidentId, audience],
  );
  return rows.map((r) => ({ address: r.address, name: r.name, userId: r.user_id }));
}

/** Publishes a post-mortem every reviewer approved, and emails its audience a link. */
export async function publish(
  ctx: DomainContext,
  ref: string,
  body: z.output<typeof publishBody>,
  actor: User,
): Promise<Postmortem> {
  await withTransaction(ctx.pool, async (tx) => {
    const { incident, pm } = await lockOf(tx, ref);
    if (pm.status !== 'in-review')
      throw new AppError('conflict', pm.status === 'draft' ? 'Ask for a review first' : 'Already published');
    const { rows } = await tx.query<{ name: string }>(
      `SELECT u.name FROM postmortem_reviewers r JOIN users u ON u.id = r.user_id
        WHERE r.postmortem_id = $1 AND r.approved_at IS NULL ORDER BY u.name`,
      [pm.id],
    );
    if (rows.length)
      throw new AppError('conflict', `Waiting for the approval of ${rows.map((r) => r.name).join(', ')}`);
    const now = ctx.clock.now();
    const audience = [...new Set(body.audience)];
    await updatePostmortem(tx, pm.id, { status: 'published', audience, published_at: now }, now);
    await appendTimeline(tx, {
      incidentId: incident.id,
      at: now,
      actorId: actor.id,
      kind: 'postmortem-published',
      data: { postmortemId: pm.id, audience },
    });
    await updateIncident(tx, incident.id, { updated_at: now });
    const url = `${ctx.publicUrl}/incidents/${incident.number}#postmortem`;
    for (const to of await audienceOf(tx, { id: pm.id, incidentId: incident.id }, audience))
      await enqueueEmail(tx, `postmortem-published:${pm.id}:${to.address.toLowerCase()}`, now, {
        incidentId: incident.id,
        to,
        subject: `Post-mortem published: #${incident.number} ${incident.title}`,
        text: [
          `The post-mortem of incident #${incident.number}, ${incident.title}, is published.`,
          'It says what happened, what went well, what could go better, and the actions agreed, each with an owner.',
          '',
          `Read it: ${url}`,
        ].join('\n'),
      });
  });
  return readPostmortem(ctx.pool, ref, ctx.clock.now());
}
