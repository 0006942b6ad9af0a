import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pagerduty, pagerDutyDedupKey, parsePagerDutyChange, parsePagerDutyEvent } from './pagerduty.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

const settings = { signingSecret: null, mapping: null };
const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const request = (body: unknown): DeliveryRequest => ({
  headers: {},
  rawBody: Buffer.from('{}'),
  body,
  nowMs: 0,
});
const malformed = (body: unknown, field: string) =>
  assert.throws(
    () => pagerduty.parse(request(body), settings),
    (e) => e instanceof DeliveryError && e.kind === 'malformed' && e.field === field,
    `malformed at ${field}`,
  );

test("PagerDuty's documented trigger event becomes one trigger", () => {
  const body = fixture('pagerduty-trigger.json');
  assert.deepEqual(pagerduty.parse(request(body), settings), {
    externalId: null,
    signals: [
      {
        action: 'trigger',
        dedupKey: 'samplekeyhere',
        groupKey: 'prod-datapipe',
        title: 'Example alert on host1.example.com',
        severity: 'info',
        labels: {
          source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
          component: 'postgres',
          group: 'prod-datapipe',
          class: 'deploy',
          'ping time': '1500ms',
          'load avg': '0.75',
        },
        links: [
          { href: 'https://example.com/', text: 'Link text' },
          { href: 'https://monitoring.example.com', text: 'Sample Monitoring Service' },
        ],
        occurredAt: new Date('2015-07-17T08:42:58.315Z'),
        payload: body,
      },
    ],
  });
});

test('acknowledge and resolve need only the dedup key', () => {
  for (const [file, action] of [
    ['pagerduty-acknowledge.json', 'acknowledge'],
    ['pagerduty-resolve.json', 'resolve'],
  ] as const) {
    const s = parsePagerDutyEvent(fixture(file));
    assert.equal(s.action, action);
    assert.equal(s.dedupKey, 'dedupkeyhere');
    assert.equal(s.title, `PagerDuty event ${action}: dedupkeyhere`);
    assert.equal(s.severity, null);
    assert.equal(s.groupKey, 'dedupkeyhere', 'no payload.group: the key is its own group');
    assert.deepEqual(s.labels, {});
  }
});

test('a trigger without dedup_key gets a fresh UUID, as PagerDuty does', () => {
  const body = fixture('pagerduty-trigger.json');
  delete body.dedup_key;
  assert.equal(pagerDutyDedupKey(body), null);
  const a = parsePagerDutyEvent(body).dedupKey;
  const b = parsePagerDutyEvent(body).dedupKey;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
  assert.equal(pagerDutyDedupKey(fixture('pagerduty-trigger.json')), 'samplekeyhere');
  assert.equal(pagerDutyDedupKey(null), null);
  assert.equal(pagerDutyDedupKey({ dedup_key: 5 }), null);
});

test('a summary up to 1024 characters is accepted and the title cut to 500', () => {
  const body = fixture('pagerduty-trigger.json');
  body.payload.summary = 's'.repeat(1024);
  assert.equal(parsePagerDutyEvent(body).title.length, 500);
  body.payload.summary = 's'.repeat(1025);
  malformed(body, 'body.payload.summary');
});

test('custom_details flatten into labels: nested objects with dots, arrays and nulls skipped', () => {
  const body = fixture('pagerduty-trigger.json');
  body.payload.custom_details = {
    disk: { used: 0.93, mount: '/var' },
    hosts: ['a'],
    note: null,
    ok: false,
    source: 'x',
  };
  const { labels } = parsePagerDutyEvent(body);
  assert.equal(labels['disk.used'], '0.93');
  assert.equal(labels['disk.mount'], '/var');
  assert.equal(labels.ok, 'false');
  assert.equal(labels.hosts, undefined);
  assert.equal(labels.note, undefined);
  assert.equal(labels.source, body.payload.source, 'the event source wins over a custom detail');
});

