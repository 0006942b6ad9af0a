/**
 * A stand-in for Slack's Web API `chat.postMessage` on 127.0.0.1 (random port) that checks every
 * request against Slack's documented contract and records what it got. The contract checked:
 * - `POST {api}/chat.postMessage` (another method answers 404 `unknown_method`);
 * - `Authorization: Bearer <token>` (missing: `not_authed`; another well-formed token: `invalid_auth`,
 *   which is not a violation);
 * - `Content-Type: application/json; charset=utf-8` (without the charset Slack posts but warns
 *   `missing_charset`) or form-encoded; a body that does not parse: `invalid_json`;
 * - `channel` present (`channel_not_found`); `text` or `blocks` present (`no_text`); text at most
 *   40,000 characters (`msg_too_long`);
 * - Block Kit: at most 50 blocks; section text `mrkdwn`/`plain_text`, 1–3000 characters; actions
 *   with 1–25 elements, distinct action_ids; buttons with `plain_text` text of 1–75 characters, url
 *   (absolute http(s), at most 3000), action_id (255), value (2000), style primary/danger;
 *   block_id at most 255 (`invalid_blocks`).
 * Beyond paging, the methods of chat channels and the Slack app (slack-methods.ts checks them):
 * chat.update, chat.postEphemeral, conversations.create/invite/history/replies, pins.add,
 * users.lookupByEmail, users.info and views.open, over channels and people the fake keeps.
 * A request breaking the contract gets Slack's error answer and is recorded in `violations`.
 * Failures can be scripted per channel (chat.postMessage) or per chat method (`failMethod`):
 * `ratelimited` (HTTP 429 + Retry-After), other Slack errors (HTTP 200 `{ ok: false }`), or a bare
 * HTTP 5xx.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackMethod, SlackWorkspace, type SlackMethodContext } from './slack-methods.ts';

/** One request as received, with what was wrong with it. */
export interface SlackRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> | null;
  violations: string[];
}

/** A message the fake accepted. */
export interface SlackPosted {
  channel: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  ts: string;
}

/** A scripted failure for one channel. */
export interface SlackFailure {
  /** Slack's error code; `ratelimited` answers HTTP 429 with Retry-After. */
  error: string;
  /** HTTP status for the answer (200 by default, 429 for ratelimited). */
  status?: number;
  /** Seconds for Retry-After (ratelimited); 1 by default. */
  retryAfter?: number;
}

export interface FakeSlack {
  /** The Web API base, like https://slack.com/api. */
  apiUrl: string;
  token: string;
  requests: SlackRequest[];
  messages: SlackPosted[];
  /** Every contract violation, `<path>: <what>`; tests assert this stays empty. */
  violations: string[];
  /** Makes user ids known; a message to an unknown id gets `channel_not_found`. */
  addUser(...ids: string[]): void;
  /** The next `times` messages to `channel` fail this way (all of them by default). */
  fail(channel: string, failure: SlackFailure, times?: number): void;
  /** The next `times` calls of a chat method (like `pins.add`) fail this way (all by default). */
  failMethod(method: string, failure: SlackFailure, times?: number): void;
  /** Channels, people, pins, edits and modals of the chat methods. */
  workspace: SlackWorkspace;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHttpUrl = (s: unknown) => typeof s === 'string' && /^https?:\/\/[^\s]+$/.test(s) && URL.canParse(s);

function textObject(t: unknown, where: string, max: number, types: string[]): string[] {
  if (!isObject(t)) return [`${where} must be a text object`];
  const out: string[] = [];
  if (typeof t.type !== 'string' || !types.includes(t.type))
    out.push(`${where}.type must be ${types.join(' or ')}`);
  if (typeof t.text !== 'string' || t.text.length < 1 || t.text.length > max)
    out.push(`${where}.text must be 1-${max} characters`);
  return out;
}

function button(e: Json, where: string): string[] {
  const out = textObject(e.text, `${where}.text`, 75, ['plain_text']);
  if (e.url !== undefined && (!isHttpUrl(e.url) || (e.url as string).length > 3000))
    out.push(`${where}.url must be an absolute URL of at most 3000 characters`);
  if (e.action_id !== undefined && (typeof e.action_id !== 'string' || e.action_id.length > 255))
    out.push(`${where}.action_id must be a string of at most 255 characters`);
  if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000))
    out.push(`${where}.value must be at most 2000 characters`);
  if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
    out.push(`${where}.style must be primary or danger`);
  return out;
}

