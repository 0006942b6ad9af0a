/**
 * Which paths an integration answers on (issue #18, items 1 and 15): a signed integration refuses
 * every unsigned path, each type is reachable only through the paths it sends on, and Grafana's
 * webhook is accepted with PUT as with POST, with its optional HMAC signature checked.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { signStandardWebhook } from '../../src/signing/standard-webhooks.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { alertsOf, createIntegration, postRaw, refusedOf } from '../helpers/signals-api.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const enqueue = (payload: object) => t.call(null, { method: 'POST', url: '/v2/enqueue', payload });

test('a signed integration refuses unsigned PagerDuty events: no trigger, and no resolve of its signed alert', async () => {
  const secret = `whsec_${Buffer.from('another-secret-signing-key-98765').toString('base64')}`;
  const { integration, key } = await createIntegration(t, {
    name: 'Signed shop',
    type: 'generic',
    signingSecret: secret,
    mapping: { title: '$.title', dedupKey: '$.id', status: '$.state', resolvedValues: ['ok'] },
  });
  const body = JSON.stringify({ title: 'Checkout down', id: 'shop-1', state: 'alerting' });
  const ts = Math.floor(t.clock.now().getTime() / 1000);
  const signed = await postRaw(t, `/api/v1/hooks/${key}`, body, {
    'webhook-id': 'msg_p1',
    'webhook-timestamp': String(ts),
    'webhook-signature': signStandardWebhook(secret, 'msg_p1', ts, body),
  });
  assert.equal(signed.status, 202, JSON.stringify(signed.body));

  const trigger = await enqueue({
    routing_key: key,
    event_action: 'trigger',
    dedup_key: 'forged-1',
    payload: { summary: 'Forged', source: 'attacker', severity: 'critical' },
  });
  assert.equal(trigger.status, 400);
  assert.equal(trigger.body.status, 'invalid event');
  const resolve = await enqueue({ routing_key: key, event_action: 'resolve', dedup_key: 'shop-1' });
  assert.equal(resolve.status, 400);
  const change = await t.call(null, {
    method: 'POST',
    url: '/v2/change/enqueue',
    payload: { routing_key: key, payload: { summary: 'Forged deploy' } },
  });
  assert.equal(change.status, 400);

  const alerts = await alertsOf(t, integration.id);
  assert.deepEqual(
    alerts.map((a) => [a.dedupKey, a.status]),
    [['shop-1', 'firing']],
  );
  const refused = await refusedOf(t, integration.id);
  assert.equal(refused.length, 3);
});

test('a Sentry integration is not reachable through /v2/enqueue, signed or not', async () => {
  const signedSentry = await createIntegration(t, {
    name: 'Sentry signed',
    type: 'sentry',
    signingSecret: 'sentry-client-secret',
  });
  const plainSentry = await createIntegration(t, { name: 'Sentry plain', type: 'sentry' });
  for (const { integration, key } of [signedSentry, plainSentry]) {
    const res = await enqueue({
      routing_key: key,
      event_action: 'trigger',
      payload: { summary: 'Not from Sentry', source: 'x', severity: 'error' },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(await alertsOf(t, integration.id), []);
  }
});

test('a signing secret is refused for a type that cannot check it, and a PagerDuty key works on /v2', async () => {
  const bad = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'PD signed', type: 'pagerduty', signingSecret: 'a-secret-nobody-checks' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, 'body.signingSecret');
  const pd = await createIntegration(t, { name: 'PD', type: 'pagerduty' });
  const patch = await t.call('admin', {
    method: 'PATCH',
    url: `/api/v1/integrations/${pd.integration.id}`,
    payload: { signingSecret: 'a-secret-nobody-checks' },
  });
  assert.equal(patch.status, 400);
  assert.equal(patch.body.error.details[0].field, 'body.signingSecret');
  const ok = await enqueue({
    routing_key: pd.key,
    event_action: 'trigger',
    dedup_key: 'pd-1',
    payload: { summary: 'Disk full', source: 'db-1', severity: 'warning' },
  });
  assert.equal(ok.status, 202);
});

const grafanaBody = readFileSync(
  new URL('../../src/signals/integrations/fixtures/grafana-firing.json', import.meta.url),
  'utf8',
);

test('Grafana: PUT is accepted like POST; other types refuse PUT', async () => {
  const { integration, key } = await createIntegration(t, { name: 'Grafana PUT', type: 'grafana' });
  const put = await postRaw(t, `/api/v1/hooks/${key}`, grafanaBody, {}, 'PUT');
  assert.equal(put.status, 202, JSON.stringify(put.body));
  assert.equal(put.body.signals, 2);
  assert.equal((await alertsOf(t, integration.id)).length, 2);
  const am = await createIntegration(t, { name: 'AM PUT', type: 'alertmanager' });
  const refused = await postRaw(t, `/api/v1/hooks/${am.key}`, grafanaBody, {}, 'PUT');
  assert.equal(refused.status, 400);
});

test('Grafana HMAC: body signature, timestamp:body signature, forged and stale ones refused', async () => {
  const secret = 'grafana-hmac-secret';
  const { integration, key } = await createIntegration(t, {
    name: 'Grafana signed',
    type: 'grafana',
    signingSecret: secret,
  });
  const hex = (data: string) => createHmac('sha256', secret).update(data).digest('hex');
  const url = `/api/v1/hooks/${key}`;
  const unsigned = await postRaw(t, url, grafanaBody);
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.body.error.details[0].field, 'headers.x-grafana-alerting-signature');
  const forged = await postRaw(t, url, grafanaBody, { 'X-Grafana-Alerting-Signature': hex('other') });
  assert.equal(forged.status, 401);
  const bodyOnly = await postRaw(
    t,
    url,
    grafanaBody,
    { 'X-Grafana-Alerting-Signature': hex(grafanaBody) },
    'PUT',
  );
  assert.equal(bodyOnly.status, 202, JSON.stringify(bodyOnly.body));
  const now = Math.floor(t.clock.now().getTime() / 1000);
  const withTs = await postRaw(t, url, grafanaBody, {
    'X-Grafana-Alerting-Signature': hex(`${now}:${grafanaBody}`),
    'X-Grafana-Alerting-Timestamp': String(now),
  });
  assert.equal(withTs.status, 202, JSON.stringify(withTs.body));
  const stale = now - 3600;
  const replayed = await postRaw(t, url, grafanaBody, {
    'X-Grafana-Alerting-Signature': hex(`${stale}:${grafanaBody}`),
    'X-Grafana-Alerting-Timestamp': String(stale),
  });
  assert.equal(replayed.status, 401);
  assert.equal(replayed.body.error.details[0].field, 'headers.x-grafana-alerting-timestamp');
  const viaPagerDuty = await enqueue({
    routing_key: key,
    event_action: 'resolve',
    dedup_key: 'c6eadffa33fcdf37',
  });
  assert.equal(viaPagerDuty.status, 400);
  assert.ok((await alertsOf(t, integration.id)).every((a) => a.status === 'firing'));
  assert.equal((await refusedOf(t, integration.id)).length, 4);
});
