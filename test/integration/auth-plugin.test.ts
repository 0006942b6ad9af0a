/**
 * The auth plugin on every route: who a request is (bearer token first, then the session cookie),
 * 401 for a missing, unknown, expired or revoked secret and for a disabled person, 403 when the
 * role lacks the route's permission, and public routes open to all.
 */
import assert from 'node:assert/strict';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { after, before, describe, test } from 'node:test';
import { auth, currentUser } from '../../src/auth/plugin.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const SIGN_IN_FIRST = 'Sign in first (a bearer token or the session cookie is missing, expired or revoked)';

/** GET /api/v1/auth/me with raw headers: the status and who it says is signed in. */
async function me(headers: Record<string, string>) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
  return { status: res.statusCode, body: res.json() };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function newToken(as: 'support' | 'responder', body: Record<string, unknown>) {
  const res = await t.call(as, { method: 'POST', url: '/api/v1/tokens', payload: body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; token: string };
}

describe('who is asking', () => {
  test('a valid bearer token identifies its person, also with extra spaces', async () => {
    const res = await me(bearer(t.users.support.token));
    assert.equal(res.status, 200);
    assert.equal(res.body.email, 'support@example.com');
    assert.equal(res.body.role, 'support');
    const spaced = await me({ authorization: `Bearer   ${t.users.support.token}  ` });
    assert.equal(spaced.body.email, 'support@example.com');
  });

  test('no secret, an empty or unknown one, or another scheme is 401 with one message', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer ' },
      { authorization: 'Bearer    ' },
      { authorization: 'Bearer exp_not-a-real-token' },
      { authorization: `Basic ${t.users.admin.token}` },
      { authorization: t.users.admin.token },
      { cookie: 'expedite_session=exs_not-a-real-session' },
      { cookie: 'expedite_session=' },
    ];
    for (const headers of cases) {
      const res = await me(headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.deepEqual(res.body, { error: { code: 'unauthorized', message: SIGN_IN_FIRST } });
    }
  });

  test('the session cookie signs in; a bearer header, when present, is the one that counts', async () => {
    const login = await t.call(null, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'stakeholder@example.com', password: TEST_PASSWORD },
    });
    assert.equal(login.status, 200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    assert.equal((await me({ cookie })).body.email, 'stakeholder@example.com');
    const both = await me({ cookie, ...bearer(t.users.responder.token) });
    assert.equal(both.body.email, 'responder@example.com');
    assert.equal((await me({ cookie, authorization: 'Bearer exp_wrong' })).status, 401);
    // Another scheme is not a bearer token: the cookie counts.
    const basic = await me({ cookie, authorization: 'Basic dXNlcjpwYXNz' });
    assert.equal(basic.body.email, 'stakeholder@example.com');
    assert.equal((await me({ cookie, authorization: 'Bearer  ' })).status, 401);
  });

  test('a revoked token is refused at once; the person’s other tokens still work', async () => {
    const a = await newToken('support', { name: 'bridge-a' });
    const b = await newToken('support', { name: 'bridge-b' });
    assert.equal((await me(bearer(a.token))).status, 200);
    const revoke = await t.call('support', { method: 'DELETE', url: `/api/v1/tokens/${a.id}` });
    assert.equal(revoke.status, 200);
    assert.equal((await me(bearer(a.token))).status, 401);
    assert.equal((await me(bearer(b.token))).status, 200);
  });

  test('signing out ends that session only', async () => {
    const login = async () =>
      (
        await t.call(null, {
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'responder@example.com', password: TEST_PASSWORD },
        })
      ).body.token as string;
    const [first, second] = [await login(), await login()];
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(first) });
    assert.equal(out.statusCode, 200);
    assert.equal((await me(bearer(first))).status, 401);
    assert.equal((await me(bearer(second))).status, 200);
  });

  test('a token past its expiry is refused', async () => {
    const short = await newToken('responder', { name: 'one-day', expiresInDays: 1 });
    assert.equal((await me(bearer(short.token))).status, 200);
    t.clock.advance(2 * 86_400_000);
    assert.equal((await me(bearer(short.token))).status, 401);
  });

  test('disabling a person refuses their tokens; enabled again, they sign in afresh', async () => {
    const dana = await t.addUser('responder', 'dana@example.com', 'Dana');
    assert.equal((await me(bearer(dana.token))).status, 200);
    const off = await t.call('admin', {
      method: 'PATCH',
      url: `/api/v1/users/${dana.id}`,
      payload: { disabled: true },
    });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal((await me(bearer(dana.token))).status, 401);
    await t.call('admin', { method: 'PATCH', url: `/api/v1/users/${dana.id}`, payload: { disabled: false } });
    assert.equal((await me(bearer(dana.token))).status, 401, 'disabling revoked the old token');
    const login = await t.call(null, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'dana@example.com', password: TEST_PASSWORD },
    });
    assert.equal((await me(bearer(login.body.token))).body.email, 'dana@example.com');
  });

  test('a person disabled in the database is refused although their token was never revoked', async () => {
    const erin = await t.addUser('responder', 'erin@example.com', 'Erin');
    await t.db.pool.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [erin.id, t.clock.now()]);
    const { rows } = await t.db.pool.query('SELECT revoked_at FROM auth_tokens WHERE user_id = $1', [
      erin.id,
    ]);
    assert.deepEqual(rows, [{ revoked_at: null }]);
    assert.equal((await me(bearer(erin.token))).status, 401);
  });
});

