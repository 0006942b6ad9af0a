import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('client mistakes get 4xx in the one error shape, never a 500', async () => {
  const headers = { authorization: `Bearer ${t.users.responder.token}`, 'content-type': 'application/json' };
  const badJson = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers,
    payload: '{"title": ',
  });
  assert.equal(badJson.statusCode, 400);
  assert.equal(badJson.json().error.code, 'invalid_request');

  const huge = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers,
    payload: JSON.stringify({ title: 'x', description: 'y'.repeat(1_100_000) }),
  });
  assert.equal(huge.statusCode, 413);
  assert.equal(huge.json().error.code, 'payload_too_large');

  const form = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'title=x',
  });
  assert.equal(form.statusCode, 415);
  assert.equal(form.json().error.code, 'unsupported_media_type');

  const nowhere = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers });
  assert.equal(nowhere.statusCode, 404);
  assert.equal(nowhere.json().error.code, 'not_found');

  const wrongType = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers,
    payload: JSON.stringify({ title: 42, lifespan: { startedAt: 'yesterday' } }),
  });
  assert.equal(wrongType.statusCode, 400);
  assert.deepEqual(
    wrongType
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .sort(),
    ['body.lifespan.startedAt', 'body.title'],
  );

  const hugeNumber = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/99999999999999', headers });
  assert.ok([400, 404].includes(hugeNumber.statusCode));
  const badCursor = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?cursor=abc', headers });
  assert.equal(badCursor.statusCode, 400);
  const badLimit = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?limit=100000', headers });
  assert.equal(badLimit.statusCode, 400);
  assert.equal(badLimit.json().error.details[0].field, 'querystring.limit');
});

test('every response carries a request id; a given one is echoed', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(res.headers['x-request-id'], 'abc-123');
  const fresh = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

test('health is 503 until the server says ready, and every API route with it', async () => {
  const readiness = { ready: false };
  const app = await buildApp(t.app.deps, { readiness });
  try {
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 503);
    const api = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
    assert.equal(api.statusCode, 503);
    assert.equal(api.json().error.code, 'unavailable');
    readiness.ready = true;
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('metrics in Prometheus text: HTTP latency, DB pool, incidents by status', async () => {
  await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload: { title: 'Metric me' } });
  const res = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${t.users.admin.token}` },
  });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/plain/);
  assert.match(res.body, /expedite_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/incidents".*\}/);
  assert.match(res.body, /expedite_db_pool_connections\{state="total"\} \d+/);
  assert.match(res.body, /expedite_incidents\{status="triage"\} [1-9]/);
});

test('the OpenAPI 3.1 document describes every API route', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  const apiRoutes = t.app.routeTable.filter(
    (r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json',
  );
  for (const r of apiRoutes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    assert.ok(op, `${r.method} ${path} is documented`);
    assert.ok(op.summary, `${r.method} ${path} has a summary`);
    assert.ok(op.responses, `${r.method} ${path} documents responses`);
    assert.ok(op.responses['503'], `${r.method} ${path} documents the 503 of a database out of reach`);
  }
  assert.ok(doc.components.schemas.Incident, 'shared schemas are components');
  const declareRef: string =
    doc.paths['/api/v1/incidents'].post.requestBody.content['application/json'].schema.$ref;
  const declareSchema = doc.components.schemas[declareRef.split('/').pop()!];
  assert.match(
    JSON.stringify(declareSchema.examples ?? declareSchema.example),
    /Clicking on user details/,
    'declare has an example',
  );
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
});
