import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultMapping, generic, validateMapping } from './generic.ts';
import { signStandardWebhook } from '../../signing/standard-webhooks.ts';
import { DeliveryError, type DeliveryRequest, type GenericMapping } from './types.ts';

const fixtureText = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): any => JSON.parse(fixtureText(name));
const request = (body: unknown, headers: DeliveryRequest['headers'] = {}): DeliveryRequest => ({
  headers,
  rawBody: Buffer.from(JSON.stringify(body) ?? ''),
  body,
  nowMs: 0,
});
const batchMapping: GenericMapping = {
  items: '$.alerts[*]',
  title: '$.name',
  dedupKey: '$.id',
  severity: '$.level',
  status: '$.state',
  resolvedValues: ['ok'],
  acknowledgedValues: ['acked'],
  groupKey: '$.tags.host',
  labels: '$.tags',
  link: '$.link',
  deliveryId: '$.delivery',
};
const parse = (body: unknown, mapping: GenericMapping | null = null, headers = {}) =>
  generic.parse(request(body, headers), { signingSecret: null, mapping });
const malformed = (body: unknown, mapping: GenericMapping | null, field: string) =>
  assert.throws(
    () => parse(body, mapping),
    (e) => e instanceof DeliveryError && e.kind === 'malformed' && e.field === field,
    `malformed at ${field}`,
  );

test('without a mapping the default one reads {title, dedup_key, severity, status, labels, url}', () => {
  const body = fixture('generic-default.json');
  assert.deepEqual(parse(body), {
    externalId: null,
    signals: [
      {
        action: 'trigger',
        dedupKey: 'checkout-error-rate',
        groupKey: null,
        title: 'Checkout error rate above 5%',
        severity: 'critical',
        labels: { service: 'checkout', env: 'production', region: 'eu-west-1' },
        links: [{ href: 'https://monitoring.example.com/alerts/checkout-error-rate' }],
        occurredAt: null,
        payload: body,
      },
    ],
  });
  for (const status of ['resolved', 'ok', 'OK', ' Resolved '])
    assert.equal(parse({ ...body, status }).signals[0]?.action, 'resolve');
  assert.equal(parse({ ...body, status: 'acknowledged' }).signals[0]?.action, 'trigger');
  assert.deepEqual(validateMapping(defaultMapping), []);
});

test('a mapping with items turns each array element into a signal', () => {
  const body = fixture('generic-batch.json');
  const parsed = parse(body, batchMapping, { 'webhook-id': 'msg_header' });
  assert.equal(parsed.externalId, 'dlv_01', 'the mapped delivery id wins over the header');
  assert.deepEqual(parsed.signals[0], {
    action: 'trigger',
    dedupKey: '42',
    groupKey: 'db-1',
    title: 'Disk full on db-1',
    severity: null,
    labels: { host: 'db-1', 'disk.mount': '/var' },
    links: [{ href: 'https://probe.example.com/alerts/42' }],
    occurredAt: null,
    payload: body.alerts[0],
  });
  assert.equal(parsed.signals[1]?.action, 'resolve');
  assert.equal(parsed.signals[1]?.dedupKey, 'api-latency');
  assert.equal(parsed.signals[1]?.severity, 'warning');
  body.alerts[1].state = 'ACKED';
  assert.equal(parse(body, batchMapping).signals[1]?.action, 'acknowledge');
  assert.deepEqual(parse({ ...body, alerts: [] }, batchMapping).signals, []);
});

test('items may also be a plain array path, and the body itself may be the array', () => {
  const body = fixture('generic-batch.json');
  assert.equal(parse(body, { ...batchMapping, items: 'alerts' }).signals.length, 2);
  assert.equal(parse(body.alerts, { ...batchMapping, items: '$' }).signals.length, 2);
  assert.equal(parse(body.alerts, { ...batchMapping, items: '$[*]' }).signals[1]?.dedupKey, 'api-latency');
});

