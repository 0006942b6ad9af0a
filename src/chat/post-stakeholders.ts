/**
 * Job `chat-post-stakeholders` (the contract with the updates domain): payload `{ incidentId,
 * updateId, channel, text }`; the plain text of an update is posted in a stakeholder list's chat
 * channel: on Slack, and through the Mattermost webhook (which can name a channel) when the channel
 * is a name. Teams' incoming webhook is bound to one channel, so it gets none. Idempotent per
 * update and channel through its job key `chat-post-stakeholders:<updateId>:<channel>`, and per
 * target. A payload that does not fit the contract is given up at once.
 */
import { z } from 'zod';
import { PermanentJobError } from '../engine/worker.ts';
import type { Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { slackEscape } from '../notify/slack.ts';
import { cut } from '../notify/text.ts';
import { roomUrl } from './render.ts';
import { channel as channelSchema } from './schema.ts';
import { slackApi } from './slack-api.ts';
import { getSettings } from './store.ts';
import { postOnce } from './once.ts';
import { webhookPosts, type Post } from './webhooks.ts';

export const POST_STAKEHOLDERS_JOB = 'chat-post-stakeholders';

export const postStakeholdersPayload = z.object({
  incidentId: z.uuid(),
  updateId: z.string().min(1).max(200),
  channel: channelSchema.unwrap(),
  text: z.string().trim().min(1).max(30_000),
});

/** Posts the plain update in the channel; throws (retry) when a post fails. */
export async function runPostStakeholders(ctx: DomainContext, job: Job): Promise<void> {
  const parsed = postStakeholdersPayload.safeParse(job.payload);
  if (!parsed.success)
    throw new PermanentJobError(`chat-post-stakeholders: ${parsed.error.issues[0]?.message}`);
  const { incidentId, channel, text } = parsed.data;
  const incident = await getIncident(ctx.pool, incidentId);
  const url = roomUrl(ctx.publicUrl, incident.number);
  const slackConfig = ctx.config.channels.slack;
  const posts: Post[] = [];
  if (slackConfig) {
    const slack = slackApi(slackConfig, ctx.outbound);
    posts.push({
      target: `slack:${channel}`,
      send: () =>
        slack('chat.postMessage', {
          channel,
          text: cut(text, 3000),
          unfurl_links: false,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cut(slackEscape(text), 3000) } }],
        }),
    });
  }
  const settings = await getSettings(ctx.pool);
  // A Slack id (C0123…) names no Mattermost channel.
  if (!/^[CG][A-Z0-9]{2,}$/.test(channel))
    posts.push(...webhookPosts(ctx.outbound, { ...settings, teamsWebhookUrl: null }, text, url, channel));
  await postOnce(ctx, job.key, posts);
}
