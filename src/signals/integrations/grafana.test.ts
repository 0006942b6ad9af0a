import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createHmac } from 'node:crypto';
import { grafana, verifyGrafanaSignature } from './grafana.ts';
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
const parse = (body: unknown) => grafana.parse(request(body), settings);

test("Grafana's documented firing payload is one trigger per alert", () => {
  const body = fixture('grafana-firing.json');
  const parsed = parse(body);
  assert.equal(parsed.externalId, null);
  assert.equal(parsed.signals.length, 2);
  assert.deepEqual(parsed.signals[0], {
    action: 'trigger',
    dedupKey: 'c6eadffa33fcdf37',
    groupKey: '{}:{}',
    title: 'This alert was triggered for zone us-1',
    severity: null,
    labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
    links: [
      { href: 'https://play.grafana.org/alerting/1afz29v7z/edit', text: 'Alert rule' },
      { href: 'https://myrunbook.com/runbook/1234', text: 'Runbook' },
      {
        href: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
        text: 'Silence',
      },
      { href: 'https://play.grafana.org/', text: 'Grafana' },
    ],
    occurredAt: new Date('2021-10-12T07:51:03.157Z'),
    payload: body.alerts[0],
  });
  assert.equal(parsed.signals[1]?.dedupKey, 'bc97ff14869b13e3');
  assert.equal(parsed.signals[1]?.title, 'This alert was triggered for zone eu-1');
});

test('a resolved Grafana alert resolves its fingerprint at its end time', () => {
  const [s] = parse(fixture('grafana-resolved.json')).signals;
  assert.equal(s?.action, 'resolve');
  assert.equal(s?.dedupKey, 'c6eadffa33fcdf37');
  assert.deepEqual(s?.occurredAt, new Date('2021-10-12T08:06:03.157Z'));
});

test('dashboard, panel and image URLs become links when Grafana fills them', () => {
  const body = fixture('grafana-firing.json');
  Object.assign(body.alerts[0], {
    dashboardURL: 'https://play.grafana.org/d/abc',
    panelURL: 'https://play.grafana.org/d/abc?viewPanel=2',
    imageURL: 'https://play.grafana.org/render/abc.png',
  });
  assert.deepEqual(
    parse(body).signals[0]?.links.map((l) => l.text),
    ['Alert rule', 'Runbook', 'Dashboard', 'Panel', 'Image', 'Silence', 'Grafana'],
  );
});

test('malformed Grafana deliveries name the field', () => {
  const body = fixture('grafana-firing.json');
  body.alerts[1].status = 'alerting';
  assert.throws(
    () => parse(body),
    (e) => e instanceof DeliveryError && e.kind === 'malformed' && e.field === 'body.alerts[1].status',
  );
  assert.throws(
    () => parse({ ...fixture('grafana-firing.json'), alerts: 'none' }),
    (e) => e instanceof DeliveryError && e.field === 'body.alerts',
  );
});

test("Grafana's HMAC: hex HMAC-SHA256 of the body, or of `timestamp:body` with the timestamp header", () => {
  const secret = 'grafana-hmac-secret';
  const rawBody = Buffer.from('{"status":"firing"}');
  const nowMs = 1_765_000_000_000;
  const sign = (data: string) => createHmac('sha256', secret).update(data).digest('hex');
  const check = (headers: Record<string, string>) => {
    try {
      verifyGrafanaSignature({ headers, rawBody, nowMs }, secret);
      return 'ok';
    } catch (e) {
      assert.ok(e instanceof DeliveryError && e.kind === 'unauthorized');
      return e.field;
    }
  };
  // Known answers, computed apart: printf '%s' '<signed text>' | openssl dgst -sha256 -hmac grafana-hmac-secret
  const bodySignature = '1c0a294cfc62a3a54be979f6eeebaab8a9fa9256064ea2a71a9e1a06f7c28f8d';
  const stampedSignature = '533a52fb816eeefc2d1a1d6ff9401bbf5c126328a3e45d71e6d643cc05941025';
  assert.equal(check({ 'x-grafana-alerting-signature': bodySignature }), 'ok');
  assert.equal(check({ 'x-grafana-alerting-signature': bodySignature.toUpperCase() }), 'ok');
  assert.equal(
    check({
      'x-grafana-alerting-signature': stampedSignature,
      'x-grafana-alerting-timestamp': '1765000000',
    }),
    'ok',
  );
  assert.equal(check({}), 'headers.x-grafana-alerting-signature');
  assert.equal(check({ 'x-grafana-alerting-signature': 'zz' }), 'headers.x-grafana-alerting-signature');
  assert.equal(
    check({
      'x-grafana-alerting-signature': bodySignature,
      'x-grafana-alerting-timestamp': '1765000000',
    }),
    'headers.x-grafana-alerting-signature',
  );
  assert.equal(
    check({
      'x-grafana-alerting-signature': sign('1764990000:{"status":"firing"}'),
      'x-grafana-alerting-timestamp': '1764990000',
    }),
    'headers.x-grafana-alerting-timestamp',
  );
  assert.equal(
    check({ 'x-grafana-alerting-signature': sign('x'), 'x-grafana-alerting-timestamp': 'yesterday' }),
    'headers.x-grafana-alerting-timestamp',
  );
  const request = { headers: {}, rawBody, body: {}, nowMs };
  assert.doesNotThrow(() => grafana.verify!(request, { signingSecret: null, mapping: null }));
  assert.throws(() => grafana.verify!(request, { signingSecret: secret, mapping: null }), DeliveryError);
});
