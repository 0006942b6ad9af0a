import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootstrap } from '../../src/auth/bootstrap.ts';
import { TOKEN_CACHE_MS } from '../../src/auth/token-cache.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const login = (email: string, password: string) =>
  t.call(null, { method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('sign-in', () => {
  test('login returns a bearer token and sets an HttpOnly session cookie; logout revokes', async () => {
    const res = await login('Responder@Example.com', TEST_PASSWORD);
    assert.equal(res.status, 200);
    assert.match(res.body.token, /^exs_/);
    assert.equal(res.body.user.role, 'responder');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /expedite_session=exs_/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);

    const cookieValue = setCookie.split(';')[0]!;
    const viaCookie = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: cookieValue },
    });
    assert.equal(viaCookie.json().email, 'responder@example.com');

    const bearer = { authorization: `Bearer ${res.body.token}` };
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer })).statusCode,
      200,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode,
      401,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieValue } }))
        .statusCode,
      401,
    );
  });

  test('a wrong password or unknown email is 401 with one message', async () => {
    const wrong = await login('responder@example.com', 'nope-nope');
    const unknown = await login('ghost@example.com', 'nope-nope');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error.message, unknown.body.error.message);
  });

  test('sessions expire', async () => {
    const res = await login('stakeholder@example.com', TEST_PASSWORD);
    const headers = { authorization: `Bearer ${res.body.token}` };
    t.clock.advance(8 * 86_400_000);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode, 401);
  });

  test('passwords are stored as scrypt hashes', async () => {
    const { rows } = await t.db.pool.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE email = 'admin@example.com'",
    );
    assert.match(rows[0]!.password_hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!rows[0]!.password_hash.includes(TEST_PASSWORD));
  });
});

describe('API tokens', () => {
  test('create (secret shown once), list, use, revoke', async () => {
    const created = await t.call('support', {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'zendesk-bridge', expiresInDays: 30 },
    });
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^exp_/);
    const list = await t.call('support', { method: 'GET', url: '/api/v1/tokens' });
    const listed = list.body.items.find((x: { id: string }) => x.id === created.body.id);
    assert.equal(listed.name, 'zendesk-bridge');
    assert.equal(listed.token, undefined, 'the secret is never listed');
    const headers = { authorization: `Bearer ${created.body.token}` };
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/incidents', headers })).statusCode, 200);
    const otherUser = await t.call('responder', {
      method: 'DELETE',
      url: `/api/v1/tokens/${created.body.id}`,
    });
    assert.equal(otherUser.status, 404, 'nobody but its owner or an admin revokes a token');
    assert.equal(
      (await t.call('support', { method: 'DELETE', url: `/api/v1/tokens/${created.body.id}` })).status,
      200,
    );
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/incidents', headers })).statusCode, 401);
    const { rows } = await t.db.pool.query('SELECT action FROM audit_log WHERE target = $1 ORDER BY id', [
      `token:${created.body.id}`,
    ]);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['token.create', 'token.revoke'],
    );
  });

  test('a token revoked through another instance stops working here once the cache forgets it', async () => {
    const created = await t.call('support', {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'elsewhere' },
    });
    const headers = { authorization: `Bearer ${created.body.token}` };
    const status = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/incidents', headers })).statusCode;
    assert.equal(await status(), 200);
    // Another instance revokes it: this one's cache does not hear of it.
    await t.db.pool.query('UPDATE auth_tokens SET revoked_at = now() WHERE id = $1', [created.body.id]);
    // Bounded: a revocation that never takes effect fails here instead of looping forever.
    const tries = (10 * TOKEN_CACHE_MS) / 50;
    for (let i = 0; i < tries && (await status()) === 200; i++) await sleep(50);
    assert.equal(await status(), 401, `still accepted ${tries} polls after the revocation elsewhere`);
  });
});

describe('people', () => {
  test('admins add people and change roles; disabling revokes their access', async () => {
    const add = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'lin@example.com', name: 'Lin', role: 'stakeholder', password: 'a long passphrase' },
    });
    assert.equal(add.status, 201);
    const dup = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'LIN@example.com', name: 'Lin', role: 'support' },
    });
    assert.equal(dup.status, 409);
    const bad = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'not-an-email', name: 'X', role: 'boss' },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: { field: string }) => d.field).sort(), [
      'body.email',
      'body.role',
    ]);

    const session = await login('lin@example.com', 'a long passphrase');
    const promote = await t.call('admin', {
      method: 'PATCH',
      url: `/api/v1/users/${add.body.id}`,
      payload: { role: 'responder' },
    });
    assert.equal(promote.body.role, 'responder');
    await t.call('admin', {
      method: 'PATCH',
      url: `/api/v1/users/${add.body.id}`,
      payload: { disabled: true },
    });
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${session.body.token}` },
    });
    assert.equal(after.statusCode, 401);
    assert.equal((await login('lin@example.com', 'a long passphrase')).status, 401);
  });
});

describe('first run', () => {
  test('with no users, a one-time setup link creates the first admin', async () => {
    const fresh = await createTestApp();
    try {
      await fresh.db.pool.query('DELETE FROM auth_tokens; DELETE FROM audit_log; DELETE FROM users');
      const config = loadConfig({
        DATABASE_URL: fresh.db.url,
        EXPEDITE_PUBLIC_URL: 'https://expedite.example.com',
      });
      const boot = await bootstrap(fresh.db.pool, config, fresh.clock);
      assert.equal(boot.kind, 'setup-link');
      const url = new URL((boot as { url: string }).url);
      assert.equal(url.origin + url.pathname, 'https://expedite.example.com/setup');
      const token = url.searchParams.get('token')!;
      assert.equal((await fresh.call(null, { method: 'GET', url: '/api/v1/auth/setup' })).body.open, true);
      const page = await fresh.app.inject({ method: 'GET', url: '/setup' });
      assert.match(page.body, /Create the first administrator/);

      const wrong = await fresh.call(null, {
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { token: 'exu_wrong', email: 'a@example.com', name: 'A', password: 'long enough' },
      });
      assert.equal(wrong.status, 403);
      const ok = await fresh.call(null, {
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { token, email: 'a@example.com', name: 'A', password: 'long enough' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.user.role, 'admin');
      const again = await fresh.call(null, {
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { token, email: 'b@example.com', name: 'B', password: 'long enough' },
      });
      assert.equal(again.status, 409);
      assert.equal((await bootstrap(fresh.db.pool, config, fresh.clock)).kind, 'ready');
    } finally {
      await fresh.close();
    }
  });

  test('EXPEDITE_ADMIN_EMAIL and EXPEDITE_ADMIN_PASSWORD create the first admin', async () => {
    const fresh = await createTestApp();
    try {
      await fresh.db.pool.query('DELETE FROM auth_tokens; DELETE FROM audit_log; DELETE FROM users');
      const config = loadConfig({
        DATABASE_URL: fresh.db.url,
        EXPEDITE_ADMIN_EMAIL: 'boss@example.com',
        EXPEDITE_ADMIN_PASSWORD: 'boss-password',
      });
      assert.deepEqual(await bootstrap(fresh.db.pool, config, fresh.clock), {
        kind: 'admin-created',
        email: 'boss@example.com',
      });
      const res = await fresh.call(null, {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'boss@example.com', password: 'boss-password' },
      });
      assert.equal(res.body.user.role, 'admin');
    } finally {
      await fresh.close();
    }
  });
});
