/**
 * Signals in, through the HTTP API on a real database: integrations and their keys, Alertmanager
 * and PagerDuty-compatible deliveries, dedup, grouping into incidents, thresholds, silences,
 * redelivery, refusals (400 recorded, 401, 404, 413, 429) and the incident's signals.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signStandardWebhook } from '../../src/signing/standard-webhooks.ts';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

async function createIntegration(body: Record<string, unknown>) {
  const res = await t.call('admin', { method: 'POST', url: '/api/v1/integrations', payload: body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { integration: { id: string }; key: string; url: string; pagerDutyUrl: string };
}

const hook = (key: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.call(null, { method: 'POST', url: `/api/v1/hooks/${key}`, payload: payload as object, headers });

async function alertsOf(integrationId: string) {
  const res = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${integrationId}/alerts?limit=500`,
  });
  assert.equal(res.status, 200);
  return res.body.items as {
    id: string;
    dedupKey: string;
    status: string;
    eventCount: number;
    incidentId: string | null;
    suppressedBy: string | null;
  }[];
}

test('only admins manage integrations; the key is shown once and only its hint afterwards', async () => {
  const denied = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'x', type: 'generic' },
  });
  assert.equal(denied.status, 403);
  const bad = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'x', type: 'nagios' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, 'body.type');
  const badMapping = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'x', type: 'generic', mapping: { title: '$.a[?(@.x)]', dedupKey: '$.id' } },
  });
  assert.equal(badMapping.status, 400);
  assert.equal(badMapping.body.error.details[0].field, 'body.mapping.title');

  const made = await createIntegration({ name: 'Prometheus', type: 'alertmanager', service: 'Checkout' });
  assert.match(made.key, /^exi_/);
  assert.equal(made.url, `http://127.0.0.1:8080/api/v1/hooks/${made.key}`);
  const got = await t.call('admin', { method: 'GET', url: `/api/v1/integrations/${made.integration.id}` });
  assert.equal(got.status, 200);
  assert.equal(got.body.service.name, 'Checkout');
  assert.equal(got.body.keyHint, `…${made.key.slice(-4)}`);
  assert.ok(!JSON.stringify(got.body).includes(made.key));
});

test('Alertmanager: fire, repeat, resolve → one alert counted twice, one incident, resolved at the source', async () => {
  const { integration, key } = await createIntegration({ name: 'Prometheus 1', type: 'alertmanager' });
  const fire = await hook(key, amPayload('firing', [{ name: 'HighErrorRate', fp: 'a1b2' }]));
  assert.equal(fire.status, 202, JSON.stringify(fire.body));
  assert.equal(fire.body.signals, 1);
  assert.equal((await hook(key, amPayload('firing', [{ name: 'HighErrorRate', fp: 'a1b2' }]))).status, 202);

  let alerts = await alertsOf(integration.id);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.eventCount, 2);
  const incidentId = alerts[0]!.incidentId!;
  assert.ok(incidentId);
  const incident = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}` });
  assert.equal(incident.body.status, 'triage');
  assert.equal(incident.body.urgency, 'P1', 'critical severity → P1');
  assert.equal(incident.body.title, 'HighErrorRate on checkout');
  assert.deepEqual(incident.body.origin, {
    kind: 'alert',
    integrationId: integration.id,
    integrationName: 'Prometheus 1',
    ruleId: 'default',
    groupKey: '{}:{alertname="HighErrorRate"}',
  });

  assert.equal((await hook(key, amPayload('resolved', [{ name: 'HighErrorRate', fp: 'a1b2' }]))).status, 202);
  alerts = await alertsOf(integration.id);
  assert.equal(alerts[0]!.status, 'resolved');
  const after = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}` });
  assert.equal(after.body.status, 'resolved');
  assert.match(after.body.resolutionSummary, /Resolved at the source/);
  const timeline = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incidentId}/timeline`,
  });
  const kinds = timeline.body.items.map((e: { kind: string }) => e.kind);
  assert.deepEqual(kinds, ['declared', 'alerts', 'resolved']);

  const signals = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incidentId}/signals`,
  });
  assert.equal(signals.status, 200);
  assert.equal(signals.body.alertsTotal, 1);
  assert.deepEqual(signals.body.rate, [{ minute: '2026-03-01T09:00:00.000Z', count: 3 }]);
  assert.equal(signals.body.alerts[0].integrationName, 'Prometheus 1');
  assert.equal(signals.body.alerts[0].links[0].href, 'http://prometheus.example:9090/graph?g0.expr=up');

  // Each signal is stored with its payload, the alert as sent: the first fire (written with the
  // incident it opened), the repeat (the one-statement path) and the resolve (the transaction).
  const stored = await t.db.pool.query<{ action: string; payload: unknown }>(
    'SELECT action, payload FROM signals WHERE integration_id = $1 ORDER BY id',
    [integration.id],
  );
  const firing = amPayload('firing', [{ name: 'HighErrorRate', fp: 'a1b2' }]).alerts[0];
  const resolved = amPayload('resolved', [{ name: 'HighErrorRate', fp: 'a1b2' }]).alerts[0];
  assert.deepEqual(stored.rows, [
    { action: 'trigger', payload: firing },
    { action: 'trigger', payload: firing },
    { action: 'resolve', payload: resolved },
  ]);

  // Firing again after the incident resolved opens a new incident.
  await hook(key, amPayload('firing', [{ name: 'HighErrorRate', fp: 'a1b2' }]));
  alerts = await alertsOf(integration.id);
  assert.equal(alerts.length, 2);
  const reopened = alerts.find((a) => a.status === 'firing')!;
  assert.notEqual(reopened.incidentId, incidentId);
});

test('an owned incident is not resolved by the source; the timeline says the alerts recovered', async () => {
  const { integration, key } = await createIntegration({ name: 'Prometheus 2', type: 'alertmanager' });
  await hook(key, amPayload('firing', [{ name: 'DiskFull', fp: 'd1' }]));
  const [alert] = await alertsOf(integration.id);
  const own = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${alert!.incidentId}/ownership`,
    payload: {},
  });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  await hook(key, amPayload('resolved', [{ name: 'DiskFull', fp: 'd1' }]));
  const incident = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${alert!.incidentId}`,
  });
  assert.equal(incident.body.status, 'triage');
  const timeline = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${alert!.incidentId}/timeline`,
  });
  const last = timeline.body.items.at(-1);
  assert.equal(last.kind, 'alerts');
  assert.equal(last.data.resolved, 1);
  assert.equal(last.data.open, 0);
});

test('PagerDuty Events v2: trigger, repeat, acknowledge, resolve with the vendor’s responses', async () => {
  const { integration, key } = await createIntegration({ name: 'Datadog', type: 'pagerduty' });
  const event = {
    routing_key: key,
    event_action: 'trigger',
    dedup_key: 'srv01/HTTP',
    payload: { summary: 'HTTP 500s on srv01', source: 'srv01', severity: 'error', group: 'web' },
  };
  const first = await t.call(null, { method: 'POST', url: '/v2/enqueue', payload: event });
  assert.equal(first.status, 202);
  assert.deepEqual(first.body, { status: 'success', message: 'Event processed', dedup_key: 'srv01/HTTP' });
  await t.call(null, { method: 'POST', url: '/v2/enqueue', payload: event });
  const noKey = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: {
      routing_key: key,
      event_action: 'trigger',
      payload: { summary: 'x', source: 'y', severity: 'error' },
    },
  });
  assert.equal(noKey.status, 202);
  assert.ok(noKey.body.dedup_key, 'a dedup_key is generated when none is given');

  const ack = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: { routing_key: key, event_action: 'acknowledge', dedup_key: 'srv01/HTTP' },
  });
  assert.equal(ack.status, 202);
  let alerts = await alertsOf(integration.id);
  const main = alerts.find((a) => a.eventCount === 2)!;
  assert.equal(main.status, 'acknowledged');
  const invalid = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: {
      routing_key: key,
      event_action: 'trigger',
      payload: { summary: 'x', source: 'y', severity: 'urgent' },
    },
  });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.status, 'invalid event');
  assert.match(invalid.body.errors[0], /severity/);
  const unknown = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: { ...event, routing_key: 'exi_nope' },
  });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.errors[0], /routing_key/);

  await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    payload: { routing_key: key, event_action: 'resolve', dedup_key: 'srv01/HTTP' },
  });
  alerts = await alertsOf(integration.id);
  assert.equal(alerts.find((a) => a.id === main.id)!.status, 'resolved');
});

test('malformed deliveries get 400 naming the field and are kept for admins; wrong keys 404', async () => {
  const { integration, key } = await createIntegration({ name: 'Prometheus 3', type: 'alertmanager' });
  const res = await hook(key, { version: '4', status: 'firing', alerts: [{ labels: {} }] });
  assert.equal(res.status, 400);
  assert.match(res.body.error.details[0].field, /^body\.alerts\[0\]/);
  t.clock.advance(1000);
  const notJson = await t.call(null, {
    method: 'POST',
    url: `/api/v1/hooks/${key}`,
    payload: '{"version": "4", ',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(notJson.status, 400);
  assert.match(notJson.body.error.message, /not valid JSON/);
  const refused = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${integration.id}/deliveries?refused=true`,
  });
  assert.equal(refused.body.items.length, 2);
  assert.equal(refused.body.items[0].body, '{"version": "4", ');
  assert.equal(refused.body.items[0].outcome, 'rejected');
  assert.equal((await hook('exi_unknown', amPayload('firing', []))).status, 404);
  const huge = await hook(key, { pad: 'x'.repeat(1024 * 1024) });
  assert.equal(huge.status, 413);
});

test('a generic webhook with Standard Webhooks signatures: bad signature 401, redelivery counted once', async () => {
  const secret = `whsec_${Buffer.from('a-very-secret-signing-key-123456').toString('base64')}`;
  const { integration, key } = await createIntegration({
    name: 'Shop backend',
    type: 'generic',
    signingSecret: secret,
    mapping: {
      title: '$.title',
      dedupKey: '$.id',
      severity: '$.level',
      status: '$.state',
      resolvedValues: ['ok'],
    },
  });
  const body = JSON.stringify({
    title: 'Payment provider timeouts',
    id: 'pay-1',
    level: 'error',
    state: 'alerting',
  });
  const ts = Math.floor(t.clock.now().getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(ts),
    'webhook-signature': signStandardWebhook(secret, 'msg_1', ts, body),
  };
  const send = (h: Record<string, string>) =>
    t.call(null, { method: 'POST', url: `/api/v1/hooks/${key}`, payload: body, headers: h });
  const forged = await send({ ...headers, 'webhook-signature': 'v1,AAAA' });
  assert.equal(forged.status, 401);
  const first = await send(headers);
  assert.equal(first.status, 202);
  assert.equal(first.body.duplicate, false);
  const again = await send(headers);
  assert.equal(again.status, 202);
  assert.equal(again.body.duplicate, true);
  const alerts = await alertsOf(integration.id);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.eventCount, 1);
  const refused = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${integration.id}/deliveries?refused=true`,
  });
  assert.equal(refused.body.items[0].outcome, 'unauthorized');
});

test('a threshold rule opens the incident only when the metric confirms it; silences hold signals back', async () => {
  const { integration, key } = await createIntegration({
    name: 'Errors',
    type: 'generic',
    rules: [
      {
        id: 'checkout',
        name: 'Checkout errors',
        match: { labels: { service: 'checkout' } },
        classification: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
        urgency: 'from-policy',
        threshold: { count: 3, windowMinutes: 5 },
      },
    ],
  });
  const send = (id: string, labels: Record<string, string>) =>
    hook(key, { title: 'Checkout 500', dedup_key: id, severity: 'error', labels });
  await send('e1', { service: 'checkout' });
  await send('e2', { service: 'checkout' });
  assert.ok(
    (await alertsOf(integration.id)).every((a) => a.incidentId === null),
    'not confirmed yet',
  );
  await send('e3', { service: 'checkout' });
  const alerts = await alertsOf(integration.id);
  assert.equal(new Set(alerts.map((a) => a.incidentId)).size, 1);
  const incident = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${alerts[0]!.incidentId}`,
  });
  assert.equal(incident.body.tagline, 'ALL-USERS-FBLOCK-BE: Checkout 500');
  assert.equal(incident.body.urgency, 'P2', 'from the urgency policy');

  const silence = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/silences',
    payload: {
      integrationId: integration.id,
      matchers: { service: '/search|catalog/' },
      endsAt: '2026-03-01T10:00:00Z',
      reason: 'Known: reindexing',
    },
  });
  assert.equal(silence.status, 201, JSON.stringify(silence.body));
  await send('s1', { service: 'search' });
  const silenced = (await alertsOf(integration.id)).find((a) => a.suppressedBy !== null)!;
  assert.equal(silenced.suppressedBy, `silence:${silence.body.id}`);
  assert.equal(silenced.incidentId, null);
  const cancelled = await t.call('admin', { method: 'DELETE', url: `/api/v1/silences/${silence.body.id}` });
  assert.equal(cancelled.body.cancelled, true);
});

test('an alert storm collapses into one incident per group with one page each', async () => {
  const { integration, key } = await createIntegration({
    name: 'Storm',
    type: 'pagerduty',
    rateLimitPerMinute: 1_000_000,
  });
  const sends = [];
  for (let i = 0; i < 600; i++) {
    sends.push(
      t.call(null, {
        method: 'POST',
        url: '/v2/enqueue',
        payload: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: `host-${i % 150}`,
          payload: {
            summary: `Host ${i % 150} down`,
            source: `host-${i % 150}`,
            severity: 'critical',
            group: `rack-${i % 5}`,
          },
        },
      }),
    );
  }
  const results = await Promise.all(sends);
  assert.ok(results.every((r) => r.status === 202));
  const alerts = await alertsOf(integration.id);
  assert.equal(
    alerts.reduce((n, a) => n + a.eventCount, 0),
    600,
    'every signal counted',
  );
  assert.equal(alerts.length, 150);
  const incidents = new Set(alerts.map((a) => a.incidentId));
  assert.equal(incidents.size, 5);
  const pages = await t.db.pool.query<{ n: number }>(
    'SELECT count(*) AS n FROM page_requests WHERE incident_id = ANY($1)',
    [[...incidents]],
  );
  assert.equal(pages.rows[0]!.n, 5);
  const stored = await t.db.pool.query<{ n: number }>(
    'SELECT count(*) AS n FROM signals WHERE integration_id = $1',
    [integration.id],
  );
  assert.equal(stored.rows[0]!.n, 600);
});

test('rate limits answer 429 with Retry-After; rotating the key retires the old one', async () => {
  const { integration, key } = await createIntegration({
    name: 'Slow',
    type: 'alertmanager',
    rateLimitPerMinute: 6,
  });
  const payload = amPayload('firing', [{ name: 'X', fp: 'x1' }]);
  assert.equal((await hook(key, payload)).status, 202);
  const limited = await hook(key, payload);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers['retry-after']) >= 1);

  const rotated = await t.call('admin', {
    method: 'POST',
    url: `/api/v1/integrations/${integration.id}/rotate-key`,
  });
  assert.equal(rotated.status, 200);
  assert.notEqual(rotated.body.key, key);
  assert.equal((await hook(key, payload)).status, 404);
});

test('no adapter answers 5xx to junk, and NUL characters are stored safely', async () => {
  const junk: unknown[] = [
    null,
    [],
    'text',
    42,
    {},
    { alerts: 'x' },
    { alerts: [null] },
    { event: { issue: 7 } },
    { error: [] },
  ];
  for (const type of ['alertmanager', 'pagerduty', 'grafana', 'sentry', 'bugsnag', 'generic']) {
    const { key } = await createIntegration({ name: `Junk ${type}`, type, rateLimitPerMinute: 100_000 });
    for (const body of junk) {
      const res = await hook(key, body);
      assert.ok(
        res.status === 400 || res.status === 202,
        `${type} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
  }
  const { integration, key } = await createIntegration({ name: 'NUL', type: 'generic' });
  const res = await hook(key, {
    title: 'bad\u0000byte',
    dedup_key: 'n\u00001',
    labels: { 'k\u0000': 'v\u0000' },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const [alert] = await alertsOf(integration.id);
  assert.equal(alert!.dedupKey, 'n\uFFFD1');
});

test('one delivery that fires, resolves and fires a key again leaves one resolved and one firing alert', async () => {
  const { integration, key } = await createIntegration({
    name: 'Batch sender',
    type: 'generic',
    mapping: {
      items: '$.events[*]',
      title: '$.title',
      dedupKey: '$.key',
      status: '$.state',
      resolvedValues: ['ok'],
    },
  });
  const events = ['firing', 'ok', 'firing'].map((state) => ({
    key: 'flappy',
    title: 'Flapping check',
    state,
  }));
  const res = await hook(key, { events });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.signals, 3);
  const alerts = await alertsOf(integration.id);
  assert.deepEqual(alerts.map((a) => a.status).sort(), ['firing', 'resolved']);
});
