import assert from 'node:assert/strict';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { after, before, test } from 'node:test';
import { auth } from '../../src/auth/plugin.ts';
import { allows, permissions, roles } from '../../src/auth/permissions.ts';
import { expectedAllows } from '../helpers/role-matrix.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const sample: Record<string, string> = {
  ref: '424242',
  id: '00000000-0000-4000-8000-000000000000',
  taskId: '00000000-0000-4000-8000-000000000001',
  role: 'observer',
  person: 'nobody@example.com',
};
// `incident` points the event stream at an unknown incident, so it answers 404 instead of streaming.
const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => sample[name] ?? 'x').replace(/\*$/, '') +
  (url === '/api/v1/events' ? '?incident=424242' : '');
// Calling these with a role's token would end that token; they are checked for denial only.
const selfRevoking = new Set(['POST /api/v1/auth/logout']);

test('every route declares a known permission', () => {
  assert.ok(t.app.routeTable.length > 20);
  for (const r of t.app.routeTable)
    assert.ok(permissions.includes(r.permission), `${r.method} ${r.url}: ${r.permission}`);
});

test('a route without a permission cannot be registered', async () => {
  const app = Fastify();
  await app.register(cookie);
  await app.register(auth);
  assert.throws(() => app.get('/oops', async () => 'open by accident'), /declares no permission/);
  await app.close();
});

test('nobody reaches a protected route signed out, and no role reaches what it must not', async () => {
  let checked = 0;
  for (const r of t.app.routeTable) {
    if (r.permission === 'public') continue;
    const url = concrete(r.url);
    const method = r.method as 'GET';
    const anon = await t.call(null, {
      method,
      url,
      payload: method === 'GET' || method === 'DELETE' ? undefined : {},
    });
    assert.equal(anon.status, 401, `anonymous ${r.method} ${r.url}`);
    for (const role of roles) {
      // Expected from the written-out matrix, not from allows(): the code under test is not its own oracle.
      const allowed = expectedAllows(role, r.permission);
      if (allowed && selfRevoking.has(`${r.method} ${r.url}`)) continue;
      const res = await t.call(role, {
        method,
        url,
        payload: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      if (allowed)
        assert.ok(![401, 403].includes(res.status), `${role} ${r.method} ${r.url} → ${res.status}`);
      else assert.equal(res.status, 403, `${role} must not ${r.method} ${r.url}`);
      checked++;
    }
  }
  assert.ok(checked > 80, `checked ${checked} role × route pairs`);
});

test('a stakeholder is refused the people list and filing a report', async () => {
  assert.equal((await t.call('stakeholder', { method: 'GET', url: '/api/v1/users' })).status, 403);
  const report = await t.call('stakeholder', { method: 'POST', url: '/api/v1/reports', payload: {} });
  assert.equal(report.status, 403);
  assert.equal((await t.call('support', { method: 'GET', url: '/api/v1/users' })).status, 200);
});

test('the role matrix in words: support reports and reads, stakeholders read', () => {
  assert.ok(allows('support', 'incidents:declare'));
  assert.ok(!allows('support', 'incidents:work'));
  assert.ok(allows('stakeholder', 'incidents:read'));
  assert.ok(!allows('stakeholder', 'incidents:declare'));
  assert.ok(!allows('stakeholder', 'users:read'), "the people list carries everyone's email");
  assert.ok(!allows('stakeholder', 'reports:file'));
  assert.ok(!allows('responder', 'policy:write'));
  assert.ok(!allows('responder', 'users:manage'));
  assert.ok(allows('admin', 'users:manage'));
});
