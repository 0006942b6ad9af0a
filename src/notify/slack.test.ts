import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startFakeSlack, type FakeSlack } from '../../test/helpers/fakes/slack.ts';
import { slackBlocks, slackChannel, slackEscape } from './slack.ts';
import { createOutbound } from '../outbound/index.ts';
import { composePage } from './text.ts';
import { SendError, type OutboundMessage } from './types.ts';

/** No allow-list: the configured API base is reached as the operator's, nothing else. */
const outbound = createOutbound();

const incident = {
  id: 'inc-1',
  number: 42,
  title: 'Clicking on user details gives an error',
  tagline: 'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  urgency: 'P1',
  url: 'https://expedite.example.com/incidents/42',
};
const ackUrl = 'https://expedite.example.com/ack/m1?sig=abc&exp=1';
const message = (address: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  idempotencyKey: 'outbox-1',
  incident,
  ...composePage(incident, ackUrl),
  ackUrl,
  recipient: { name: 'Ada', address },
  ...over,
});

const failsWith = (p: Promise<unknown>, expected: Partial<Record<keyof SendError, unknown>>) =>
  assert.rejects(p, (e) => {
    assert.ok(e instanceof SendError, String(e));
    for (const [k, v] of Object.entries(expected)) assert.equal(e[k as keyof SendError], v, k);
    return true;
  });

let slack: FakeSlack;
before(async () => {
  slack = await startFakeSlack({ users: ['U012AB3CD', 'U0RATE', 'U0GONE', 'U0DOWN', 'U0ESC'] });
});
after(async () => {
  await slack.close();
});
const channel = () => slackChannel({ token: slack.token, apiUrl: slack.apiUrl }, outbound);

test('a page is posted to the user with text, a section and an Acknowledge button', async () => {
  const { providerId } = await channel().send(message('U012AB3CD'));
  const posted = slack.messages.at(-1)!;
  assert.equal(providerId, posted.ts);
  assert.match(providerId, /^\d+\.\d{6}$/);
  assert.equal(posted.channel, 'U012AB3CD');
  assert.equal(
    posted.text,
    `[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error - ack: ${ackUrl}`,
  );
  const [section, actions] = posted.blocks as any[];
  assert.equal(section.type, 'section');
  assert.equal(section.text.type, 'mrkdwn');
  assert.ok(section.text.text.startsWith(`*<${incident.url}|[P1] #42 ADMINS-FBLOCK-FE`));
  assert.equal(actions.type, 'actions');
  assert.deepEqual(actions.elements[0], {
    type: 'button',
    action_id: 'expedite_ack',
    style: 'primary',
    text: { type: 'plain_text', text: 'Acknowledge' },
    url: ackUrl,
  });
  assert.equal(actions.elements[1].url, incident.url);
  const request = slack.requests.at(-1)!;
  assert.equal(request.headers.authorization, `Bearer ${slack.token}`);
  assert.equal(request.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(slack.violations, []);
});

test('mrkdwn control characters in incident text are escaped', async () => {
  const sneaky = { ...incident, tagline: 'a <!channel> & <https://evil.example|click>' };
  await channel().send(message('U0ESC', { incident: sneaky, ...composePage(sneaky, ackUrl) }));
  const section = (slack.messages.at(-1)!.blocks as any[])[0].text.text as string;
  assert.ok(!section.includes('<!channel>'));
  assert.ok(section.includes('a &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;'));
  assert.equal(slackEscape('<&>'), '&lt;&amp;&gt;');
  assert.deepEqual(slack.violations, []);
});

test('ratelimited (HTTP 429 + Retry-After) is retryable with the wait', async () => {
  slack.fail('U0RATE', { error: 'ratelimited', retryAfter: 7 }, 1);
  await failsWith(channel().send(message('U0RATE')), {
    retryable: true,
    status: 429,
    code: 'ratelimited',
    retryAfterMs: 7000,
  });
  // The next attempt goes through.
  assert.ok((await channel().send(message('U0RATE'))).providerId);
  assert.deepEqual(slack.violations, []);
});

test('Slack-side trouble and HTTP 5xx are retryable', async () => {
  slack.fail('U0DOWN', { error: 'internal_error', status: 500 }, 1);
  await failsWith(channel().send(message('U0DOWN')), { retryable: true, status: 500 });
  slack.fail('U0DOWN', { error: 'service_unavailable' }, 1);
  await failsWith(channel().send(message('U0DOWN')), { retryable: true, code: 'service_unavailable' });
});

test('unknown user, bad token and deactivated account are permanent', async () => {
  await failsWith(channel().send(message('U0NOBODY')), { retryable: false, code: 'channel_not_found' });
  await failsWith(
    slackChannel({ token: 'xoxb-wrong', apiUrl: slack.apiUrl }, outbound).send(message('U012AB3CD')),
    {
      retryable: false,
      code: 'invalid_auth',
    },
  );
  slack.fail('U0GONE', { error: 'account_inactive' });
  await failsWith(channel().send(message('U0GONE')), { retryable: false, code: 'account_inactive' });
  assert.deepEqual(slack.violations, []);
});

test('an address that is not a Slack id is refused before sending', async () => {
  const before = slack.requests.length;
  await failsWith(channel().send(message('ada@example.com')), { retryable: false, code: 'invalid_address' });
  assert.equal(slack.requests.length, before);
});

test('a closed port is a retryable network error; no answer in time is a retryable timeout', async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await failsWith(
    slackChannel({ token: slack.token, apiUrl: `http://127.0.0.1:${port}/api` }, outbound).send(
      message('U012AB3CD'),
    ),
    { retryable: true, code: 'network' },
  );

  const silent = http.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`;
  await failsWith(
    slackChannel({ token: slack.token, apiUrl: url }, outbound, { timeoutMs: 150 }).send(
      message('U012AB3CD'),
    ),
    {
      retryable: true,
      code: 'timeout',
    },
  );
  silent.closeAllConnections();
  await new Promise<void>((r) => silent.close(() => r()));
});

test('the fake refuses and records requests that break the contract', async () => {
  const start = slack.violations.length;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${slack.apiUrl}/chat.postMessage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${slack.token}`,
        'content-type': 'application/json; charset=utf-8',
        ...headers,
      },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ error?: string; warning?: string }>);
  assert.equal((await post({ channel: 'U012AB3CD' })).error, 'no_text');
  assert.equal((await post({ text: 'hi' })).error, 'channel_not_found');
  assert.equal((await post({ channel: 'U012AB3CD', text: 'hi' }, { authorization: '' })).error, 'not_authed');
  const tooLong = slackBlocks(message('U012AB3CD', { ackUrl: `https://x.example/${'a'.repeat(3000)}` }));
  assert.equal((await post({ channel: 'U012AB3CD', text: 'hi', blocks: tooLong })).error, 'invalid_blocks');
  const warned = await post({ channel: 'U012AB3CD', text: 'hi' }, { 'content-type': 'application/json' });
  assert.equal(warned.warning, 'missing_charset');
  assert.equal(slack.violations.length - start, 5);
});
