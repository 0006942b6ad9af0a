/**
 * The Slack stand-in's chat methods, checked against Slack's documented Web API: each takes POST with
 * `Authorization: Bearer <bot token>`; write methods take JSON (`application/json; charset=utf-8`)
 * or form fields, read methods (users.info, users.lookupByEmail, conversations.history/replies)
 * form fields only. Required arguments and their documented errors:
 * - chat.update: `channel` (an id, not a name), `ts` of a message in it (`message_not_found`), text or blocks;
 * - chat.postEphemeral: `channel`, `user`, text or blocks;
 * - conversations.create: `name` lowercase letters, digits, hyphens and underscores, at most 80
 *   (`invalid_name_specials`, `invalid_name_maxlength`, `invalid_name_required`), unique (`name_taken`);
 * - conversations.invite: `channel`, `users` a comma-separated list of at most 1000 known user ids
 *   (`user_not_found`, `already_in_channel`);
 * - pins.add: `channel` and `timestamp` of a message in it (`message_not_found`, `already_pinned`);
 * - users.lookupByEmail: `email` (`users_not_found`); users.info: `user` (`user_not_found`);
 * - conversations.history: `channel`, optional `latest`, `inclusive`, `limit`; conversations.replies: `channel`, `ts`;
 * - views.open: `trigger_id`, `view` a modal with a plain_text title of at most 24 characters and blocks.
 */
import type http from 'node:http';
import { blockProblems, parseBody, type SlackRequest } from './slack.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface FakeChannel {
  id: string;
  name: string;
  members: Set<string>;
  pins: Set<string>;
  history: { ts: string; user: string; text: string; thread_ts?: string }[];
  isPrivate: boolean;
}

export interface FakePerson {
  id: string;
  email: string;
  name: string;
}

/** The workspace the fake keeps: channels, people, edits, ephemeral messages, opened modals. */
export class SlackWorkspace {
  channels = new Map<string, FakeChannel>();
  people = new Map<string, FakePerson>();
  updates: { channel: string; ts: string; text: string | undefined; blocks: unknown }[] = [];
  ephemerals: { channel: string; user: string; text: string }[] = [];
  views: { triggerId: string; view: Json }[] = [];
  #seq = 0;

  /** Adds a channel (the bot is a member); returns it. */
  addChannel(name: string, isPrivate = false): FakeChannel {
    const id = `C${String(1000 + this.channels.size).padStart(8, '0')}`;
    const channel: FakeChannel = {
      id,
      name,
      members: new Set(['U0FAKEBOT']),
      pins: new Set(),
      history: [],
      isPrivate,
    };
    this.channels.set(id, channel);
    return channel;
  }

  /** A person in the workspace (users.info, users.lookupByEmail). */
  addPerson(id: string, email: string, name: string): void {
    this.people.set(id, { id, email, name });
  }

  /** A channel by id, `#name` or `name`. */
  channel(ref: string): FakeChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.name === name);
  }

  byName(name: string): FakeChannel | undefined {
    return [...this.channels.values()].find((c) => c.name === name);
  }

  /** Adds a message to a channel's history; returns its ts. */
  post(channel: FakeChannel, m: { user: string; text: string; thread_ts?: string }): string {
    this.#seq += 1;
    const ts = `${1_700_000_000 + this.#seq}.${String(this.#seq).padStart(6, '0')}`;
    channel.history.push({ ts, ...m });
    return ts;
  }
}

export interface SlackMethodContext {
  req: http.IncomingMessage;
  raw: string;
  token: string;
  record: SlackRequest;
  workspace: SlackWorkspace;
  answer: (status: number, body: Json) => void;
  refuse: (error: string, why: string, status?: number) => void;
}

const readMethods = new Set([
  'users.info',
  'users.lookupByEmail',
  'conversations.history',
  'conversations.replies',
]);
const methods = new Set([
  'chat.update',
  'chat.postEphemeral',
  'conversations.create',
  'conversations.invite',
  'pins.add',
  'views.open',
  ...readMethods,
]);

