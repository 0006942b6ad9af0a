/**
 * The PagerDuty Events API, as PagerDuty's own clients and Alertmanager use it (issue #18, items 14
 * and 20): change events recorded on the service's open incidents, PagerDuty-shaped 413 at 512 KB,
 * a missing severity taken as the default, and the official clients' recorded requests accepted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { alertsOf, createIntegration, postRaw } from '../helpers/signals-api.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

interface Recorded {
  name: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}
const fixture = (name: string): { comment: string; requests: Recorded[] } =>
  JSON.parse(readFileSync(new URL(`../fixtures/pagerduty/${name}`, import.meta.url), 'utf8'));

/** Sends a recorded request with `key` as routing key (content-length recomputed by inject). */
function replay(r: Recorded, key: string) {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([name]) => name !== 'content-length'));
  const body = r.body.replaceAll('exi_ROUTINGKEYFROMTHEFIXTURE', key);
  return t.call(null, { method: r.method, url: r.path, payload: body, headers });
}

async function timelineOf(incidentId: string) {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  assert.equal(res.status, 200);
  return res.body.items as { kind: string; data: Record<string, unknown> }[];
}

test('a change event is accepted as PagerDuty answers it and noted on the service’s open incidents', async () => {
  const alerting = await createIntegration(t, {
    name: 'Checkout alerts',
    type: 'alertmanager',
    service: 'Checkout',
  });
  const deploys = await createIntegration(t, {
    name: 'Checkout deploys',
    type: 'pagerduty',
    service: 'Checkout',
  });
  const other = await createIntegration(t, { name: 'Billing alerts', type: 'pagerduty', service: 'Billing' });
  const fire = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: {
      routing_key: alerting.key,
      event_action: 'trigger',
      dedup_key: 'checkout-5xx',
      payload: { summary: 'Checkout 5xx', source: 'lb', severity: 'critical' },
    },
  });
  assert.equal(fire.status, 202, JSON.stringify(fire.body));
  const billing = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: {
      routing_key: other.key,
      event_action: 'trigger',
      dedup_key: 'billing-down',
      payload: { summary: 'Billing down', source: 'api', severity: 'critical' },
    },
  });
  assert.equal(billing.status, 202);
  const [checkoutAlert] = await alertsOf(t, alerting.integration.id);
  const [billingAlert] = await alertsOf(t, other.integration.id);
  assert.ok(checkoutAlert!.incidentId && billingAlert!.incidentId, 'both alerts opened incidents');

  const change = await t.call(null, {
    method: 'POST',
    url: '/v2/change/enqueue',
    payload: {
      routing_key: deploys.key,
      payload: {
        summary: 'Deploy checkout v2.14.0',
        source: 'ci.example.com',
        timestamp: '2026-12-07T02:30:00.000Z',
        custom_details: { version: 'v2.14.0' },
      },
      links: [{ href: 'https://ci.example.com/builds/4242', text: 'Build 4242' }],
    },
  });
  assert.equal(change.status, 202, JSON.stringify(change.body));
  assert.deepEqual(change.body, { status: 'success', message: 'Change event processed' });

  const entries = (await timelineOf(checkoutAlert!.incidentId)).filter((e) => e.kind === 'change');
  assert.equal(entries.length, 1);
  assert.equal(entries[0]!.data.summary, 'Deploy checkout v2.14.0');
  assert.equal(entries[0]!.data.source, 'ci.example.com');
  assert.equal(entries[0]!.data.occurredAt, '2026-12-07T02:30:00.000Z');
  assert.deepEqual(entries[0]!.data.links, [
    { href: 'https://ci.example.com/builds/4242', text: 'Build 4242' },
  ]);
  assert.deepEqual(
    (await timelineOf(billingAlert!.incidentId)).filter((e) => e.kind === 'change'),
    [],
    'another service’s incident is not told',
  );

  const listed = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${deploys.integration.id}/changes`,
  });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.equal(listed.body.items.length, 1);
  assert.equal(listed.body.items[0].summary, 'Deploy checkout v2.14.0');
  assert.deepEqual(listed.body.items[0].customDetails, { version: 'v2.14.0' });
  assert.equal(listed.body.items[0].id, entries[0]!.data.changeId);

  const noSummary = await t.call(null, {
    method: 'POST',
    url: '/v2/change/enqueue',
    payload: { routing_key: deploys.key, payload: { source: 'ci' } },
  });
  assert.equal(noSummary.status, 400);
  assert.equal(noSummary.body.status, 'invalid event');
  assert.match(noSummary.body.errors[0], /body\.payload\.summary/);
});

test('over 512 KB, /v2/enqueue and /v2/change/enqueue answer 413 in PagerDuty’s shape', async () => {
  const { key } = await createIntegration(t, { name: 'Big PD', type: 'pagerduty' });
  const event = (pad: number) =>
    JSON.stringify({
      routing_key: key,
      event_action: 'trigger',
      payload: { summary: 's', source: 'x', severity: 'info', custom_details: { pad: 'x'.repeat(pad) } },
    });
  for (const url of ['/v2/enqueue', '/v2/change/enqueue']) {
    const big = await postRaw(t, url, event(600 * 1024));
    assert.equal(big.status, 413);
    assert.deepEqual(big.body, {
      status: 'request too large',
      message: 'Request too large',
      errors: ['The body is larger than 512 KB'],
    });
  }
  const under = await postRaw(t, '/v2/enqueue', event(500 * 1024));
  assert.equal(under.status, 202, JSON.stringify(under.body));
});

test('the README’s pagerduty_configs: a severity label missing renders blank and is taken as error', async () => {
  const { integration, key } = await createIntegration(t, {
    name: 'Prometheus via PD',
    type: 'alertmanager',
  });
  // Alertmanager's PagerDuty notifier with severity: '{{ .CommonLabels.severity }}' and no such label.
  const body = JSON.parse(
    readFileSync(new URL('../fixtures/alertmanager/pagerduty-trigger.json', import.meta.url), 'utf8'),
  );
  body.routing_key = key;
  body.payload.severity = '';
  const res = await t.call(null, { method: 'POST', url: '/v2/enqueue', payload: body });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  delete body.payload.severity;
  body.dedup_key = 'other';
  assert.equal((await t.call(null, { method: 'POST', url: '/v2/enqueue', payload: body })).status, 202);
  body.payload.severity = 'Critical';
  body.dedup_key = 'third';
  assert.equal((await t.call(null, { method: 'POST', url: '/v2/enqueue', payload: body })).status, 202);
  assert.equal((await alertsOf(t, integration.id)).length, 3);
});

for (const name of ['pdjs.json', 'pdpyras.json'])
  test(`the official client’s requests (${name}) are accepted: trigger, acknowledge, resolve, change`, async () => {
    const { integration, key } = await createIntegration(t, { name: `Client ${name}`, type: 'pagerduty' });
    const { requests } = fixture(name);
    assert.deepEqual(
      requests.map((r) => r.name),
      ['trigger', 'acknowledge', 'resolve', 'change'],
    );
    const statuses: string[] = [];
    for (const r of requests) {
      const res = await replay(r, key);
      assert.equal(res.status, 202, `${r.name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.status, 'success');
      if (r.name !== 'change') assert.equal(res.body.dedup_key, 'checkout/db-latency');
      const [alert] = await alertsOf(t, integration.id);
      statuses.push(alert!.status);
    }
    assert.deepEqual(statuses, ['firing', 'acknowledged', 'resolved', 'resolved']);
    const changes = await t.call('admin', {
      method: 'GET',
      url: `/api/v1/integrations/${integration.id}/changes`,
    });
    assert.equal(changes.body.items[0].summary, 'Deploy checkout v2.14.0');
  });
