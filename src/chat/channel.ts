/**
 * The incident's own Slack channel: `conversations.create` named `inc-<number>-<tagline>` (a
 * taken name gets a suffix), the incident's team and workers invited (matched by email through
 * `users.lookupByEmail`; someone without a Slack account is skipped), and the room's link posted
 * and pinned (`pins.add`). Opened on demand or by the settings' rule.
 */
import type { Queryable } from '../db/pool.ts';
import type { Incident } from '../incidents/schema.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { slackEscape } from '../notify/slack.ts';
import { channelName, roomUrl } from './render.ts';
import { slackError, type SlackCall } from './slack-api.ts';
import { incidentTeam, responderCount, updateChatIncident, type Settings } from './store.ts';

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
 * once, so a failure inviting or pinning (returned as `error`) never opens a second channel.
 */
export async function openChannel(
  tx: Queryable,
  slack: SlackCall,
  incident: Incident,
  publicUrl: string,
  at: Date,
  actorId: string | null,
): Promise<{ id: string; name: string; error?: unknown }> {
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
  try {
    const team = await incidentTeam(tx, incident.id);
    const users = await slackUsersOf(slack, team.emails);
    if (users.length) await slack('conversations.invite', { channel: created.id, users: users.join(',') });
    const url = roomUrl(publicUrl, incident.number);
    const link = await slack('chat.postMessage', {
      channel: created.id,
      text: `Incident room: <${url}|#${incident.number} ${slackEscape(incident.tagline)}>`,
      unfurl_links: false,
    });
    await slack('pins.add', { channel: created.id, timestamp: link.ts });
    return created;
  } catch (error) {
    // The channel stays recorded (and is not opened again); the failure is the caller's to report.
    return { ...created, error };
  }
}