/** What is wrong with a `blocks` array, per Block Kit's documented limits. */
export function blockProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  if (blocks.length > 50) return ['at most 50 blocks'];
  const out: string[] = [];
  blocks.forEach((b, i) => {
    const where = `blocks[${i}]`;
    if (!isObject(b)) return void out.push(`${where} must be an object`);
    if (b.block_id !== undefined && (typeof b.block_id !== 'string' || b.block_id.length > 255))
      out.push(`${where}.block_id must be at most 255 characters`);
    if (b.type === 'section') {
      if (b.text === undefined && b.fields === undefined) out.push(`${where} needs text or fields`);
      if (b.text !== undefined)
        out.push(...textObject(b.text, `${where}.text`, 3000, ['mrkdwn', 'plain_text']));
    } else if (b.type === 'header') {
      out.push(...textObject(b.text, `${where}.text`, 150, ['plain_text']));
    } else if (b.type === 'actions') {
      const elements = b.elements;
      if (!Array.isArray(elements) || elements.length < 1 || elements.length > 25)
        return void out.push(`${where}.elements must hold 1-25 elements`);
      const ids = new Set<unknown>();
      elements.forEach((e, j) => {
        const ew = `${where}.elements[${j}]`;
        if (!isObject(e) || e.type !== 'button') return void out.push(`${ew} must be a button`);
        out.push(...button(e, ew));
        if (e.action_id !== undefined && ids.has(e.action_id)) out.push(`${ew}.action_id repeats`);
        ids.add(e.action_id);
      });
    } else if (b.type !== 'divider' && b.type !== 'context') {
      out.push(`${where}.type ${JSON.stringify(b.type)} is not a block this fake knows`);
    }
  });
  return out;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseBody(raw: string, contentType: string): Json | null {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw)) as Json;
    if (typeof form.blocks === 'string') form.blocks = JSON.parse(form.blocks) as unknown;
    return form;
  }
  const parsed = JSON.parse(raw) as unknown;
  return isObject(parsed) ? parsed : null;
}

