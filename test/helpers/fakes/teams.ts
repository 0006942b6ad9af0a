/**
 * A stand-in for Microsoft Teams webhooks on 127.0.0.1 (random port), in both flavours:
 * - incoming webhooks (`/webhookb2/<name>@…/IncomingWebhook/…`): 200 with `1` when posted; Teams'
 *   own failures come back as 200 "Webhook message delivery failed with error: Microsoft Teams
 *   endpoint returned HTTP error <status> …", as the real connector does; a body that is not JSON
 *   gets 400 "Bad payload received by generic incoming webhook.";
 * - Workflows (`/workflows/<name>/triggers/manual/paths/invoke?api-version=…&sig=…`): 202 with no
 *   body; failures are real statuses (429 with Retry-After); a missing `sig` is 401.
 * Every request is checked against the documented message format: POST, `Content-Type:
 * application/json`, at most 28 KB, `{ type: 'message', attachments: [{ contentType:
 * 'application/vnd.microsoft.card.adaptive', contentUrl?: null, content: AdaptiveCard }] }`, the card
 * with `type: 'AdaptiveCard'`, a `version` 1.0–1.5, a `body` of typed elements (TextBlock with text,
 * FactSet with title/value strings), and actions of the kinds webhooks support (Action.OpenUrl with
 * a title and an absolute http(s) url, Action.ShowCard, Action.ToggleVisibility). A breach gets the
 * flavour's error answer and is recorded in `violations`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type TeamsFlavor = 'incoming' | 'workflows';

/** One request as received. */
export interface TeamsRequest {
  flavor: TeamsFlavor | null;
  name: string | null;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  violations: string[];
}

/** A card the fake accepted. */
export interface TeamsPost {
  name: string;
  flavor: TeamsFlavor;
  /** The Adaptive Card (the first attachment's content). */
  card: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** A scripted failure for one webhook: the status Teams reports (and Retry-After seconds). */
export interface TeamsFailure {
  status: number;
  retryAfter?: number;
}

export interface FakeTeams {
  /** An incoming-webhook URL for `name` (answers 200 `1`). */
  incomingWebhookUrl(name: string): string;
  /** A Workflows trigger URL for `name` (answers 202). */
  workflowUrl(name: string): string;
  requests: TeamsRequest[];
  posts: TeamsPost[];
  /** Every contract violation; tests assert this stays empty. */
  violations: string[];
  /** The next `times` posts to `name` fail this way (all of them by default). */
  fail(name: string, failure: TeamsFailure, times?: number): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHttpUrl = (s: unknown) => typeof s === 'string' && /^https?:\/\/\S+$/.test(s) && URL.canParse(s);
const maxBytes = 28 * 1024;
const webhookActions = new Set(['Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility']);

function elementProblems(e: unknown, where: string): string[] {
  if (!isObject(e) || typeof e.type !== 'string') return [`${where} must have a type`];
  if (e.type === 'TextBlock' && (typeof e.text !== 'string' || !e.text)) return [`${where}.text is required`];
  if (e.type === 'FactSet') {
    const facts = e.facts;
    if (
      !Array.isArray(facts) ||
      !facts.every((f) => isObject(f) && typeof f.title === 'string' && typeof f.value === 'string')
    )
      return [`${where}.facts must be {title, value} strings`];
  }
  if (e.type === 'Image' && !isHttpUrl(e.url)) return [`${where}.url must be an absolute URL`];
  return [];
}

/** What is wrong with a Teams webhook message, per the documented Adaptive Card attachment format. */
export function teamsMessageProblems(body: unknown): string[] {
  if (!isObject(body)) return ['the body must be a JSON object'];
  if (body.type !== 'message') return ['type must be "message"'];
  const attachments = body.attachments;
  if (!Array.isArray(attachments) || attachments.length === 0)
    return ['attachments must be a non-empty array'];
  const out: string[] = [];
  attachments.forEach((a, i) => {
    const where = `attachments[${i}]`;
    if (!isObject(a)) return void out.push(`${where} must be an object`);
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive')
      out.push(`${where}.contentType must be application/vnd.microsoft.card.adaptive`);
    if (a.contentUrl !== undefined && a.contentUrl !== null) out.push(`${where}.contentUrl must be null`);
    const card = a.content;
    if (!isObject(card)) return void out.push(`${where}.content must be an Adaptive Card`);
    if (card.type !== 'AdaptiveCard') out.push(`${where}.content.type must be AdaptiveCard`);
    if (typeof card.version !== 'string' || !/^1\.[0-5]$/.test(card.version))
      out.push(`${where}.content.version must be "1.0" to "1.5"`);
    if (card.body !== undefined && !Array.isArray(card.body))
      out.push(`${where}.content.body must be an array`);
    if (Array.isArray(card.body))
      card.body.forEach((e, j) => out.push(...elementProblems(e, `${where}.content.body[${j}]`)));
    if (card.actions !== undefined && !Array.isArray(card.actions))
      out.push(`${where}.content.actions must be an array`);
    if (Array.isArray(card.actions))
      card.actions.forEach((x, j) => {
        const aw = `${where}.content.actions[${j}]`;
        if (!isObject(x) || typeof x.type !== 'string' || !webhookActions.has(x.type))
          return void out.push(`${aw} must be an action webhooks support (Action.OpenUrl, …)`);
        if (x.type === 'Action.OpenUrl' && (!isHttpUrl(x.url) || typeof x.title !== 'string' || !x.title))
          out.push(`${aw} needs a title and an absolute url`);
      });
  });
  return out;
}

function route(path: string): { flavor: TeamsFlavor; name: string } | null {
  const incoming = /^\/webhookb2\/([^/@]+)@[^/]+\/IncomingWebhook\/[0-9a-f]+\/[0-9a-f-]+$/.exec(path);
  if (incoming) return { flavor: 'incoming', name: decodeURIComponent(incoming[1]!) };
  const workflow = /^\/workflows\/([^/]+)\/triggers\/manual\/paths\/invoke$/.exec(path);
  return workflow ? { flavor: 'workflows', name: decodeURIComponent(workflow[1]!) } : null;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the fake Teams webhooks. */
export async function startFakeTeams(): Promise<FakeTeams> {
  const requests: TeamsRequest[] = [];
  const posts: TeamsPost[] = [];
  const violations: string[] = [];
  const failures = new Map<string, { failure: TeamsFailure; left: number }>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const target = route(url.pathname);
      const record: TeamsRequest = {
        flavor: target?.flavor ?? null,
        name: target?.name ?? null,
        path: url.pathname,
        headers: req.headers,
        body: null,
        violations: [],
      };
      requests.push(record);
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, headers);
        res.end(body);
      };
      // How each flavour reports Teams' own status for a post it took.
      const report = (status: number, retryAfter?: number) => {
        if (target?.flavor === 'incoming')
          return send(
            200,
            `Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error ${status} with ContextId tcid=0,server=fake,cv=fake.0..`,
            { 'content-type': 'text/plain; charset=utf-8' },
          );
        send(status, JSON.stringify({ error: { code: 'TriggerFailed', message: `HTTP ${status}` } }), {
          'content-type': 'application/json',
          ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
        });
      };
      const violate = (why: string) => {
        record.violations.push(why);
        violations.push(`${url.pathname}: ${why}`);
      };

