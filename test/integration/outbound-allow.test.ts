/**
 * The admin-kept outbound allow-list: only admins read and change it, entries are stored in one
 * spelling, changes are audited, and an entry lets a contact method reach a host the policy would
 * otherwise refuse — while the configuration's own list stays as it is.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startWebhookSink, type WebhookSink } from '../helpers/fakes/webhook-sink.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let t: TestApp;
let sink: WebhookSink;

before(async () => {
  sink = await startWebhookSink({ secret });
  t = await createTestApp({
    env: { EXPEDITE_OUTBOUND_ALLOW: 'relay.internal.example', EXPEDITE_WEBHOOK_SECRET: secret },
  });
});
after(async () => {
  await t.close();
  await sink.close();
});

test('only admins read or change the allow-list', async () => {
  for (const role of ['responder', 'support', 'stakeholder'] as const) {
    assert.equal((await t.call(role, { method: 'GET', url: '/api/v1/outbound/allow' })).status, 403);
    const add = await t.call(role, {
      method: 'POST',
      url: '/api/v1/outbound/allow',
      payload: { entry: '127.0.0.1' },
    });
    assert.equal(add.status, 403);
  }
});

test('entries are stored in one spelling; a bad one is a 400 naming the field', async () => {
  const added = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/outbound/allow',
    payload: { entry: 'Hooks.Internal.Example.:8443', note: 'chat relay' },
  });
  assert.equal(added.status, 201);
  assert.equal(added.body.entry, 'hooks.internal.example:8443');
  assert.equal(added.body.note, 'chat relay');
  const short = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/outbound/allow',
    payload: { entry: '127.1' },
  });
  assert.equal(short.body.entry, '127.0.0.1');

  for (const entry of ['http://x.example/', 'a b', 'x.example:0', 'x.example:70000', '[zz]']) {
    const bad = await t.call('admin', { method: 'POST', url: '/api/v1/outbound/allow', payload: { entry } });
    assert.equal(bad.status, 400, entry);
    assert.equal(bad.body.error.message, 'body.entry: not a host or host:port', entry);
  }

  const list = await t.call('admin', { method: 'GET', url: '/api/v1/outbound/allow' });
  assert.deepEqual(
    list.body.items.map((i: { entry: string }) => i.entry),
    ['127.0.0.1', 'hooks.internal.example:8443'],
  );
  assert.deepEqual(list.body.fromConfig, ['relay.internal.example']);

  const gone = await t.call('admin', {
    method: 'DELETE',
    url: `/api/v1/outbound/allow/${encodeURIComponent('hooks.internal.example:8443')}`,
  });
  assert.deepEqual([gone.status, gone.body], [200, { ok: true }]);
  const again = await t.call('admin', {
    method: 'DELETE',
    url: `/api/v1/outbound/allow/${encodeURIComponent('hooks.internal.example:8443')}`,
  });
  assert.equal(again.status, 404);
  await t.call('admin', { method: 'DELETE', url: '/api/v1/outbound/allow/127.0.0.1' });

  const { rows } = await t.db.pool.query(
    "SELECT action, target FROM audit_log WHERE action LIKE 'outbound.%' ORDER BY id",
  );
  assert.deepEqual(rows, [
    { action: 'outbound.allow', target: 'outbound:hooks.internal.example:8443' },
    { action: 'outbound.allow', target: 'outbound:127.0.0.1' },
    { action: 'outbound.disallow', target: 'outbound:hooks.internal.example:8443' },
    { action: 'outbound.disallow', target: 'outbound:127.0.0.1' },
  ]);
});

test('an admin entry lets a webhook reach an internal host; removing it refuses it again', async () => {
  const url = sink.url('/hook');
  const port = new URL(url).port;
  const addMethod = () =>
    t.call('responder', {
      method: 'POST',
      url: '/api/v1/me/contact-methods',
      payload: { kind: 'webhook', address: url, label: 'relay' },
    });

  const refused = await addMethod();
  assert.equal(refused.status, 400);
  assert.equal(
    refused.body.error.message,
    `address: could not send to ${url}: webhook to Responder: only https URLs are accepted (http only to allow-listed hosts)`,
  );
  assert.equal(sink.deliveries.length, 0);

  await t.call('admin', {
    method: 'POST',
    url: '/api/v1/outbound/allow',
    payload: { entry: `127.0.0.1:${port}` },
  });
  const ok = await addMethod();
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(sink.deliveries.length, 1);
  assert.deepEqual(sink.violations, []);

  await t.call('admin', { method: 'DELETE', url: `/api/v1/outbound/allow/127.0.0.1%3A${port}` });
  assert.equal((await addMethod()).status, 400);
  assert.equal(sink.deliveries.length, 1);
});
