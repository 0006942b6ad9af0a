/**
 * The Slack app's work once a request's signature holds: the slash command `/expedite
 * declare|status|note|ack|own|resolve`, the buttons of the broadcast message (acknowledge, take
 * ownership, add note through a modal) and the reaction that copies an incident channel's message
 * to the timeline. Slack users act as the Expedite person with their email (users.info); someone
 * without one, or without the permission, is refused in a message only they see.
 */
import type { User } from '../auth/schema.ts';
import { allows, type Permission } from '../auth/permissions.ts';
import { findUser } from '../auth/store.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { acknowledgeIncident } from '../escalation/acknowledge.ts';
import type { DomainContext } from '../http/module.ts';
import { declareIncident } from '../incidents/declare.ts';
import { takeOwnership } from '../incidents/ownership.ts';
import { declareBody } from '../incidents/schema.ts';
import { changeStatus } from '../incidents/status.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { addNote } from '../incidents/work.ts';
import { actionIds, roomUrl, shownOf, summaryLine } from './render.ts';
import type { SlackCall } from './slack-api.ts';
import { getChatIncident, getSettings, incidentOfChannel, markCopied } from './store.ts';

/** The answer to a slash command: shown to the caller only, or to the channel. */
export interface CommandAnswer {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
}

const ephemeral = (text: string): CommandAnswer => ({ response_type: 'ephemeral', text });

export const usage =
  'Usage: /expedite declare <title> | status [#n] | note [#n] <text> | ack [#n] | own [#n] | resolve [#n] <summary> ' +
  '(in an incident channel #n may be left out)';

/** The Slack user's email and name (users.info, scope users:read.email). */
async function slackProfile(slack: SlackCall, userId: string) {
  const answer = await slack('users.info', { user: userId });
  const user = answer.user as {
    real_name?: string;
    name?: string;
    profile?: { email?: string; real_name?: string };
  };
  return {
    email: user.profile?.email ?? null,
    name: user.profile?.real_name || user.real_name || user.name || userId,
  };
}

/** The active Expedite person a Slack user is, by email; null when none. */
export async function personOf(ctx: DomainContext, slack: SlackCall, userId: string): Promise<User | null> {
  const { email } = await slackProfile(slack, userId);
  const user = email ? await findUser(ctx.pool, email) : undefined;
  return user && !user.disabled ? user : null;
}

function must(user: User, permission: Permission, what: string): void {
  if (!allows(user.role, permission)) throw new AppError('forbidden', `Your Expedite role may not ${what}.`);
}

/** Splits `[#n] rest`; without a number, the incident of the channel the command came from. */
async function refAndRest(ctx: DomainContext, args: string, channelId: string): Promise<[string, string]> {
  const m = /^#?(\d{1,9})(?:\s+([\s\S]*))?$/.exec(args.trim());
  if (m) return [m[1]!, (m[2] ?? '').trim()];
  const incidentId = await incidentOfChannel(ctx.pool, channelId);
  if (!incidentId)
    throw new AppError('invalid_request', 'Name the incident (#12), or use this in its channel.');
  return [incidentId, args.trim()];
}

/** Runs `/expedite <text>` for Slack user `userId` in channel `channelId`. */
export async function runCommand(
  ctx: DomainContext,
  slack: SlackCall,
  form: { text: string; userId: string; channelId: string },
): Promise<CommandAnswer> {
  const [verb = '', ...rest] = form.text.trim().split(/\s+/);
  const args = rest.join(' ');
  const known = ['declare', 'status', 'note', 'ack', 'own', 'resolve'];
  if (!known.includes(verb.toLowerCase())) return ephemeral(usage);
  const user = await personOf(ctx, slack, form.userId);
  if (!user) return ephemeral('No Expedite person has your Slack email address; ask an admin to add you.');
  try {
    switch (verb.toLowerCase()) {
      case 'declare': {
        must(user, 'incidents:declare', 'declare incidents');
        const body = declareBody.safeParse({ title: args });
        if (!body.success) return ephemeral('Give the incident a title: /expedite declare <what is wrong>');
        const incident = await declareIncident(ctx, user, body.data);
        return {
          response_type: 'in_channel',
          text: `${user.name} declared <${roomUrl(ctx.publicUrl, incident.number)}|#${incident.number} ${incident.tagline}> (${incident.urgency ?? 'urgency not yet known'}).`,
        };
      }
      case 'status': {
        const [ref] = await refAndRest(ctx, args, form.channelId);
        const incident = await getIncident(ctx.pool, ref);
        const chat = await getChatIncident(ctx.pool, incident.id);
        const line = summaryLine(shownOf(incident, chat?.affects_deployments ?? false));
        return ephemeral(`${line} <${roomUrl(ctx.publicUrl, incident.number)}|open>`);
      }
      case 'note': {
        must(user, 'incidents:work', 'add notes');
        const [ref, text] = await refAndRest(ctx, args, form.channelId);
        if (!text) return ephemeral('Write the note: /expedite note #12 <text>');
        await addNote(ctx, ref, user, { text });
        return ephemeral('Note added to the timeline.');
      }
      case 'ack': {
        must(user, 'incidents:acknowledge', 'acknowledge pages');
        const [ref] = await refAndRest(ctx, args, form.channelId);
        await acknowledgeIncident(ctx, ref, user, 'slack');
        return ephemeral('Acknowledged.');
      }
      case 'own': {
        must(user, 'incidents:work', 'own incidents');
        const [ref] = await refAndRest(ctx, args, form.channelId);
        await takeOwnership(ctx, ref, user);
        return ephemeral('You own the incident now.');
      }
      default: {
        must(user, 'incidents:work', 'resolve incidents');
        const [ref, summary] = await refAndRest(ctx, args, form.channelId);
        if (!summary) return ephemeral('Say how it was resolved: /expedite resolve #12 <summary>');
        await changeStatus(ctx, ref, user, { status: 'resolved', summary });
        return ephemeral('Resolved.');
      }
    }
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return ephemeral(e.message);
    throw e;
  }
}

