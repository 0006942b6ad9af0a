import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { alertmanager, labelsFingerprint } from './alertmanager.ts';
import { grafana } from './grafana.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

const settings = { signingSecret: null, mapping: null };
const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const request = (body: unknown): DeliveryRequest => ({
  headers: {},
  rawBody: Buffer.from(JSON.stringify(body) ?? ''),
  body,
  nowMs: 0,
});
const parse = (body: unknown) => alertmanager.parse(request(body), settings);
const malformed = (body: unknown, field: string) =>
  assert.throws(
    () => parse(body),
    (e) => e instanceof DeliveryError && e.kind === 'malformed' && e.field === field,
    `malformed at ${field}`,
  );

test('a firing group from Alertmanager is one trigger per alert, keyed by fingerprint', () => {
  const body = fixture('alertmanager-firing.json');
  const parsed = parse(body);
  assert.equal(parsed.externalId, null);
  assert.deepEqual(parsed.signals, [
    {
      action: 'trigger',
      dedupKey: '1a30ba71cca2921f',
      groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
      title: 'BlackBox Probe Failure: https://server.example.org',
      severity: 'critical',
      labels: {
        alertname: 'ProbeFailure',
        instance: 'https://server.example.org',
        job: 'http_checks',
        monitor: 'master',
        severity: 'critical',
      },
      links: [
        {
          href: 'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1',
          text: 'Prometheus',
        },
        { href: 'http://prometheus.example.org:9093', text: 'Alertmanager' },
      ],
      occurredAt: new Date('2023-02-06T13:08:45.828Z'),
      payload: body.alerts[0],
    },
  ]);
});

test('a resolved alert resolves the same key, at its end time', () => {
  const [s] = parse(fixture('alertmanager-resolved.json')).signals;
  assert.equal(s?.action, 'resolve');
  assert.equal(s?.dedupKey, '1a30ba71cca2921f');
  assert.deepEqual(s?.occurredAt, new Date('2023-02-06T13:23:45.828Z'));
});

test('a resolved alert with the zero end time falls back to the receipt time', () => {
  const body = fixture('alertmanager-resolved.json');
  body.alerts[0].endsAt = '0001-01-01T00:00:00Z';
  assert.equal(parse(body).signals[0]?.occurredAt, null);
});

test('without a fingerprint the key is a stable hash of the sorted labels', () => {
  const body = fixture('alertmanager-firing.json');
  delete body.alerts[0].fingerprint;
  const a = parse(body).signals[0]!.dedupKey;
  body.alerts[0].labels = Object.fromEntries(Object.entries(body.alerts[0].labels).reverse());
  body.alerts[0].fingerprint = '';
  assert.equal(parse(body).signals[0]!.dedupKey, a);
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(a, labelsFingerprint(body.alerts[0].labels));
  body.alerts[0].labels.instance = 'other';
  assert.notEqual(parse(body).signals[0]!.dedupKey, a);
});

test('titles fall back from summary to description to alertname, and are cut to 500 characters', () => {
  const body = fixture('alertmanager-firing.json');
  const alert = body.alerts[0];
  delete alert.annotations.summary;
  assert.equal(parse(body).signals[0]!.title, alert.annotations.description);
  alert.annotations = {};
  assert.equal(parse(body).signals[0]!.title, 'ProbeFailure');
  delete alert.labels.alertname;
  assert.equal(parse(body).signals[0]!.title, 'Alert 1a30ba71cca2921f');
  alert.annotations.summary = `line one\n\n${'x'.repeat(600)}`;
  const t = parse(body).signals[0]!.title;
  assert.equal(t.length, 500);
  assert.ok(t.startsWith('line one x'));
  assert.ok(t.endsWith('…'));
});