describe('what the role allows', () => {
  const declare = (as: 'admin' | 'responder' | 'support' | 'stakeholder') =>
    t.call(as, { method: 'POST', url: '/api/v1/incidents', payload: { title: `Declared by ${as}` } });

  test('declaring: support and responders may, stakeholders get 403 naming role and permission', async () => {
    assert.equal((await declare('support')).status, 201);
    assert.equal((await declare('responder')).status, 201);
    assert.equal((await declare('admin')).status, 201);
    const denied = await declare('stakeholder');
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, {
      error: {
        code: 'forbidden',
        message: 'Your role (stakeholder) does not allow this (incidents:declare)',
      },
    });
    const list = await t.call('stakeholder', { method: 'GET', url: '/api/v1/incidents?q=Declared' });
    assert.deepEqual(list.body.items.map((i: { title: string }) => i.title).sort(), [
      'Declared by admin',
      'Declared by responder',
      'Declared by support',
    ]);
  });

  test('working an incident is for responders and admins; support gets 403', async () => {
    const d = await declare('support');
    const note = (as: 'responder' | 'support') =>
      t.call(as, {
        method: 'POST',
        url: `/api/v1/incidents/${d.body.number}/notes`,
        payload: { text: 'Looked at it' },
      });
    const denied = await note('support');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.message, 'Your role (support) does not allow this (incidents:work)');
    assert.equal((await note('responder')).status, 201);
  });

  test('managing people is for admins only; signed out is 401 before any role check', async () => {
    const add = (as: 'admin' | 'responder' | null) =>
      t.call(as, {
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: `made-by-${as}@example.com`, name: 'New', role: 'stakeholder' },
      });
    assert.equal((await add('admin')).status, 201);
    const responder = await add('responder');
    assert.equal(responder.status, 403);
    assert.equal(responder.body.error.message, 'Your role (responder) does not allow this (users:manage)');
    const anonymous = await add(null);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthorized');
  });

  test('a role change applies to the next request', async () => {
    const sam = await t.addUser('stakeholder', 'sam@example.com', 'Sam');
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: bearer(sam.token),
        payload: { title: 'Sam reports' },
      });
    assert.equal((await post()).statusCode, 403);
    await t.call('admin', { method: 'PATCH', url: `/api/v1/users/${sam.id}`, payload: { role: 'support' } });
    assert.equal((await post()).statusCode, 201);
  });
});

describe('public routes', () => {
  test('the OpenAPI document and the API docs need nobody signed in, even with a bad token', async () => {
    for (const headers of [{}, { authorization: 'Bearer exp_wrong' }]) {
      const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers });
      assert.equal(doc.statusCode, 200);
      assert.equal(doc.json().openapi, '3.1.0');
      const docs = await t.app.inject({ method: 'GET', url: '/api/docs/', headers });
      assert.equal(docs.statusCode, 200);
    }
  });

  test('the route table lists the docs as public and no HEAD routes', () => {
    const docs = t.app.routeTable.filter((r) => r.url.startsWith('/api/docs'));
    assert.ok(docs.length > 0);
    assert.deepEqual([...new Set(docs.map((r) => r.permission))], ['public']);
    assert.deepEqual(
      t.app.routeTable.filter((r) => r.method === 'HEAD'),
      [],
    );
    const me = t.app.routeTable.filter((r) => r.url === '/api/v1/auth/me');
    assert.deepEqual(me, [{ method: 'GET', url: '/api/v1/auth/me', permission: 'signed-in' }]);
  });
});

describe('registering routes', () => {
  test('a route must declare its permission; docs routes are public; each method is listed once', async () => {
    const app = Fastify();
    await app.register(cookie);
    await app.register(auth);
    assert.throws(() => app.get('/oops', async () => 'open by accident'), {
      message: 'Route GET /oops declares no permission',
    });
    app.get('/api/docs/extra', async () => 'docs');
    app.route({
      method: ['GET', 'POST'],
      url: '/both',
      config: { permission: 'incidents:read' },
      handler: async () => 'both',
    });
    await app.ready();
    assert.deepEqual(app.routeTable, [
      { method: 'GET', url: '/api/docs/extra', permission: 'public' },
      { method: 'GET', url: '/both', permission: 'incidents:read' },
      { method: 'POST', url: '/both', permission: 'incidents:read' },
    ]);
    await app.close();
  });

  test('a handler asking for the signed-in user on a route without one gets 401', () => {
    const req = { user: null } as unknown as Parameters<typeof currentUser>[0];
    assert.throws(() => currentUser(req), { code: 'unauthorized', message: 'Sign in first' });
  });
});