/** A button press on the broadcast message (`block_actions`). */
export async function runAction(
  ctx: DomainContext,
  slack: SlackCall,
  p: { userId: string; channelId: string | null; actionId: string; value: string; triggerId: string | null },
): Promise<void> {
  // Link buttons (Open room) are reported too: nothing to do for them.
  if (!Object.values<string>(actionIds).includes(p.actionId)) return;
  const tell = (text: string) =>
    p.channelId ? slack('chat.postEphemeral', { channel: p.channelId, user: p.userId, text }) : undefined;
  const user = await personOf(ctx, slack, p.userId);
  if (!user) return void (await tell('No Expedite person has your Slack email address.'));
  try {
    if (p.actionId === actionIds.ack) {
      must(user, 'incidents:acknowledge', 'acknowledge pages');
      await acknowledgeIncident(ctx, p.value, user, 'slack');
    } else if (p.actionId === actionIds.own) {
      must(user, 'incidents:work', 'own incidents');
      await takeOwnership(ctx, p.value, user);
    } else if (p.actionId === actionIds.note && p.triggerId) {
      must(user, 'incidents:work', 'add notes');
      const incident = await getIncident(ctx.pool, p.value);
      await slack('views.open', { trigger_id: p.triggerId, view: noteModal(incident.id, incident.number) });
    }
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return void (await tell(e.message));
    throw e;
  }
}

export const NOTE_MODAL = 'expedite_note_modal';

function noteModal(incidentId: string, number: number) {
  return {
    type: 'modal',
    callback_id: NOTE_MODAL,
    private_metadata: incidentId,
    title: { type: 'plain_text', text: `Note on #${number}`.slice(0, 24) },
    submit: { type: 'plain_text', text: 'Add note' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'note',
        label: { type: 'plain_text', text: 'Note' },
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 3000 },
      },
    ],
  };
}

/** The note modal submitted: null closes it, otherwise the error shown under the field. */
export async function submitNote(
  ctx: DomainContext,
  slack: SlackCall,
  p: { userId: string; incidentId: string; text: string },
): Promise<string | null> {
  const user = await personOf(ctx, slack, p.userId);
  if (!user) return 'No Expedite person has your Slack email address.';
  if (!allows(user.role, 'incidents:work')) return 'Your Expedite role may not add notes.';
  if (!p.text.trim()) return 'Write the note.';
  try {
    await addNote(ctx, p.incidentId, user, { text: p.text.trim() });
    return null;
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return e.message;
    throw e;
  }
}

/**
 * `reaction_added`: the settings' emoji on a message in an incident channel copies the message to
 * the incident's timeline, with its author (the Expedite person when their email matches), once.
 */
export async function copyReacted(
  ctx: DomainContext,
  slack: SlackCall,
  e: { reaction: string; channelId: string; ts: string; reactedBy: string },
): Promise<boolean> {
  const settings = await getSettings(ctx.pool);
  if (e.reaction !== settings.reaction) return false;
  const incidentId = await incidentOfChannel(ctx.pool, e.channelId);
  if (!incidentId) return false;
  const message = await findMessage(slack, e.channelId, e.ts);
  if (!message) return false;
  const author = message.user ? await slackProfile(slack, message.user) : null;
  const person = author?.email ? await findUser(ctx.pool, author.email) : undefined;
  return withTransaction(ctx.pool, async (tx) => {
    if (!(await markCopied(tx, e.channelId, e.ts, incidentId))) return false;
    await appendTimeline(tx, {
      incidentId,
      at: ctx.clock.now(),
      actorId: person?.id ?? null,
      kind: 'chat-message',
      data: {
        text: message.text ?? '',
        author: person?.name ?? author?.name ?? message.username ?? 'someone in Slack',
        postedAt: new Date(Number(e.ts) * 1000).toISOString(),
      },
    });
    return true;
  });
}

interface SlackMessage {
  ts?: string;
  text?: string;
  user?: string;
  username?: string;
}

/** The message `ts` of a channel: conversations.history, or conversations.replies for a thread reply. */
async function findMessage(slack: SlackCall, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const history = await slack('conversations.history', { channel, latest: ts, inclusive: true, limit: 1 });
  const found = (history.messages as SlackMessage[] | undefined)?.find((m) => m.ts === ts);
  if (found) return found;
  const replies = await slack('conversations.replies', { channel, ts });
  return (replies.messages as SlackMessage[] | undefined)?.find((m) => m.ts === ts);
}
