/**
 * The incident's own Slack channel: `conversations.create` named `inc-<number>-<tagline>` (a
 * taken name gets a suffix), the incident's team and workers invited (matched by email through
 * `users.lookupByEmail`; someone without a Slack account is skipped), and the room's link posted
 * and pinned (`pins.add`), those three steps by a job retried until done. Opened on demand or by the
 * settings' rule.
 */
import { z } from 'zod';
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { PermanentJobError } from '../engine/worker.ts';
import type { DomainContext } from '../http/module.ts';
import type { Incident } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { slackEscape } from '../notify/slack.ts';
import { channelName, roomUrl } from './render.ts';
import { slackApi, slackError, type SlackCall } from './slack-api.ts';
import {
  incidentTeam,
  markPosted,
  postedTargets,
  responderCount,
  updateChatIncident,
  type Settings,
} from './store.ts';

/** True when the settings' rule asks for a channel: a P1, or more than N people on it. */
export async function ruleWantsChannel(
  db: Queryable,
  settings: Settings,
  incident: Incident,
): Promise<boolean> {
  const rule = settings.channelRule;
  if (rule.p1 && incident.urgency === 'P1') return true;
  if (rule.moreThanResponders !== null)
    return (await responderCount(db, incident.id)) > rule.moreThanResponders;
  return false;
}

/** Slack user ids of `emails`; people Slack does not know are left out. */
export async function slackUsersOf(slack: SlackCall, emails: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const email of emails) {
    try {
      const answer = await slack('users.lookupByEmail', { email });
      const user = answer.user as { id?: unknown } | undefined;
      if (typeof user?.id === 'string') ids.push(user.id);
    } catch (e) {
      if (slackError(e) !== 'users_not_found') throw e;
    }
  }
  return ids;
}

/**
 * Opens the channel (the caller holds the incident's chat row lock). The channel id is stored at
 * once, so Slack failing later never opens a second channel; inviting and pinning are job
 * `chat-channel-setup`, added in the same transaction and retried on failure.
 */
export async function openChannel(
  tx: Queryable,
  slack: SlackCall,
  incident: Incident,
  at: Date,
  actorId: string | null,
): Promise<{ id: string; name: string }> {
  const base = channelName(incident.number, incident.tagline);
  let created: { id: string; name: string } | undefined;
  for (let n = 1; !created; n++) {
    const name = n === 1 ? base : `${base.slice(0, 76).replace(/-+$/, '')}-${n}`;
    try {
      const answer = await slack('conversations.create', { name, is_private: false });
      const ch = answer.channel as { id: string; name?: string };
      created = { id: ch.id, name: ch.name ?? name };
    } catch (e) {
      if (slackError(e) !== 'name_taken' || n >= 5) throw e;
    }
  }
  await updateChatIncident(tx, incident.id, {
    channel_id: created.id,
    channel_name: created.name,
    channel_created_at: at,
  });
  await appendTimeline(tx, {
    incidentId: incident.id,
    at,
    actorId,
    kind: 'chat-channel-opened',
    data: { channel: created.name },
  });
  await enqueue(tx, [
    {
      kind: CHANNEL_SETUP_JOB,
      key: `${CHANNEL_SETUP_JOB}:${incident.id}:${created.id}`,
      runAt: at,
      payload: { incidentId: incident.id, channelId: created.id },
    },
  ]);
  return created;
}

export const CHANNEL_SETUP_JOB = 'chat-channel-setup';

const setupPayload = z.object({ incidentId: z.uuid(), channelId: z.string().min(1).max(100) });

/** Treats Slack's answer that the step was already done as done. */
async function tolerating(code: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (e) {
    if (slackError(e) !== code) throw e;
  }
}

/**
 * Job `chat-channel-setup` (`{ incidentId, channelId }`): invites the incident's team and people
 * into its channel, posts the room link and pins it. Each step reached is recorded under the job
 * key (`chat_posts`: `invite`, `link:<ts>`, `pin`), so a retry does only the steps still missing
 * and never posts the link twice.
 */
export async function runChannelSetup(ctx: DomainContext, job: Job): Promise<void> {
  const parsed = setupPayload.safeParse(job.payload);
  if (!parsed.success)
    throw new PermanentJobError(`${CHANNEL_SETUP_JOB}: ${parsed.error.issues[0]?.message}`);
  const slackConfig = ctx.config.channels.slack;
  if (!slackConfig) throw new PermanentJobError(`${CHANNEL_SETUP_JOB}: Slack is not configured`);
  const slack = slackApi(slackConfig, ctx.outbound);
  const { incidentId, channelId: channel } = parsed.data;
  const incident = await getIncident(ctx.pool, incidentId);
  const done = await postedTargets(ctx.pool, job.key);
  const mark = (step: string) => markPosted(ctx.pool, job.key, step, ctx.clock.now());

  if (!done.has('invite')) {
    const users = await slackUsersOf(slack, (await incidentTeam(ctx.pool, incidentId)).emails);
    if (users.length)
      await tolerating('already_in_channel', () =>
        slack('conversations.invite', { channel, users: users.join(',') }),
      );
    await mark('invite');
  }
  let ts = [...done].find((step) => step.startsWith('link:'))?.slice('link:'.length);
  if (!ts) {
    const url = roomUrl(ctx.publicUrl, incident.number);
    const link = await slack('chat.postMessage', {
      channel,
      text: `Incident room: <${url}|#${incident.number} ${slackEscape(incident.tagline)}>`,
      unfurl_links: false,
    });
    if (typeof link.ts !== 'string') throw new Error('Slack chat.postMessage: no ts in the answer');
    ts = link.ts;
    await mark(`link:${ts}`);
  }
  if (!done.has('pin')) {
    await tolerating('already_pinned', () => slack('pins.add', { channel, timestamp: ts }));
    await mark('pin');
  }
}
