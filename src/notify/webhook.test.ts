import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fakesOutbound } from '../../test/helpers/fakes/allow.ts';
import { startWebhookSink, type WebhookSink } from '../../test/helpers/fakes/webhook-sink.ts';
import { ManualClock } from '../clock.ts';
import { checkStandardWebhook } from '../signing/standard-webhooks.ts';
import { composePage } from './text.ts';
import { SendError, type OutboundMessage } from './types.ts';
import { webhookChannel } from './webhook.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const incident = {
  id: 'inc-1',
  number: 42,
  title: 'Clicking on user details gives an error',
  tagline: 'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  urgency: 'P1',
  url: 'https://expedite.example.com/incidents/42',
};
const ackUrl = 'https://expedite.example.com/ack/m1?sig=abc';
const message = (address: string, key = 'msg_2sE4kQ9'): OutboundMessage => ({
  idempotencyKey: key,
  incident,
  ...composePage(incident, ackUrl),
  ackUrl,
  recipient: { name: 'Ops bot', address },
});

const failsWith = (p: Promise<unknown>, expected: Partial<Record<keyof SendError, unknown>>) =>
  assert.rejects(p, (e) => {
    assert.ok(e instanceof SendError, String(e));
    for (const [k, v] of Object.entries(expected)) assert.equal(e[k as keyof SendError], v, k);
    return true;
  });

let sink: WebhookSink;
before(async () => {
  sink = await startWebhookSink({ secret });
});
after(async () => {
  await sink.close();
});
const channel = () => webhookChannel({ secret }, fakesOutbound, { timeoutMs: 2000 });

test('a page is POSTed as signed JSON with the idempotency key as webhook-id', async () => {
  assert.deepEqual(await channel().send(message(sink.url('/hook'))), { providerId: null });
  const d = sink.deliveries.at(-1)!;
  assert.equal(d.verified, true);
  assert.equal(d.id, 'msg_2sE4kQ9');
  assert.ok(Math.abs(d.timestamp! - Date.now() / 1000) < 5);
  const body = d.body as Record<string, any>;
  assert.equal(body.type, 'incident.page');
  assert.deepEqual(body.incident, incident);
  assert.equal(body.ackUrl, ackUrl);
  assert.equal(body.text, composePage(incident, ackUrl).text);
  assert.equal(body.subject, '[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error');
  assert.equal(typeof body.timestamp, 'string');
  // The project's own verifier accepts it too.
  const h = (name: string) => d.headers[name] as string | undefined;
  const signed = {
    id: h('webhook-id'),
    timestamp: h('webhook-timestamp'),
    signatures: h('webhook-signature'),
  };
  assert.equal(checkStandardWebhook(signed, d.raw, Date.now(), secret), undefined);
  assert.deepEqual(sink.violations, []);
});

test('the timestamp comes from the clock, and signing follows it', async () => {
  const clock = new ManualClock(new Date('2026-03-01T10:00:00Z'));
  const frozen = await startWebhookSink({ secret, now: () => clock.now().getTime() });
  await webhookChannel({ secret }, fakesOutbound, { clock }).send(message(frozen.url()));
  assert.equal(frozen.deliveries[0]!.timestamp, Date.parse('2026-03-01T10:00:00Z') / 1000);
  assert.deepEqual(frozen.violations, []);
  await frozen.close();
});

test('a retry keeps the webhook-id so the receiver can drop duplicates', async () => {
  sink.fail('/flaky', { status: 503, retryAfter: 2 }, 1);
  await failsWith(channel().send(message(sink.url('/flaky'), 'msg_retry')), {
    retryable: true,
    status: 503,
    retryAfterMs: 2000,
  });
  await channel().send(message(sink.url('/flaky'), 'msg_retry'));
  assert.equal(sink.attempts('msg_retry'), 2);
  assert.deepEqual(sink.violations, []);
});

test('429 and 408 are retryable; 410 and 400 are permanent', async () => {
  for (const [status, retryable] of [
    [429, true],
    [408, true],
    [410, false],
    [400, false],
  ] as const) {
    sink.fail(`/s${status}`, { status }, 1);
    await failsWith(channel().send(message(sink.url(`/s${status}`))), { retryable, status });
  }
});

test('a wrong secret is refused by the receiver: permanent', async () => {
  const other = webhookChannel({ secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, fakesOutbound);
  const start = sink.violations.length;
  await failsWith(other.send(message(sink.url('/hook'))), { retryable: false, status: 401 });
  assert.deepEqual(sink.violations.slice(start), ['/hook: no v1 signature matches']);
});

test('only https, or http to an allow-listed host, is accepted; keys that cannot be headers are refused', async () => {
  for (const bad of ['http://192.168.1.10/hook', 'http://example.com/hook', 'file:///etc/passwd', 'nope'])
    await failsWith(channel().send(message(bad)), { retryable: false, code: 'invalid_address' });
  await failsWith(channel().send(message(sink.url(), 'has space')), { retryable: false });
});