      if (!target) return send(404, 'Not Found');
      if (req.method !== 'POST') {
        violate('webhooks take POST');
        return send(405, 'Method Not Allowed');
      }
      if (
        target.flavor === 'workflows' &&
        (!url.searchParams.get('sig') || !url.searchParams.get('api-version'))
      ) {
        violate('the Workflows URL lost its api-version or sig');
        return send(401, JSON.stringify({ error: { code: 'DirectApiAuthorizationRequired' } }));
      }
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
        violate('Content-Type must be application/json');
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        violate('the body is not JSON');
        return target.flavor === 'incoming'
          ? send(400, 'Bad payload received by generic incoming webhook.')
          : send(400, JSON.stringify({ error: { code: 'InvalidRequestContent' } }));
      }
      record.body = body;
      if (raw.length > maxBytes) {
        violate(`the message is ${raw.length} bytes, over 28 KB`);
        return report(413);
      }
      const problems = teamsMessageProblems(body);
      if (problems.length) {
        problems.forEach(violate);
        return report(400);
      }
      const scripted = failures.get(target.name);
      if (scripted && scripted.left > 0) {
        scripted.left -= 1;
        return report(scripted.failure.status, scripted.failure.retryAfter);
      }
      const message = body as Json;
      const card = ((message.attachments as Json[])[0]!.content ?? {}) as Json;
      posts.push({ name: target.name, flavor: target.flavor, card, body: message });
      return target.flavor === 'incoming' ? send(200, '1', { 'content-type': 'text/plain' }) : send(202, '');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const guid = '8f1c2a4e-0d6b-4c1f-9a57-2b3c4d5e6f70';
  return {
    incomingWebhookUrl: (name) =>
      `${base}/webhookb2/${encodeURIComponent(name)}@${guid}/IncomingWebhook/0123456789abcdef0123456789abcdef/${guid}`,
    workflowUrl: (name) =>
      `${base}/workflows/${encodeURIComponent(name)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=fake-signature`,
    requests,
    posts,
    violations,
    fail: (name, failure, times = Infinity) => void failures.set(name, { failure, left: times }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
