/**
 * No depth or shape of JSON a sender can post yields a 5xx (issue #18, item 9): a body nested
 * thousands deep, or holding lone UTF-16 surrogates, is refused with 400 and kept as a refused
 * delivery, or stored cleaned, on every path and for every integration type.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { alertsOf, createIntegration, postRaw, refusedOf } from '../helpers/signals-api.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const types = ['alertmanager', 'pagerduty', 'grafana', 'sentry', 'bugsnag', 'generic'];

/** `{"a":{"a":…}}` nested `depth` deep, with `inner` at the bottom. */
const nested = (depth: number, inner = '1') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);

test('a valid event whose details nest 5,000 deep is refused with 400 and kept, not answered 500', async () => {
  const generic = await createIntegration(t, {
    name: 'Deep details',
    type: 'generic',
    mapping: { title: '$.title', dedupKey: '$.id' },
  });
  const res = await postRaw(
    t,
    `/api/v1/hooks/${generic.key}`,
    `{"title":"t","id":"d1","extra":${nested(5000)}}`,
  );
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.details[0].field, 'body');
  const pd = await createIntegration(t, { name: 'Deep details PD', type: 'pagerduty' });
  const event = `{"routing_key":"${pd.key}","event_action":"trigger","payload":{"summary":"x","source":"y","severity":"error","custom_details":{"x":${nested(5000)}}}}`;
  const viaV2 = await postRaw(t, '/v2/enqueue', event);
  assert.equal(viaV2.status, 400, JSON.stringify(viaV2.body));
  assert.deepEqual(
    (await refusedOf(t, generic.integration.id)).map((d) => d.error),
    ['body: nested deeper than 64 levels of arrays and objects'],
  );
  assert.equal((await refusedOf(t, pd.integration.id)).length, 1);
});

test('any payload nested 5,000 deep is refused with 400 and kept, for every type and path', async () => {
  for (const type of types) {
    const { integration, key } = await createIntegration(t, { name: `Deep ${type}`, type });
    for (const body of [nested(5000), '['.repeat(5000) + ']'.repeat(5000), `{"labels":${nested(100_000)}}`]) {
      const res = await postRaw(t, `/api/v1/hooks/${key}`, body);
      assert.equal(res.status, 400, `${type}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.details[0].field, 'body');
      assert.match(res.body.error.message, /nested deeper than 64 levels/);
    }
    const refused = await refusedOf(t, integration.id);
    assert.equal(refused.length, 3, type);
    assert.equal(refused[0]!.outcome, 'rejected');
  }
  const pd = await createIntegration(t, { name: 'Deep PD', type: 'pagerduty' });
  const deepEvent = `{"routing_key":"${pd.key}","event_action":"trigger","payload":{"summary":"x","source":"y","severity":"error","custom_details":${nested(5000)}}}`;
  for (const url of ['/v2/enqueue', '/v2/change/enqueue']) {
    const res = await postRaw(t, url, deepEvent);
    assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.status, 'invalid event');
    assert.match(res.body.errors[0], /nested deeper than 64 levels/);
  }
  assert.equal((await refusedOf(t, pd.integration.id)).length, 2);
});

test('a payload 60 deep is accepted', async () => {
  const { integration, key } = await createIntegration(t, {
    name: 'Deep but fine',
    type: 'generic',
    mapping: { title: '$.title', dedupKey: '$.id' },
  });
  const res = await postRaw(t, `/api/v1/hooks/${key}`, `{"title":"t","id":"d1","extra":${nested(60)}}`);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal((await alertsOf(t, integration.id)).length, 1);
});

test('lone surrogates in keys, values and labels are stored as U+FFFD, not answered with 500', async () => {
  const { integration, key } = await createIntegration(t, {
    name: 'Surrogates',
    type: 'generic',
    mapping: { title: '$.title', dedupKey: '$.id', labels: '$.labels' },
  });
  const body =
    '{"title":"half \\ud800 pair","id":"s\\udc001","labels":{"k\\ud83d":"v\\ude00"},"x":{"\\udfff":"\\ud800"}}';
  const res = await postRaw(t, `/api/v1/hooks/${key}`, body);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const [alert] = await alertsOf(t, integration.id);
  assert.equal(alert!.dedupKey, 's\uFFFD1');
  const pd = await createIntegration(t, { name: 'Surrogates PD', type: 'pagerduty' });
  const event = `{"routing_key":"${pd.key}","event_action":"trigger","dedup_key":"p\\ud800","payload":{"summary":"\\udc00","source":"y","severity":"info","custom_details":{"\\ud800":1}}}`;
  const enq = await postRaw(t, '/v2/enqueue', event);
  assert.equal(enq.status, 202, JSON.stringify(enq.body));
  const change = `{"routing_key":"${pd.key}","payload":{"summary":"deploy \\ud800","custom_details":{"\\udc00":"\\ud800"}}}`;
  const chg = await postRaw(t, '/v2/change/enqueue', change);
  assert.equal(chg.status, 202, JSON.stringify(chg.body));
});
