/**
 * The webhook URL that carries no secret (issue #19, item 7): `/api/v1/integrations/{id}/webhook`
 * takes the key in `Authorization: Bearer` or `X-Expedite-Key` and otherwise behaves as
 * `/api/v1/hooks/{key}`: signatures still checked, ingest paths per type, refused deliveries kept,
 * rate limits. A wrong or missing key is refused before anything is recorded.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { alertsOf, createIntegration, postRaw, refusedOf } from '../helpers/signals-api.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ env: { EXPEDITE_PUBLIC_URL: 'https://expedite.example.org' } });
});
after(async () => t.close());

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/signals/integrations/fixtures/${name}`, import.meta.url), 'utf8');
const amBody = fixture('alertmanager-firing.json');
const grafanaBody = fixture('grafana-firing.json');
const url = (id: string) => `/api/v1/integrations/${id}/webhook`;

test('the header webhook routes are public: the key, not a session, authenticates them', () => {
  const routes = t.app.routeTable.filter((r) => r.url === '/api/v1/integrations/:id/webhook');
  assert.deepEqual(
    routes.map((r) => [r.method, r.permission]),
    [
      ['POST', 'public'],
      ['PUT', 'public'],
    ],
  );
});

test('the API documents both webhook paths, and the key headers', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  assert.deepEqual(Object.keys(doc.paths['/api/v1/hooks/{key}']).sort(), ['post', 'put']);
  const header = doc.paths['/api/v1/integrations/{id}/webhook'];
  assert.deepEqual(Object.keys(header).sort(), ['post', 'put']);
  const names = header.post.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name);
  // OpenAPI leaves Authorization out of header parameters; the description names it.
  assert.deepEqual(names, ['x-expedite-key']);
  assert.match(header.post.description, /`Authorization: Bearer <key>` or\s+`X-Expedite-Key: <key>`/);
});

test('the integration shows its key-free webhook URL, and the right key in either header is accepted', async () => {
  const {
    integration,
    key,
    url: keyedUrl,
  } = await createIntegration(t, { name: 'AM', type: 'alertmanager' });
  const shown = await t.call('admin', { method: 'GET', url: `/api/v1/integrations/${integration.id}` });
  assert.equal(
    shown.body.webhookUrl,
    `https://expedite.example.org/api/v1/integrations/${integration.id}/webhook`,
  );
  assert.equal(keyedUrl, `https://expedite.example.org/api/v1/hooks/${key}`);

  const bearer = await postRaw(t, url(integration.id), amBody, { authorization: `Bearer ${key}` });
  assert.equal(bearer.status, 202, JSON.stringify(bearer.body));
  assert.equal(bearer.body.signals, 1);
  const own = await postRaw(t, url(integration.id), amBody, { 'x-expedite-key': key });
  assert.equal(own.status, 202, JSON.stringify(own.body));
  const alerts = await alertsOf(t, integration.id);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.eventCount, 2);
});

test('a wrong or missing key gets 401 and nothing is stored or recorded', async () => {
  const mine = await createIntegration(t, { name: 'Mine', type: 'alertmanager' });
  const other = await createIntegration(t, { name: 'Other', type: 'alertmanager' });
  const missing = await postRaw(t, url(mine.integration.id), amBody);
  assert.equal(missing.status, 401);
  assert.match(missing.body.error.message, /Authorization: Bearer <key>/);
  const basic = await postRaw(t, url(mine.integration.id), amBody, { authorization: `Basic ${mine.key}` });
  assert.equal(basic.status, 401);
  const othersKey = await postRaw(t, url(mine.integration.id), amBody, {
    authorization: `Bearer ${other.key}`,
  });
  assert.equal(othersKey.status, 401);
  assert.equal(othersKey.body.error.message, 'This key is not the key of this integration');
  const junk = await postRaw(t, url(mine.integration.id), amBody, { 'x-expedite-key': 'exi_not-a-key' });
  assert.equal(junk.status, 401);
  assert.deepEqual(await alertsOf(t, mine.integration.id), []);
  assert.deepEqual(await refusedOf(t, mine.integration.id), []);
  assert.deepEqual(await alertsOf(t, other.integration.id), []);

  const badId = await postRaw(t, '/api/v1/integrations/not-an-id/webhook', amBody, {
    authorization: `Bearer ${mine.key}`,
  });
  assert.equal(badId.status, 400);
});

test('a signed type still needs its signature, and the refusal is kept', async () => {
  const secret = 'grafana-hmac-secret';
  const { integration, key } = await createIntegration(t, {
    name: 'Grafana signed',
    type: 'grafana',
    signingSecret: secret,
  });
  const unsigned = await postRaw(t, url(integration.id), grafanaBody, { authorization: `Bearer ${key}` });
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.body.error.details[0].field, 'headers.x-grafana-alerting-signature');
  const refused = await refusedOf(t, integration.id);
  assert.equal(refused.length, 1);
  assert.equal(refused[0]!.outcome, 'unauthorized');
  const signature = createHmac('sha256', secret).update(grafanaBody).digest('hex');
  const signed = await postRaw(t, url(integration.id), grafanaBody, {
    authorization: `Bearer ${key}`,
    'x-grafana-alerting-signature': signature,
  });
  assert.equal(signed.status, 202, JSON.stringify(signed.body));
  assert.equal((await alertsOf(t, integration.id)).length, 2);
});

test('Grafana may PUT; other types refuse PUT with a kept refusal; malformed bodies are kept too', async () => {
  const grafana = await createIntegration(t, { name: 'Grafana PUT', type: 'grafana' });
  const put = await postRaw(
    t,
    url(grafana.integration.id),
    grafanaBody,
    { authorization: `Bearer ${grafana.key}` },
    'PUT',
  );
  assert.equal(put.status, 202, JSON.stringify(put.body));
  assert.equal(put.body.signals, 2);

  const am = await createIntegration(t, { name: 'AM PUT', type: 'alertmanager' });
  const refusedPut = await postRaw(t, url(am.integration.id), amBody, { 'x-expedite-key': am.key }, 'PUT');
  assert.equal(refusedPut.status, 400);
  const malformed = await postRaw(t, url(am.integration.id), '{"alerts": [', { 'x-expedite-key': am.key });
  assert.equal(malformed.status, 400);
  const refused = await refusedOf(t, am.integration.id);
  // Both arrive at the same instant of the test clock: compare them in body order.
  assert.deepEqual(
    refused.map((d) => [d.outcome, d.body]).sort((a, b) => a[1]!.length - b[1]!.length),
    [
      ['rejected', '{"alerts": ['],
      ['rejected', amBody],
    ],
  );
});

test('rate limits and disabling apply as on /hooks/{key}', async () => {
  const { integration, key } = await createIntegration(t, {
    name: 'Slow',
    type: 'alertmanager',
    rateLimitPerMinute: 6,
  });
  const headers = { authorization: `Bearer ${key}` };
  assert.equal((await postRaw(t, url(integration.id), amBody, headers)).status, 202);
  const limited = await postRaw(t, url(integration.id), amBody, headers);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers['retry-after']) >= 1);

  const off = await t.call('admin', {
    method: 'PATCH',
    url: `/api/v1/integrations/${integration.id}`,
    payload: { disabled: true },
  });
  assert.equal(off.status, 200);
  assert.equal((await postRaw(t, url(integration.id), amBody, headers)).status, 404);
});
