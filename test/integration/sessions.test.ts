/**
 * Sessions after a password change, a person's own list of sessions, and the Origin check on
 * changes made with the session cookie.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const ORIGIN = 'http://127.0.0.1:8080'; // the test config's public address

/** Signs in as `email`: the bearer token and the cookie header of that session. */
async function signIn(email: string, password = TEST_PASSWORD, userAgent = 'test-agent/1') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    headers: { 'user-agent': userAgent },
  });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { token: res.json().token as string, cookie };
}

const meWith = async (headers: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('a password change ends sessions (item 3)', () => {
  test('an admin setting a password ends the person’s cookie session, bearer and API tokens at once', async () => {
    const grace = await t.addUser('responder', 'grace@example.com');
    const one = await signIn('grace@example.com');
    const two = await signIn('grace@example.com');
    // Used once, so that the token cache holds them: revoking must still apply at once.
    for (const h of [{ cookie: one.cookie }, bearer(two.token), bearer(grace.token)])
      assert.equal(await meWith(h), 200);

    const changed = await t.call('admin', {
      method: 'PATCH',
      url: `/api/v1/users/${grace.id}`,
      payload: { password: 'a brand new passphrase' },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));

    assert.equal(await meWith({ cookie: one.cookie }), 401, 'the old cookie session ended');
    assert.equal(await meWith(bearer(two.token)), 401, 'the old bearer session ended');
    assert.equal(await meWith(bearer(grace.token)), 401, 'the API token ended');
    assert.equal(
      await meWith(bearer((await signIn('grace@example.com', 'a brand new passphrase')).token)),
      200,
    );
  });

  test('changing one’s own password ends every other session and the API tokens, not this one', async () => {
    const ada = await t.addUser('support', 'ada@example.com');
    const here = await signIn('ada@example.com');
    const elsewhere = await signIn('ada@example.com');
    assert.equal(await meWith(bearer(elsewhere.token)), 200);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.token),
      payload: { currentPassword: 'not-it-at-all', newPassword: 'another passphrase' },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].field, 'body.currentPassword');

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.token),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another passphrase' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { ok: true, ended: 2 });
    assert.equal(await meWith(bearer(here.token)), 200, 'the session making the change stays');
    assert.equal(await meWith(bearer(elsewhere.token)), 401);
    assert.equal(await meWith(bearer(ada.token)), 401);
  });

  test('keepApiTokens keeps API tokens working, while other sessions still end', async () => {
    const lin = await t.addUser('support', 'lin@example.com');
    const here = await signIn('lin@example.com');
    const elsewhere = await signIn('lin@example.com');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(here.token),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another passphrase', keepApiTokens: true },
    });
    assert.deepEqual(res.json(), { ok: true, ended: 1 });
    assert.equal(await meWith(bearer(elsewhere.token)), 401);
    assert.equal(await meWith(bearer(lin.token)), 200);
  });
});

describe('my sessions (item 3)', () => {
  test('people list their own sessions, end one, or end all others', async () => {
    await t.addUser('stakeholder', 'kim@example.com');
    const first = await signIn('kim@example.com', TEST_PASSWORD, 'Firefox on a laptop');
    t.clock.advance(1_000);
    const second = await signIn('kim@example.com', TEST_PASSWORD, 'Phone browser');
    t.clock.advance(1_000);
    const third = await signIn('kim@example.com', TEST_PASSWORD, 'expedite-cli');

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/sessions',
      headers: bearer(second.token),
    });
    assert.equal(list.statusCode, 200, list.body);
    const items = list.json().items as {
      id: string;
      current: boolean;
      userAgent: string;
      sourceIp: string;
    }[];
    assert.deepEqual(
      items.map((s) => [s.userAgent, s.current, s.sourceIp]),
      [
        ['expedite-cli', false, '127.0.0.1'],
        ['Phone browser', true, '127.0.0.1'],
        ['Firefox on a laptop', false, '127.0.0.1'],
      ],
    );
    // Nobody sees or ends another person's sessions.
    const others = await t.call('admin', { method: 'GET', url: '/api/v1/auth/sessions' });
    assert.deepEqual(others.body.items, []);
    const foreign = await t.call('admin', { method: 'DELETE', url: `/api/v1/auth/sessions/${items[0]!.id}` });
    assert.equal(foreign.status, 404);
    assert.equal(await meWith(bearer(third.token)), 200);

    const one = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${items[0]!.id}`,
      headers: bearer(second.token),
    });
    assert.deepEqual(one.json(), { ok: true, ended: 1 });
    assert.equal(await meWith(bearer(third.token)), 401);
    assert.equal(await meWith(bearer(first.token)), 200);

    const rest = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions',
      headers: bearer(second.token),
    });
    assert.deepEqual(rest.json(), { ok: true, ended: 1 });
    assert.equal(await meWith(bearer(first.token)), 401);
    assert.equal(await meWith(bearer(second.token)), 200);
  });
});

describe('changes made with the session cookie come from this site (item 6)', () => {
  const makeToken = (headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: 'csrf-probe' } });

  test('without an Origin, or from another site, a cookie change is 403 naming the reason', async () => {
    const { cookie } = await signIn('responder@example.com');
    const tries: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example.com' },
      { origin: 'null' },
      { referer: 'http://localhost.evil.example/x' },
      { origin: 'not an address' },
    ];
    for (const extra of tries) {
      const res = await makeToken({ cookie, ...extra });
      assert.equal(res.statusCode, 403, JSON.stringify(extra));
      assert.match(res.json().error.message, /Cross-site request refused/);
    }
    const row = await t.db.pool.query("SELECT 1 FROM auth_tokens WHERE name = 'csrf-probe'");
    assert.equal(row.rowCount, 0, 'nothing was made');
  });

  test('from the server’s own origin (public address, Host, or Referer) a cookie change passes', async () => {
    const { cookie } = await signIn('responder@example.com');
    assert.equal((await makeToken({ cookie, origin: ORIGIN })).statusCode, 201);
    assert.equal(
      (await makeToken({ cookie, origin: 'http://10.0.0.7:8080', host: '10.0.0.7:8080' })).statusCode,
      201,
    );
    assert.equal((await makeToken({ cookie, referer: `${ORIGIN}/me` })).statusCode, 201);
  });

  test('bearer tokens, cookie reads and public routes are unaffected', async () => {
    const { cookie, token } = await signIn('responder@example.com');
    assert.equal((await makeToken(bearer(token))).statusCode, 201);
    assert.equal(await meWith({ cookie }), 200);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie, origin: 'https://evil.example.com' },
      payload: { email: 'responder@example.com', password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200);
  });
});