/** Starts the fake; `token` is the bot token it accepts, `users` the user ids it knows. */
export async function startFakeSlack(opts: { token?: string; users?: string[] } = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-1-fake-token';
  const users = new Set(opts.users ?? []);
  const failures = new Map<string, { failure: SlackFailure; left: number }>();
  const methodFailures = new Map<string, { failure: SlackFailure; left: number }>();
  const requests: SlackRequest[] = [];
  const messages: SlackPosted[] = [];
  const violations: string[] = [];
  const workspace = new SlackWorkspace();
  let seq = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const record: SlackRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: null,
        violations: [],
      };
      requests.push(record);
      const answer = (status: number, body: Json, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const refuse = (error: string, why: string, status = 200) => {
        record.violations.push(why);
        violations.push(`${path}: ${why}`);
        answer(status, { ok: false, error });
      };
      // Answers a scripted failure when one is left; true when it did.
      const scripted = (s: { failure: SlackFailure; left: number } | undefined) => {
        if (!s || s.left <= 0) return false;
        s.left -= 1;
        const { error, retryAfter = 1 } = s.failure;
        if (error === 'ratelimited')
          answer(s.failure.status ?? 429, { ok: false, error }, { 'retry-after': String(retryAfter) });
        else answer(s.failure.status ?? 200, { ok: false, error });
        return true;
      };
      const raw = await readBody(req);
      if (path !== '/api/chat.postMessage') {
        const failing = methodFailures.get(path.replace(/^\/api\//, ''));
        if (failing && failing.left > 0) {
          try {
            record.body = parseBody(raw, req.headers['content-type'] ?? '');
          } catch {
            // recorded without a body
          }
          if (scripted(failing)) return;
        }
        const handled = await slackMethod(path.replace(/^\/api\//, ''), {
          req,
          raw,
          token,
          record,
          workspace,
          answer,
          refuse,
        } satisfies SlackMethodContext);
        if (handled) return;
        return refuse('unknown_method', 'unknown method', 404);
      }
      if (req.method !== 'POST') return refuse('invalid_request', 'chat.postMessage takes POST', 405);
      const auth = req.headers.authorization;
      if (!auth || !/^Bearer xox[a-z]-\S+$/.test(auth)) return refuse('not_authed', 'no Bearer token');
      const contentType = req.headers['content-type'] ?? '';
      if (!/^application\/(json|x-www-form-urlencoded)\b/.test(contentType))
        return refuse('invalid_form_data', `unsupported content type "${contentType}"`);
      // Slack still posts the message, with a warning.
      let warning: string | undefined;
      if (contentType.startsWith('application/json') && !/charset=utf-8/i.test(contentType)) {
        warning = 'missing_charset';
        record.violations.push('JSON without charset=utf-8');
        violations.push(`${path}: JSON without charset=utf-8`);
      }
      let body: Json | null;
      try {
        body = parseBody(raw, contentType);
      } catch {
        body = null;
      }
      if (!body) return refuse('invalid_json', 'the body is not a JSON object');
      record.body = body;
      if (auth !== `Bearer ${token}`) return answer(200, { ok: false, error: 'invalid_auth' });
      if (typeof body.channel !== 'string' || !body.channel) return refuse('channel_not_found', 'no channel');
      if (body.text === undefined && body.blocks === undefined)
        return refuse('no_text', 'neither text nor blocks');
      if (body.text !== undefined && typeof body.text !== 'string')
        return refuse('invalid_arguments', 'text must be a string');
      if (typeof body.text === 'string' && body.text.length > 40_000)
        return refuse('msg_too_long', 'text over 40000');
      if (body.blocks !== undefined) {
        const problems = blockProblems(body.blocks);
        if (problems.length) return refuse('invalid_blocks', problems.join('; '));
      }

      if (scripted(failures.get(body.channel))) return;
      const channel = workspace.channel(body.channel);
      if (channel) {
        const ts = workspace.post(channel, {
          user: 'U0FAKEBOT',
          text: typeof body.text === 'string' ? body.text : '',
        });
        const text = typeof body.text === 'string' ? body.text : undefined;
        const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
        messages.push({ channel: channel.id, text, blocks, ts });
        return answer(200, {
          ok: true,
          channel: channel.id,
          ts,
          message: { type: 'message', text, blocks, ts },
        });
      }
      if (!users.has(body.channel)) return answer(200, { ok: false, error: 'channel_not_found' });
      seq += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`;
      const text = typeof body.text === 'string' ? body.text : undefined;
      const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
      messages.push({ channel: body.channel, text, blocks, ts });
      answer(200, {
        ok: true,
        channel: `D${body.channel.slice(1)}`,
        ts,
        message: { type: 'message', user: 'U0FAKEBOT', bot_id: 'B0FAKEBOT', text, blocks, ts },
        ...(warning ? { warning, response_metadata: { warnings: [warning] } } : {}),
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    requests,
    messages,
    violations,
    addUser: (...ids) => ids.forEach((id) => users.add(id)),
    fail: (channel, failure, times = Infinity) => void failures.set(channel, { failure, left: times }),
    failMethod: (method, failure, times = Infinity) =>
      void methodFailures.set(method, { failure, left: times }),
    workspace,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