test('invalid events are refused as PagerDuty documents, naming the field', () => {
  const trigger = () => fixture('pagerduty-trigger.json');
  malformed(null, 'body');
  malformed([trigger()], 'body');
  malformed({ ...trigger(), routing_key: undefined }, 'body.routing_key');
  malformed({ ...trigger(), routing_key: '' }, 'body.routing_key');
  malformed({ ...trigger(), event_action: 'snooze' }, 'body.event_action');
  malformed({ ...trigger(), payload: undefined }, 'body.payload');
  malformed({ ...trigger(), payload: 'down' }, 'body.payload');
  malformed({ ...trigger(), dedup_key: 'k'.repeat(256) }, 'body.dedup_key');
  malformed({ ...trigger(), dedup_key: 12 }, 'body.dedup_key');
  malformed({ ...trigger(), links: {} }, 'body.links');
  malformed({ ...trigger(), links: [{ text: 'no href' }] }, 'body.links[0].href');
  malformed({ ...trigger(), images: [{ href: 'https://example.com/' }] }, 'body.images[0].src');
  malformed({ ...trigger(), client_url: 5 }, 'body.client_url');
  for (const [key, value] of [
    ['summary', undefined],
    ['summary', ''],
    ['source', undefined],
    ['severity', 'high'],
    ['severity', 7],
    ['timestamp', 'last tuesday'],
    ['component', 3],
  ] as const) {
    const body = trigger();
    body.payload[key] = value;
    malformed(body, `body.payload.${key}`);
  }
  malformed({ routing_key: 'k', event_action: 'resolve' }, 'body.dedup_key');
  malformed({ routing_key: 'k', event_action: 'acknowledge', dedup_key: '' }, 'body.dedup_key');
});

test('a trigger without severity, or a blank one, is an error; any case is accepted', () => {
  const base = fixture('pagerduty-trigger.json');
  for (const [given, expected] of [
    [undefined, 'error'],
    [null, 'error'],
    ['', 'error'],
    ['  ', 'error'],
    ['Critical', 'critical'],
    ['WARNING', 'warning'],
  ] as const) {
    const body = { ...base, payload: { ...base.payload, severity: given } };
    assert.equal(parsePagerDutyEvent(body).severity, expected, String(given));
  }
});

test("PagerDuty's documented change event parses; summary is required", () => {
  const body = {
    routing_key: 'samplekeyhere',
    payload: {
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      timestamp: '2020-07-17T08:42:58.315+0000',
      source: 'acme-build-pipeline-tool-default-i-9999',
      custom_details: { build_state: 'passed', build_number: '2', run_time: '1236s' },
    },
    links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
  };
  assert.deepEqual(parsePagerDutyChange(body), {
    summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
    source: 'acme-build-pipeline-tool-default-i-9999',
    occurredAt: new Date('2020-07-17T08:42:58.315Z'),
    links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
    customDetails: { build_state: 'passed', build_number: '2', run_time: '1236s' },
  });
  const field = (b: unknown) => {
    try {
      parsePagerDutyChange(b);
    } catch (e) {
      return e instanceof DeliveryError ? e.field : 'other';
    }
    return null;
  };
  assert.equal(field({ routing_key: 'k', payload: {} }), 'body.payload.summary');
  assert.equal(field({ routing_key: 'k' }), 'body.payload');
  assert.equal(field({ payload: { summary: 's' } }), 'body.routing_key');
  assert.equal(field({ routing_key: 'k', payload: { summary: 's'.repeat(1025) } }), 'body.payload.summary');
  assert.equal(
    field({ routing_key: 'k', payload: { summary: 's', timestamp: 'soon' } }),
    'body.payload.timestamp',
  );
  assert.equal(field({ routing_key: 'k', payload: { summary: 's' }, links: [{}] }), 'body.links[0].href');
  assert.equal(
    field({ routing_key: 'k', payload: { summary: 's', custom_details: 3 } }),
    'body.payload.custom_details',
  );
});