test('the delivery id is the mapped value, else the webhook-id header, else null', () => {
  const body = fixture('generic-default.json');
  assert.equal(
    parse(body, null, { 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' }).externalId,
    'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
  );
  assert.equal(
    parse(fixture('generic-batch.json'), { ...batchMapping, deliveryId: '$.missing' }, { 'webhook-id': 'h' })
      .externalId,
    'h',
  );
  assert.equal(parse(body).externalId, null);
});

test('a missing or unusable dedup key or title is malformed, naming the body path', () => {
  const body = fixture('generic-batch.json');
  delete body.alerts[1].id;
  malformed(body, batchMapping, 'body.alerts[1].id');
  const objectKey = fixture('generic-batch.json');
  objectKey.alerts[0].id = { nested: true };
  malformed(objectKey, batchMapping, 'body.alerts[0].id');
  const longKey = fixture('generic-batch.json');
  longKey.alerts[0].id = 'k'.repeat(256);
  malformed(longKey, batchMapping, 'body.alerts[0].id');
  const noTitle = fixture('generic-batch.json');
  noTitle.alerts[0].name = '   ';
  malformed(noTitle, batchMapping, 'body.alerts[0].name');
  malformed({ title: 'x' }, null, 'body.dedup_key');
  malformed({ dedup_key: 'x' }, null, 'body.title');
  malformed({ ...fixture('generic-batch.json'), alerts: { id: 1 } }, batchMapping, 'body.alerts');
  malformed({}, batchMapping, 'body.alerts');
  malformed(null, null, 'body');
  malformed('text', null, 'body');
  malformed(
    { 'odd key': { x: 1 } },
    { title: "$['odd key'].t", dedupKey: "$['odd key'].x" },
    "body['odd key'].t",
  );
});

test('validateMapping names each bad field for the admin API', () => {
  assert.deepEqual(validateMapping(null), [{ field: 'mapping', message: 'must be an object' }]);
  assert.deepEqual(validateMapping([]), [{ field: 'mapping', message: 'must be an object' }]);
  assert.deepEqual(validateMapping({ title: '$.t', dedupKey: '$.k' }), []);
  const fields = (m: unknown) => validateMapping(m).map((i) => i.field);
  assert.deepEqual(fields({}), ['mapping.title', 'mapping.dedupKey']);
  assert.deepEqual(fields({ title: '$..t', dedupKey: 3 }), ['mapping.title', 'mapping.dedupKey']);
  assert.deepEqual(fields({ title: '$.t', dedupKey: '$.alerts[*].id' }), ['mapping.dedupKey']);
  assert.deepEqual(fields({ title: '$.t', dedupKey: '$.k', items: '$.a[*].b[*]' }), []);
  assert.deepEqual(fields({ title: '$.t', dedupKey: '$.k', items: '$.a[?(@.x)]' }), ['mapping.items']);
  assert.deepEqual(fields({ title: '$.t', dedupKey: '$.k', titel: '$.x' }), ['mapping.titel']);
  assert.deepEqual(fields({ title: '$.t', dedupKey: '$.k', resolvedValues: 'ok' }), [
    'mapping.resolvedValues',
  ]);
  assert.deepEqual(fields({ title: '$.t', dedupKey: '$.k', acknowledgedValues: ['ack', 2, ''] }), [
    'mapping.acknowledgedValues[1]',
    'mapping.acknowledgedValues[2]',
  ]);
  const [issue] = validateMapping({ title: '$.a b', dedupKey: '$.k' });
  assert.match(issue!.message, /at character 3/);
});

test('a stored mapping that is invalid refuses deliveries naming the mapping field', () => {
  malformed(fixture('generic-default.json'), { title: '$.title', dedupKey: '$..x' }, 'mapping.dedupKey');
});

test('verify checks Standard Webhooks signatures when a secret is set', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const raw = fixtureText('generic-default.json');
  const nowMs = Date.UTC(2026, 0, 1);
  const ts = Math.floor(nowMs / 1000);
  const req = (headers: Record<string, string>, at = nowMs): DeliveryRequest => ({
    headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), ...headers },
    rawBody: Buffer.from(raw),
    body: JSON.parse(raw),
    nowMs: at,
  });
  const settings = { signingSecret: secret, mapping: null };
  const good = req({ 'webhook-signature': signStandardWebhook(secret, 'msg_1', ts, raw) });
  assert.doesNotThrow(() => generic.verify!(good, settings));
  assert.equal(generic.parse(good, settings).externalId, 'msg_1');
  const unauthorized = (r: DeliveryRequest, field: string) =>
    assert.throws(
      () => generic.verify!(r, settings),
      (e) => e instanceof DeliveryError && e.kind === 'unauthorized' && e.field === field,
    );
  unauthorized(
    req({ 'webhook-signature': signStandardWebhook(secret, 'msg_1', ts, `${raw} `) }),
    'headers.webhook-signature',
  );
  unauthorized({ ...good, nowMs: nowMs + 6 * 60_000 }, 'headers.webhook-timestamp');
  unauthorized(req({}), 'headers.webhook-signature');
  assert.doesNotThrow(() => generic.verify!(req({}), { signingSecret: null, mapping: null }));
});
