/**
 * "Affects deployments": a flag the chat domain keeps per incident. Setting or lifting it is an
 * incident change (timeline entry `affects-deployments`) and posts to the deployments channel
 * (job `chat-deployments`, once per change); the broadcast message shows the flag too.
 */
import type { User } from '../auth/schema.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { changeIncident } from '../incidents/change.ts';
import { getIncident } from '../incidents/store.ts';
import { slackEscape } from '../notify/slack.ts';
import { roomUrl } from './render.ts';
import { slackApi } from './slack-api.ts';
import { getSettings, lockChatIncident, updateChatIncident } from './store.ts';
import { channelFor, scopeOf } from './sync.ts';
import { postOnce } from './once.ts';
import { webhookPosts, type Post } from './webhooks.ts';

export const DEPLOYMENTS_JOB = 'chat-deployments';

/** Sets or lifts the flag as `actor`; a flag already so is a conflict. */
export async function setAffectsDeployments(
  ctx: DomainContext,
  ref: string,
  actor: User,
  on: boolean,
): Promise<void> {
  await changeIncident(ctx, ref, actor, async (c) => {
    const row = await lockChatIncident(c.tx, c.row.id);
    if (row.affects_deployments === on)
      throw new AppError(
        'conflict',
        `#${c.row.number} ${on ? 'already affects' : 'does not affect'} deployments`,
      );
    const n = row.deployments_changes + 1;
    await updateChatIncident(c.tx, c.row.id, { affects_deployments: on, deployments_changes: n });
    await c.record('affects-deployments', { on });
    await enqueue(c.tx, [
      {
        kind: DEPLOYMENTS_JOB,
        key: `${DEPLOYMENTS_JOB}:${c.row.id}:${n}`,
        runAt: c.now,
        payload: { incidentId: c.row.id, on },
      },
    ]);
  });
}

/** Job `chat-deployments`: tells the deployments channel(s) of the flag set or lifted, once each. */
export async function runDeployments(ctx: DomainContext, job: Job): Promise<void> {
  const { incidentId, on } = job.payload as { incidentId: string; on: boolean };
  const incident = await getIncident(ctx.pool, incidentId);
  const settings = await getSettings(ctx.pool);
  const channel = channelFor(settings, 'deploymentsChannel', await scopeOf(ctx.pool, incidentId));
  const url = roomUrl(ctx.publicUrl, incident.number);
  const words = on
    ? `#${incident.number} ${incident.tagline} affects deployments: hold deployments until it is lifted`
    : `#${incident.number} ${incident.tagline} no longer affects deployments`;
  const slackConfig = ctx.config.channels.slack;
  const posts: Post[] = webhookPosts(ctx.outbound, settings, words, url, channel);
  if (slackConfig && channel)
    posts.unshift({
      target: `slack:${channel}`,
      send: () =>
        slackApi(slackConfig, ctx.outbound)('chat.postMessage', {
          channel,
          text: `${on ? ':warning:' : ':white_check_mark:'} <${url}|${slackEscape(words)}>`,
          unfurl_links: false,
        }),
    });
  await postOnce(ctx, job.key, posts);
}
