/**
 * Managing a status page's parts through the admin API: renaming and removing a component group
 * (its components stay, ungrouped), removing a component, cancelling maintenance, and the page's
 * subscribers listed with their address masked, their choice of components and whether they
 * confirmed, and removed by an admin (404 for one of another page).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let pageId: string;

before(async () => {
  t = await createTestApp();
  const page = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/status-pages',
    payload: { name: 'Initech status', slug: 'initech' },
  });
  assert.equal(page.status, 201);
  pageId = page.body.id;
});
after(async () => t.close());

const admin = (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) =>
  t.call('admin', { method, url: `/api/v1/status-pages/${pageId}${url}`, ...(payload ? { payload } : {}) });

test('a group is renamed and removed; its component stays, ungrouped; a component is removed', async () => {
  const g = await admin('POST', '/groups', { name: 'Shop' });
  const groupId = g.body.groups[0].id as string;
  await admin('POST', '/components', { name: 'Checkout', groupId });
  const made = await admin('POST', '/components', { name: 'Search' });
  const renamed = await admin('PATCH', `/groups/${groupId}`, { name: 'Storefront' });
  assert.equal(renamed.status, 200);
  assert.deepEqual(
    renamed.body.groups.map((x: { name: string }) => x.name),
    ['Storefront'],
  );
  const bad = await admin('PATCH', `/groups/${groupId}`, { name: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /body\.name/);
  assert.equal(
    (await admin('PATCH', '/groups/00000000-0000-4000-8000-000000000000', { name: 'X' })).status,
    404,
  );
  const gone = await admin('DELETE', `/groups/${groupId}`);
  assert.deepEqual(gone.body.groups, []);
  assert.deepEqual(
    gone.body.components.map((c: { name: string; groupId: string | null }) => [c.name, c.groupId]),
    [
      ['Checkout', null],
      ['Search', null],
    ],
  );
  const searchId = made.body.components.find((c: { name: string }) => c.name === 'Search').id;
  const removed = await admin('DELETE', `/components/${searchId}`);
  assert.deepEqual(
    removed.body.components.map((c: { name: string }) => c.name),
    ['Checkout'],
  );
  assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/status/initech' })).body, /Search/);
});

test('maintenance is cancelled: gone from the page and its JSON', async () => {
  const m = await admin('POST', '/maintenances', {
    title: 'Database upgrade',
    startsAt: '2026-03-02T01:00:00Z',
    endsAt: '2026-03-02T02:00:00Z',
  });
  assert.equal(m.status, 201);
  assert.equal(m.body.maintenances.length, 1);
  const cancelled = await admin('DELETE', `/maintenances/${m.body.maintenances[0].id}`);
  assert.equal(cancelled.status, 200);
  assert.deepEqual(cancelled.body.maintenances, []);
  const json = await t.app.inject({
    method: 'GET',
    url: '/status/initech/api/v2/scheduled-maintenances.json',
  });
  assert.deepEqual(json.json().scheduled_maintenances, []);
});

test('subscribers are listed masked, with their choice and confirmation, and removed', async () => {
  const checkoutId = (await admin('GET', '')).body.components[0].id as string;
  for (const payload of [
    `email=ann.smith%40example.com&component=${checkoutId}`,
    'webhook=https%3A%2F%2Fhooks.example.com%2Fsecret%2Fpath',
  ])
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/status/initech/subscribe',
          payload,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).statusCode,
      200,
    );
  const list = await admin('GET', '/subscribers');
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.items.map(
      (s: { kind: string; address: string; componentIds: string[]; confirmed: boolean }) => [
        s.kind,
        s.address,
        s.componentIds,
        s.confirmed,
      ],
    ),
    [
      ['email', 'a***@example.com', [checkoutId], false],
      ['webhook', 'https://hooks.example.com/…', [], true],
    ],
  );
  assert.equal(
    (await t.call('responder', { method: 'GET', url: `/api/v1/status-pages/${pageId}/subscribers` })).status,
    403,
  );
  const other = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/status-pages',
    payload: { name: 'Other', slug: 'other' },
  });
  const hookId = list.body.items[1].id as string;
  const wrongPage = await t.call('admin', {
    method: 'DELETE',
    url: `/api/v1/status-pages/${other.body.id}/subscribers/${hookId}`,
  });
  assert.equal(wrongPage.status, 404);
  assert.equal((await admin('DELETE', `/subscribers/${hookId}`)).status, 200);
  assert.equal((await admin('DELETE', `/subscribers/${hookId}`)).status, 404);
  assert.deepEqual(
    (await admin('GET', '/subscribers')).body.items.map((s: { address: string }) => s.address),
    ['a***@example.com'],
  );
});