test('severity labels map onto the four severities', () => {
  const cases: [string, string | null][] = [
    ['critical', 'critical'],
    ['page', 'critical'],
    ['error', 'error'],
    ['HIGH', 'error'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['none', 'info'],
    ['P1', null],
    ['', null],
  ];
  for (const [word, expected] of cases) {
    const body = fixture('alertmanager-firing.json');
    body.alerts[0].labels.severity = word;
    assert.equal(parse(body).signals[0]!.severity, expected, word);
  }
});

test('runbook annotations become links; non-http links are dropped', () => {
  const body = fixture('alertmanager-firing.json');
  body.alerts[0].annotations.runbook_url = 'https://runbooks.example.org/probe';
  body.alerts[0].generatorURL = 'javascript:alert(1)';
  assert.deepEqual(parse(body).signals[0]!.links, [
    { href: 'https://runbooks.example.org/probe', text: 'Runbook' },
    { href: 'http://prometheus.example.org:9093', text: 'Alertmanager' },
  ]);
});

test('an empty group is no signal; several alerts are several signals in order', () => {
  assert.deepEqual(parse({ ...fixture('alertmanager-firing.json'), alerts: [] }).signals, []);
  const body = fixture('alertmanager-firing.json');
  body.alerts.push({ ...body.alerts[0], fingerprint: 'b', status: 'resolved' });
  assert.deepEqual(
    parse(body).signals.map((s) => [s.dedupKey, s.action]),
    [
      ['1a30ba71cca2921f', 'trigger'],
      ['b', 'resolve'],
    ],
  );
});

test('malformed deliveries name the field at fault', () => {
  malformed(null, 'body');
  malformed('alerts', 'body');
  malformed([], 'body');
  malformed({}, 'body.alerts');
  malformed({ alerts: {} }, 'body.alerts');
  malformed({ alerts: [null] }, 'body.alerts[0]');
  const body = fixture('alertmanager-firing.json');
  body.alerts.push({ ...body.alerts[0], status: 'pending' });
  malformed(body, 'body.alerts[1].status');
  const cases: [string, unknown, string][] = [
    ['status', undefined, 'status'],
    ['labels', ['a'], 'labels'],
    ['annotations', 'x', 'annotations'],
    ['fingerprint', 42, 'fingerprint'],
    ['startsAt', 'yesterday', 'startsAt'],
    ['endsAt', 12, 'endsAt'],
  ];
  for (const [key, value, field] of cases) {
    const b = fixture('alertmanager-firing.json');
    b.alerts[0][key] = value;
    malformed(b, `body.alerts[0].${field}`);
  }
  const noIdentity = fixture('alertmanager-firing.json');
  noIdentity.alerts[0].labels = {};
  delete noIdentity.alerts[0].fingerprint;
  malformed(noIdentity, 'body.alerts[0].fingerprint');
  malformed({ ...fixture('alertmanager-firing.json'), groupKey: 7 }, 'body.groupKey');
});

test("truncatedAlerts (the receiver's max_alerts left alerts out) rides on each signal of the group", () => {
  const body = fixture('alertmanager-firing.json');
  const second = { ...body.alerts[0], fingerprint: '2b41cb82ddb3a32g' };
  const truncated = parse({ ...body, alerts: [body.alerts[0], second], truncatedAlerts: 35 });
  assert.deepEqual(
    truncated.signals.map((s) => [s.dedupKey, s.truncatedAlerts]),
    [
      ['1a30ba71cca2921f', 35],
      ['2b41cb82ddb3a32g', 35],
    ],
  );
  // Grafana sends the same field.
  const g = fixture('grafana-firing.json');
  const fromGrafana = grafana.parse(request({ ...g, truncatedAlerts: 3 }), settings);
  assert.deepEqual(
    fromGrafana.signals.map((s) => s.truncatedAlerts),
    [3, 3],
  );
  // Zero or absent: nothing truncated, no field.
  assert.equal(parse(body).signals[0]?.truncatedAlerts, undefined);
  const without = { ...body };
  delete without.truncatedAlerts;
  assert.equal(parse(without).signals[0]?.truncatedAlerts, undefined);
  for (const bad of [-1, 1.5, '35', 2 ** 31])
    malformed({ ...body, truncatedAlerts: bad }, 'body.truncatedAlerts');
});
