/**
 * Routing order through ingest: an integration's own rules are tried before its service's rules,
 * and the first match wins (the pure rule matching is unit-tested in src/signals/routing.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('the integration’s rules come before its service’s rules; the first match wins', async () => {
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: {
      name: 'Errors',
      type: 'generic',
      service: 'Payments',
      rules: [
        { id: 'int-checkout', name: 'Checkout opens', match: { labels: { service: 'checkout' } } },
        {
          id: 'int-drop-checkout',
          name: 'Never reached',
          match: { labels: { service: 'checkout' } },
          action: 'drop',
        },
      ],
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const got = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${made.body.integration.id}`,
  });
  const serviceId = got.body.service.id as string;
  const svc = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/services/${serviceId}`,
    payload: {
      name: 'Payments',
      rules: [{ id: 'svc-drop-all', name: 'Drop the rest', match: {}, action: 'drop' }],
    },
  });
  assert.equal(svc.status, 200, JSON.stringify(svc.body));

  const send = (id: string, service: string) =>
    t.call(null, {
      method: 'POST',
      url: `/api/v1/hooks/${made.body.key}`,
      payload: { title: `${service} 500`, dedup_key: id, severity: 'error', labels: { service } },
    });
  assert.equal((await send('a1', 'checkout')).status, 202);
  assert.equal((await send('a2', 'search')).status, 202);
  const alerts = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${made.body.integration.id}/alerts?limit=10`,
  });
  const byKey = Object.fromEntries(
    alerts.body.items.map((a: { dedupKey: string; suppressedBy: string | null }) => [
      a.dedupKey,
      a.suppressedBy,
    ]),
  );
  assert.deepEqual(byKey, { a1: null, a2: 'rule:svc-drop-all' });
});