/** Handles `method` when it is one of the chat methods; false otherwise. */
export async function slackMethod(method: string, c: SlackMethodContext): Promise<boolean> {
  if (!methods.has(method)) return false;
  const { req, workspace: ws, answer, refuse } = c;
  // Each answers and returns true: the request is handled.
  const refused = (error: string, why: string, status?: number) => {
    refuse(error, why, status);
    return true;
  };
  const answered = (status: number, body: Json) => {
    answer(status, body);
    return true;
  };
  if (req.method !== 'POST') return refused('invalid_request', `${method} takes POST`, 405);
  const auth = req.headers.authorization;
  if (!auth || !/^Bearer xox[a-z]-\S+$/.test(auth)) return refused('not_authed', 'no Bearer token');
  const type = req.headers['content-type'] ?? '';
  if (readMethods.has(method) && !type.startsWith('application/x-www-form-urlencoded'))
    return refused('invalid_arguments', `${method} takes form fields, not "${type}"`);
  if (!/^application\/(json|x-www-form-urlencoded)\b/.test(type))
    return refused('invalid_form_data', `unsupported content type "${type}"`);
  if (type.startsWith('application/json') && !/charset=utf-8/i.test(type))
    return refused('invalid_arguments', 'JSON without charset=utf-8');
  let body: Json | null;
  try {
    body = parseBody(c.raw, type);
  } catch {
    body = null;
  }
  if (!body) return refused('invalid_json', 'the body is not a JSON object');
  c.record.body = body;
  if (auth !== `Bearer ${c.token}`) return answered(200, { ok: false, error: 'invalid_auth' });
  const str = (k: string) => {
    const v = body[k];
    return typeof v === 'string' ? v : '';
  };
  const need = (...keys: string[]) => {
    const missing = keys.find((k) => body[k] === undefined || body[k] === '');
    if (missing) refuse('invalid_arguments', `${method}: ${missing} is required`);
    return !missing;
  };
  const text = () => {
    if (body.text === undefined && body.blocks === undefined) {
      refuse('no_text', `${method}: neither text nor blocks`);
      return false;
    }
    if (body.blocks !== undefined) {
      const problems = blockProblems(body.blocks);
      if (problems.length) return !refused('invalid_blocks', problems.join('; '));
    }
    return true;
  };
  const ok = (extra: Json = {}) => answered(200, { ok: true, ...extra });
  const fail = (error: string) => answered(200, { ok: false, error });

  switch (method) {
    case 'chat.update': {
      if (!need('channel', 'ts') || !text()) return true;
      if (!/^[CGD][A-Z0-9]{2,}$/.test(str('channel')))
        return refused('channel_not_found', 'chat.update needs a channel id, not a name');
      const ch = ws.channels.get(str('channel'));
      const m = ch?.history.find((h) => h.ts === str('ts'));
      if (!ch || !m) return fail('message_not_found');
      m.text = str('text');
      ws.updates.push({
        channel: ch.id,
        ts: m.ts,
        text: body.text as string | undefined,
        blocks: body.blocks,
      });
      return ok({ channel: ch.id, ts: m.ts, text: body.text });
    }
    case 'chat.postEphemeral': {
      if (!need('channel', 'user') || !text()) return true;
      if (!ws.channel(str('channel'))) return fail('channel_not_found');
      if (!ws.people.has(str('user'))) return fail('user_not_found');
      ws.ephemerals.push({ channel: str('channel'), user: str('user'), text: str('text') });
      return ok({ message_ts: '1700000000.000001' });
    }
    case 'conversations.create': {
      const name = str('name');
      if (!name) return refused('invalid_name_required', 'conversations.create: name is required');
      if (name.length > 80) return refused('invalid_name_maxlength', `name over 80: ${name}`);
      if (!/^[a-z0-9_-]+$/.test(name)) return refused('invalid_name_specials', `bad name "${name}"`);
      if (ws.byName(name)) return fail('name_taken');
      const ch = ws.addChannel(name, body.is_private === true || body.is_private === 'true');
      return (
        ok({ channel: { id: ch.id, name: ch.name, is_channel: true, is_private: ch.isPrivate } }) ?? true
      );
    }
    case 'conversations.invite': {
      if (!need('channel', 'users')) return true;
      if (typeof body.users !== 'string')
        return refused('invalid_arguments', 'users must be a comma-separated string');
      const ch = ws.channels.get(str('channel'));
      if (!ch) return fail('channel_not_found');
      const ids = str('users').split(',');
      if (ids.length > 1000) return refused('too_many_users', 'over 1000 users');
      if (ids.some((id) => !ws.people.has(id))) return fail('user_not_found');
      if (ids.every((id) => ch.members.has(id))) return fail('already_in_channel');
      for (const id of ids) ch.members.add(id);
      return ok({ channel: { id: ch.id, name: ch.name } });
    }
    case 'pins.add': {
      if (!need('channel', 'timestamp')) return true;
      const ch = ws.channels.get(str('channel'));
      if (!ch) return fail('channel_not_found');
      if (!ch.history.some((h) => h.ts === str('timestamp'))) return fail('message_not_found');
      if (ch.pins.has(str('timestamp'))) return fail('already_pinned');
      ch.pins.add(str('timestamp'));
      return ok();
    }
    case 'users.lookupByEmail': {
      if (!need('email')) return true;
      const p = [...ws.people.values()].find((x) => x.email.toLowerCase() === str('email').toLowerCase());
      if (!p) return fail('users_not_found');
      return ok({ user: { id: p.id, name: p.name, profile: { email: p.email, real_name: p.name } } }) ?? true;
    }
    case 'users.info': {
      if (!need('user')) return true;
      const p = ws.people.get(str('user'));
      if (!p) return fail('user_not_found');
      return (
        ok({
          user: { id: p.id, name: p.name, real_name: p.name, profile: { email: p.email, real_name: p.name } },
        }) ?? true
      );
    }
    case 'conversations.history': {
      if (!need('channel')) return true;
      const ch = ws.channels.get(str('channel'));
      if (!ch) return fail('channel_not_found');
      const latest = body.latest === undefined ? Infinity : Number(body.latest);
      const inclusive = body.inclusive === 'true' || body.inclusive === '1';
      const limit = body.limit === undefined ? 100 : Number(body.limit);
      const messages = ch.history
        .filter((h) => !h.thread_ts && (inclusive ? Number(h.ts) <= latest : Number(h.ts) < latest))
        .reverse()
        .slice(0, limit)
        .map((h) => ({ type: 'message', ...h }));
      return ok({ messages, has_more: false });
    }
    case 'conversations.replies': {
      if (!need('channel', 'ts')) return true;
      const ch = ws.channels.get(str('channel'));
      if (!ch) return fail('channel_not_found');
      const m = ch.history.find((h) => h.ts === str('ts'));
      if (!m) return fail('thread_not_found');
      const root = m.thread_ts ?? m.ts;
      const messages = ch.history
        .filter((h) => h.ts === root || h.thread_ts === root)
        .map((h) => ({ type: 'message', ...h }));
      return ok({ messages, has_more: false });
    }
    default: {
      // views.open
      if (!need('trigger_id', 'view')) return true;
      const view = body.view;
      if (!isObject(view) || view.type !== 'modal')
        return refused('invalid_arguments', 'view must be a modal');
      const title = view.title;
      if (
        !isObject(title) ||
        title.type !== 'plain_text' ||
        typeof title.text !== 'string' ||
        title.text.length > 24
      )
        return refused('invalid_arguments', 'view.title must be plain_text of at most 24 characters') ?? true;
      if (!Array.isArray(view.blocks) || view.blocks.length === 0)
        return refused('invalid_arguments', 'view.blocks is required');
      ws.views.push({ triggerId: str('trigger_id'), view });
      return ok({ view: { id: 'V0FAKE', ...view } });
    }
  }
}

/** Headers Slack sends with a signed request of `body` at `timestamp` (Unix seconds). */
export async function slackSignedHeaders(
  secret: string,
  body: string,
  timestamp: number,
): Promise<Record<string, string>> {
  const { createHmac } = await import('node:crypto');
  const base = `v0:${timestamp}:${body}`;
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(base).digest('hex')}`,
  };
}
