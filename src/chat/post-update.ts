/**
 * Job `chat-post-update` (the contract with the updates domain): payload `{ incidentId, updateId,
 * text }`; the text is posted in the incident's own channel when it has one and in the broadcast
 * channel, and to the Teams and Mattermost webhooks. Idempotent on updateId through its job key
 * `chat-post-update:<updateId>`, and per target (a retry posts only where it is missing). A payload that does not fit the contract is given up at once.
 */
import { z } from 'zod';
import { PermanentJobError } from '../engine/worker.ts';
import type { Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { slackEscape } from '../notify/slack.ts';
import { cut } from '../notify/text.ts';
import { roomUrl } from './render.ts';
import { slackApi } from './slack-api.ts';
import { getChatIncident, getSettings } from './store.ts';
import { channelFor, scopeOf } from './sync.ts';
import { postOnce } from './once.ts';
import { webhookPosts, type Post } from './webhooks.ts';

export const POST_UPDATE_JOB = 'chat-post-update';

export const postUpdatePayload = z.object({
  incidentId: z.uuid(),
  updateId: z.string().min(1).max(200),
  text: z.string().trim().min(1).max(30_000),
});

/** Posts the update; throws (retry) when a post fails. */
export async function runPostUpdate(ctx: DomainContext, job: Job): Promise<void> {
  const parsed = postUpdatePayload.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError(`chat-post-update: ${parsed.error.issues[0]?.message}`);
  const { incidentId, text } = parsed.data;
  const incident = await getIncident(ctx.pool, incidentId);
  const settings = await getSettings(ctx.pool);
  const chat = await getChatIncident(ctx.pool, incidentId);
  const broadcast =
    chat?.broadcast_channel_id ??
    channelFor(settings, 'broadcastChannel', await scopeOf(ctx.pool, incidentId));
  const url = roomUrl(ctx.publicUrl, incident.number);
  const line = `#${incident.number} ${incident.tagline}: update`;
  const slackConfig = ctx.config.channels.slack;
  const posts: Post[] = [];
  if (slackConfig) {
    const slack = slackApi(slackConfig, ctx.outbound);
    const message = {
      text: cut(`${line}\n${text}`, 3000),
      unfurl_links: false,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: cut(`*<${url}|${slackEscape(line)}>*\n${slackEscape(text)}`, 3000),
          },
        },
      ],
    };
    for (const channel of [chat?.channel_id, broadcast])
      if (channel)
        posts.push({
          target: `slack:${channel}`,
          send: () => slack('chat.postMessage', { channel, ...message }),
        });
  }
  posts.push(...webhookPosts(ctx.outbound, settings, `${line}\n${text}`, url, broadcast));
  // A retry posts only where the update is still missing.
  await postOnce(ctx, job.key, posts);
}
