/**
 * Limits on guessing (item 4): sign-in per account and per source address, counted in the database
 * so that two instances count together and bounded in time; verification codes void after five
 * wrong tries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let other: FastifyInstance;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  // A second instance on the same database, as behind a load balancer.
  other = await buildApp(t.app.deps, { channels });
  await other.ready();
});
after(async () => {
  await other.close();
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

const login = (app: FastifyInstance, email: string, password: string, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

describe('sign-in limits', () => {
  test('60 wrong passwords through two instances: 10 are tried, the rest and then the right one are 429 until the window ends', async () => {
    await t.addUser('responder', 'target@example.com');
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        login(i % 2 ? other : t.app, 'target@example.com', `guess-${i}`, `198.51.100.${i}`),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, 10);
    assert.equal(statuses.filter((s) => s === 429).length, 50);
    const refused = answers.find((a) => a.statusCode === 429)!;
    assert.equal(refused.headers['retry-after'], '900');
    assert.equal(refused.json().error.message, 'Too many sign-in attempts; try again in 15 minutes');

    const right = await login(t.app, 'target@example.com', TEST_PASSWORD, '192.0.2.1');
    assert.equal(right.statusCode, 429, 'the right password waits too');
    t.clock.advance(10 * 60_000);
    assert.equal((await login(other, 'target@example.com', TEST_PASSWORD)).headers['retry-after'], '300');
    t.clock.advance(5 * 60_000);
    assert.equal((await login(other, 'target@example.com', TEST_PASSWORD)).statusCode, 200, 'time-bounded');
  });

  test('one source address trying many accounts is limited at 30 attempts; other addresses are not', async () => {
    const from = '203.0.113.9';
    for (let i = 0; i < 30; i++)
      assert.equal((await login(t.app, `nobody-${i}@example.com`, 'guess', from)).statusCode, 401);
    const res = await login(t.app, 'support@example.com', TEST_PASSWORD, from);
    assert.equal(res.statusCode, 429);
    assert.equal(res.headers['retry-after'], '900');
    assert.equal((await login(other, 'support@example.com', TEST_PASSWORD, '203.0.113.10')).statusCode, 200);
    t.clock.advance(15 * 60_000);
    assert.equal((await login(t.app, 'support@example.com', TEST_PASSWORD, from)).statusCode, 200);
  });

  test('a person who signs in starts afresh: earlier wrong tries do not add up to a lockout', async () => {
    await t.addUser('support', 'typo@example.com');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++)
        assert.equal(
          (await login(t.app, 'typo@example.com', 'typo-typo', `192.0.2.${round}`)).statusCode,
          401,
        );
      assert.equal(
        (await login(t.app, 'typo@example.com', TEST_PASSWORD, `192.0.2.${round}`)).statusCode,
        200,
      );
    }
  });
});

describe('verification codes', () => {
  /** Adds an email method for the admin; answers its id and the code that was sent. */
  async function addMethod(address: string) {
    const made = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/me/contact-methods',
      payload: { kind: 'email', address },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const text = sink.messages.findLast((m) => m.envelope.to.includes(address))!.text!;
    return { id: made.body.id as string, code: /(\d{6})/.exec(text)![1]! };
  }
  const verify = (id: string, code: string) =>
    t.call('admin', { method: 'POST', url: `/api/v1/me/contact-methods/${id}/verify`, payload: { code } });
  const wrongCodes = (code: string, n: number) =>
    Array.from({ length: n }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));

  test('300 wrong codes at once void the code: the right one no longer verifies', async () => {
    const { id, code } = await addMethod('guessed@example.com');
    const answers = await Promise.all(wrongCodes(code, 300).map((c) => verify(id, c)));
    assert.ok(answers.every((a) => a.status === 400));
    const right = await verify(id, code);
    assert.equal(right.status, 400);
    assert.equal(right.body.error.details[0].field, 'body.code');
    assert.match(
      right.body.error.message,
      /wrong or expired code: it has expired or was tried 5 times; remove the method and add it again/,
    );
  });

  test('four wrong tries count down, and the right code on the fifth still verifies', async () => {
    const { id, code } = await addMethod('careful@example.com');
    const lefts = [];
    for (const c of wrongCodes(code, 4)) lefts.push((await verify(id, c)).body.error.message);
    assert.deepEqual(lefts, [
      'body.code: wrong or expired code (4 tries left)',
      'body.code: wrong or expired code (3 tries left)',
      'body.code: wrong or expired code (2 tries left)',
      'body.code: wrong or expired code (1 try left)',
    ]);
    const right = await verify(id, code);
    assert.equal(right.status, 200, JSON.stringify(right.body));
    assert.equal(right.body.verified, true);
  });
});
