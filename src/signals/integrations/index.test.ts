import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { adapters } from './index.ts';
import {
  DeliveryError,
  integrationTypes,
  severities,
  type DeliveryRequest,
  type ParsedDelivery,
} from './types.ts';

test('every integration type has its adapter', () => {
  assert.deepEqual(Object.keys(adapters).sort(), [...integrationTypes].sort());
  for (const type of integrationTypes) assert.equal(adapters[type].type, type);
});

/** A small seeded PRNG so that a failing case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = [
  'firing',
  'resolved',
  'trigger',
  'acknowledge',
  'resolve',
  'created',
  'fixed',
  'critical',
  '',
  '0001-01-01T00:00:00Z',
  'https://x.example',
  'javascript:1',
  '__proto__',
  'constructor',
  '$.x',
  '2020-01-01T00:00:00Z',
];

function randomValue(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 4 || r < 0.3) {
    const pick = Math.floor(rand() * 9);
    return [
      null,
      true,
      false,
      0,
      -1.5,
      1e308,
      words[Math.floor(rand() * words.length)],
      'x'.repeat(700),
      undefined,
    ][pick];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  const keys = [
    'status',
    'alerts',
    'labels',
    'action',
    'data',
    'trigger',
    'error',
    'payload',
    'event_action',
    'title',
    'dedup_key',
    'fingerprint',
    'issue',
    'id',
    'type',
    'summary',
    'source',
    'severity',
    'routing_key',
    'links',
    'metric_alert',
    'event',
  ];
  for (let i = Math.floor(rand() * 5); i > 0; i--)
    o[keys[Math.floor(rand() * keys.length)]!] = randomValue(rand, depth + 1);
  return o;
}

/** Replaces one random node of `value` (a deep copy) by a random value. */
function mutate(value: unknown, rand: () => number): unknown {
  if (value === null || typeof value !== 'object' || rand() < 0.15) return randomValue(rand);
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0) return randomValue(rand);
  const k = keys[Math.floor(rand() * keys.length)]!;
  copy[k] = mutate(copy[k], rand);
  return copy;
}

function checkShape(parsed: ParsedDelivery) {
  assert.ok(parsed.externalId === null || typeof parsed.externalId === 'string');
  for (const s of parsed.signals) {
    assert.ok(['trigger', 'acknowledge', 'resolve'].includes(s.action));
    assert.ok(typeof s.dedupKey === 'string' && s.dedupKey.length > 0);
    assert.ok(s.groupKey === null || typeof s.groupKey === 'string');
    assert.ok(typeof s.title === 'string' && s.title.length <= 500);
    assert.ok(s.severity === null || (severities as readonly string[]).includes(s.severity));
    for (const v of Object.values(s.labels)) assert.equal(typeof v, 'string');
    for (const l of s.links) assert.match(l.href, /^https?:\/\//);
    assert.ok(s.occurredAt === null || !Number.isNaN(s.occurredAt.getTime()));
  }
}

const fixtureDir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(fixtureDir).map(
  (f) => JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8')) as unknown,
);
const headers = { 'sentry-hook-resource': 'issue', 'request-id': 'r', 'webhook-id': 'w' };

test('no input makes an adapter throw anything but a DeliveryError, and results are well formed', () => {
  const rand = prng(20240601);
  const inputs: unknown[] = [undefined, null, 0, 'text', '', [], {}, [{}], { alerts: [null] }, ...fixtures];
  for (let i = 0; i < 400; i++) inputs.push(randomValue(rand));
  for (let i = 0; i < 1500; i++) inputs.push(mutate(fixtures[i % fixtures.length], rand));
  let parsedCount = 0;
  for (const body of inputs) {
    for (const type of integrationTypes) {
      for (const resource of type === 'sentry'
        ? ['issue', 'event_alert', 'error', 'metric_alert']
        : ['issue']) {
        const req: DeliveryRequest = {
          headers: { ...headers, 'sentry-hook-resource': resource },
          rawBody: Buffer.from(JSON.stringify(body) ?? ''),
          body,
          nowMs: 0,
        };
        try {
          checkShape(adapters[type].parse(req, { signingSecret: null, mapping: null }));
          parsedCount++;
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assert.ok(
            e instanceof DeliveryError,
            `${type}: ${String(e)} for ${JSON.stringify(body)?.slice(0, 300)}`,
          );
          assert.equal(e.kind, 'malformed');
          assert.ok(e.field === undefined || /^(body|headers|mapping)\b/.test(e.field), e.field);
        }
      }
    }
  }
  assert.ok(parsedCount > 100, 'the fuzz reaches past validation');
});

test('signed adapters refuse garbage signatures with a DeliveryError only', () => {
  const settings = { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', mapping: null };
  const garbage: DeliveryRequest['headers'][] = [
    {},
    { 'sentry-hook-signature': ['a', 'b'], 'webhook-signature': ['x'] },
    {
      'sentry-hook-signature': 'zz'.repeat(32),
      'webhook-id': '',
      'webhook-timestamp': '0',
      'webhook-signature': 'v1',
    },
    { 'webhook-id': 'x', 'webhook-timestamp': '99999999999999999999', 'webhook-signature': 'v1,,,' },
  ];
  for (const type of integrationTypes) {
    const adapter = adapters[type];
    if (!adapter.verify) continue;
    for (const h of garbage)
      assert.throws(
        () => adapter.verify!({ headers: h, rawBody: Buffer.from('{}'), body: {}, nowMs: 0 }, settings),
        (e) => e instanceof DeliveryError && e.kind === 'unauthorized',
      );
  }
});
