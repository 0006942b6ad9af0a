/**
 * A disabled person's access ends everywhere (item 6): their calendar feed stops serving, and an
 * event stream they hold open, on this instance or another, closes at once. A stream also closes
 * when the session it was opened with is ended.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/** How long a stream may take to close before the test fails: far beyond any healthy delivery. */
const WAIT_MS = 10_000;

let t: TestApp;
let other: FastifyInstance;
let firstUrl: string;
let otherUrl: string;
before(async () => {
  t = await createTestApp();
  firstUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  other = await buildApp(t.app.deps);
  otherUrl = await other.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await other.close();
  await t.close();
});

/** Opens an event stream; `ended` resolves when the server closes it (rejects after WAIT_MS). */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const ended = (async () => {
    const timer = setTimeout(() => controller.abort(), WAIT_MS);
    try {
      for (;;) if ((await reader.read()).done) return 'closed by the server';
    } catch {
      return 'still open';
    } finally {
      clearTimeout(timer);
    }
  })();
  return { ended, close: () => controller.abort() };
}

const disable = (id: string) =>
  t.call('admin', { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: true } });

test('a disabled person’s calendar feed no longer serves', async () => {
  const eve = await t.addUser('responder', 'eve@example.com');
  const feed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/me/on-call-feed',
    headers: { authorization: `Bearer ${eve.token}` },
  });
  const path = new URL(feed.json().url).pathname;
  assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 200);
  assert.equal((await disable(eve.id)).status, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 404);
});

test('disabling a person closes their open event streams on every instance at once', async () => {
  const mallory = await t.addUser('stakeholder', 'mallory@example.com');
  const here = await openStream(firstUrl, mallory.token);
  const there = await openStream(otherUrl, mallory.token);
  const bystander = await openStream(otherUrl, t.users.stakeholder.token);
  assert.equal((await disable(mallory.id)).status, 200);
  assert.equal(await here.ended, 'closed by the server');
  assert.equal(await there.ended, 'closed by the server');
  // Someone else's stream stays open: its end is only the test's own abort.
  bystander.close();
  assert.equal(await bystander.ended, 'still open');
});

test('ending the session a stream was opened with closes that stream, not the person’s others', async () => {
  const sign = async () =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'responder@example.com', password: 'test-password-1' },
      })
    ).json().token as string;
  const [a, b] = [await sign(), await sign()];
  const streamA = await openStream(otherUrl, a);
  const streamB = await openStream(otherUrl, b);
  const out = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: { authorization: `Bearer ${a}` },
  });
  assert.equal(out.statusCode, 200);
  assert.equal(await streamA.ended, 'closed by the server');
  streamB.close();
  assert.equal(await streamB.ended, 'still open');
});
