import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fakesOutbound } from '../../test/helpers/fakes/allow.ts';
import { startFakeTeams, teamsMessageProblems, type FakeTeams } from '../../test/helpers/fakes/teams.ts';
import { teamsChannel, teamsPayload } from './teams.ts';
import { composePage } from './text.ts';
import { SendError, type OutboundMessage } from './types.ts';

const incident = {
  id: 'inc-1',
  number: 42,
  title: 'Clicking on user details gives an error',
  tagline: 'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  urgency: 'P1',
  url: 'https://expedite.example.com/incidents/42',
};
const ackUrl = 'https://expedite.example.com/ack/m1?sig=abc';
const message = (address: string): OutboundMessage => ({
  idempotencyKey: 'outbox-1',
  incident,
  ...composePage(incident, ackUrl),
  ackUrl,
  recipient: { name: 'Ada', address },
});

const failsWith = (p: Promise<unknown>, expected: Partial<Record<keyof SendError, unknown>>) =>
  assert.rejects(p, (e) => {
    assert.ok(e instanceof SendError, String(e));
    for (const [k, v] of Object.entries(expected)) assert.equal(e[k as keyof SendError], v, k);
    return true;
  });

let teams: FakeTeams;
before(async () => {
  teams = await startFakeTeams();
});
after(async () => {
  await teams.close();
});
const channel = teamsChannel(fakesOutbound, { timeoutMs: 2000 });

test('an Adaptive Card with an Acknowledge button goes to an incoming webhook (200 "1")', async () => {
  assert.deepEqual(await channel.send(message(teams.incomingWebhookUrl('ada'))), { providerId: null });
  const post = teams.posts.at(-1)!;
  assert.equal(post.name, 'ada');
  assert.equal(post.flavor, 'incoming');
  assert.equal(post.card.type, 'AdaptiveCard');
  assert.equal(post.card.version, '1.4');
  const body = post.card.body as any[];
  assert.equal(body[0].text, '[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error');
  assert.deepEqual((post.card.actions as any[])[0], {
    type: 'Action.OpenUrl',
    title: 'Acknowledge',
    url: ackUrl,
  });
  assert.deepEqual(teams.violations, []);
});

test('a Workflows URL (202, query string kept) works the same', async () => {
  await channel.send(message(teams.workflowUrl('grace')));
  assert.equal(teams.posts.at(-1)!.flavor, 'workflows');
  assert.deepEqual(teams.violations, []);
});

test('throttling reported inside a 200 by an incoming webhook is retryable', async () => {
  teams.fail('throttled', { status: 429 }, 1);
  await failsWith(channel.send(message(teams.incomingWebhookUrl('throttled'))), {
    retryable: true,
    status: 429,
  });
  await channel.send(message(teams.incomingWebhookUrl('throttled')));
});

test('a removed channel reported inside a 200 is permanent', async () => {
  teams.fail('removed', { status: 400 });
  await failsWith(channel.send(message(teams.incomingWebhookUrl('removed'))), {
    retryable: false,
    status: 400,
  });
});

test('Workflows: 429 with Retry-After and 5xx are retryable, 404 and 403 permanent', async () => {
  teams.fail('busy', { status: 429, retryAfter: 12 }, 1);
  await failsWith(channel.send(message(teams.workflowUrl('busy'))), {
    retryable: true,
    status: 429,
    retryAfterMs: 12_000,
  });
  teams.fail('down', { status: 502 }, 1);
  await failsWith(channel.send(message(teams.workflowUrl('down'))), { retryable: true, status: 502 });
  teams.fail('off', { status: 403 });
  await failsWith(channel.send(message(teams.workflowUrl('off'))), { retryable: false, status: 403 });
  const unknown = teams.workflowUrl('x').replace('/workflows/x/', '/nowhere/');
  await failsWith(channel.send(message(unknown)), { retryable: false, status: 404 });
  assert.deepEqual(teams.violations, []);
});

test('only https, or http to an allow-listed host, is accepted as a Teams URL', async () => {
  await failsWith(channel.send(message('http://10.0.0.5/webhook')), {
    retryable: false,
    code: 'invalid_address',
  });
  await failsWith(channel.send(message('ftp://example.com/x')), {
    retryable: false,
    code: 'invalid_address',
  });
  await failsWith(channel.send(message('not a url')), { retryable: false, code: 'invalid_address' });
});

test('a redirect to a metadata address is refused, naming it', async () => {
  const redirector = http.createServer((_req, res) => {
    res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data' });
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/hook`;
  await failsWith(channel.send(message(url)), {
    retryable: false,
    code: 'blocked_address',
    message: 'Teams webhook for Ada: 169.254.169.254 is a cloud metadata address',
  });
  await new Promise<void>((r) => redirector.close(() => r()));
});

test('the payload meets the documented format; the fake catches one that does not', async () => {
  assert.deepEqual(teamsMessageProblems(teamsPayload(message('https://x.example'))), []);
  assert.deepEqual(teamsMessageProblems({ type: 'message', attachments: [] }), [
    'attachments must be a non-empty array',
  ]);
  const start = teams.violations.length;
  const res = await fetch(teams.incomingWebhookUrl('ada'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      attachments: [{ contentType: 'application/json', content: {} }],
    }),
  });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /returned HTTP error 400/);
  assert.ok(teams.violations.length > start);
});

test('an error names the status, never the body of the answer', async () => {
  const inside = http.createServer((_req, res) => res.writeHead(500).end('db password: hunter2'));
  await new Promise<void>((r) => inside.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(inside.address() as AddressInfo).port}/hook`;
  await failsWith(channel.send(message(url)), {
    retryable: true,
    status: 500,
    message: 'Teams webhook for Ada: HTTP 500',
  });
  inside.closeAllConnections();
  await new Promise<void>((r) => inside.close(() => r()));
});
