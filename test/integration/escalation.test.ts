/**
 * Escalation over the HTTP API on a real database, with a real SMTP server as the mail sink and
 * time moved by hand: a policy runs its levels `repeat + 1` times and then is exhausted; a level
 * nobody on it can be reached goes on at once; acknowledging stops it; escalating by hand moves on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
let team: string;
before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  for (const role of ['responder', 'admin'] as const) await verifiedEmail(role);
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Ops', areas: ['DEVOPS'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  team = made.body.id;
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Gives `role` a verified email address, reading the code from the sink. */
async function verifiedEmail(role: 'responder' | 'admin') {
  const address = `${role}@example.com`;
  const made = await t.call(role, {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'email', address },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const code = /(\d{6})/.exec(sink.messages.findLast((m) => m.envelope.to.includes(address))!.text!)![1];
  const ok = await t.call(role, {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code },
  });
  assert.equal(ok.body.verified, true);
}

type Level = { timeoutMinutes: number; targets: { type: 'user'; id: string }[] };
const level = (timeoutMinutes: number, ...ids: string[]): Level => ({
  timeoutMinutes,
  targets: ids.map((id) => ({ type: 'user', id })),
});

/** Points the team at a new policy, declares a P2 incident (expedite: it asks to be paged) and pages it by hand. */
async function paged(name: string, repeat: number, levels: Level[], byHand = true) {
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: { name, repeat, levels },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const moved = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/teams/${team}`,
    payload: { name: 'Ops', areas: ['DEVOPS'], escalationPolicyId: policy.body.id },
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: name, area: 'DEVOPS', scope: 'ALL', criticality: 'FBEHAV' },
  });
  assert.equal(inc.body.urgency, 'P2');
  if (byHand) assert.equal((await pageByHand(inc.body.id)).status, 202);
  await run();
  return { id: inc.body.id as string, number: inc.body.number as number };
}

const pageByHand = (id: string) =>
  t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/page`, payload: { reason: 'test' } });

const run = () => runJobs(t);

async function minutes(n: number) {
  t.clock.advance(n * 60_000);
  await run();
}

/** Pages mailed to `role` for incident `number`. */
const mails = (role: 'responder' | 'admin', number: number) =>
  sink.messages.filter(
    (m) => m.envelope.to.includes(`${role}@example.com`) && m.subject?.includes(`#${number} `),
  ).length;

async function entries(incidentId: string, kind: string): Promise<any[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

/** The timeline in short, for failure messages: what happened when. */
async function story(incidentId: string): Promise<string> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .map((e: { kind: string; at: string }) => `${e.at.slice(11, 19)} ${e.kind}`)
    .join(', ');
}

async function escalation(incidentId: string) {
  const res = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incidentId}/escalations`,
  });
  assert.equal(res.body.items.length, 1);
  return res.body.items[0];
}

describe('rounds', () => {
  test('repeat 1 pages a one-level policy exactly twice, then it is exhausted', async () => {
    const inc = await paged('Repeat once', 1, [level(5, t.users.responder.id)]);
    assert.equal(mails('responder', inc.number), 1);
    await minutes(4);
    assert.equal(mails('responder', inc.number), 1, 'not before the timeout');
    await minutes(1);
    assert.equal(mails('responder', inc.number), 2, `the second round: ${await story(inc.id)}`);
    assert.equal((await escalation(inc.id)).state, 'active');
    await minutes(5);
    assert.equal((await escalation(inc.id)).state, 'exhausted');
    await minutes(60);
    assert.equal(mails('responder', inc.number), 2, 'no third round');
    const pagedEntries = await entries(inc.id, 'paged');
    assert.deepEqual(
      pagedEntries.map((e) => [e.round, e.level]),
      [
        [1, 1],
        [2, 1],
      ],
    );
    const [exhausted, ...more] = await entries(inc.id, 'escalation-exhausted');
    assert.deepEqual(more, []);
    assert.equal(exhausted.policy, 'Repeat once');
    assert.equal(exhausted.rounds, 2);
  });

  test('repeat 0 runs each level once: two levels, one page each, exhausted after both timeouts', async () => {
    const inc = await paged('No repeat', 0, [level(5, t.users.responder.id), level(10, t.users.admin.id)]);
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [1, 0]);
    await minutes(5);
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [1, 1]);
    await minutes(9);
    assert.equal((await escalation(inc.id)).state, 'active', 'level 2 still waits for an answer');
    await minutes(1);
    const esc = await escalation(inc.id);
    assert.equal(esc.state, 'exhausted');
    assert.equal(esc.level, 1);
    assert.equal(esc.round, 0);
    await minutes(60);
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [1, 1]);
    assert.deepEqual(
      (await entries(inc.id, 'escalation-exhausted')).map((e) => e.rounds),
      [1],
    );
  });

  test('repeat 2 over two levels pages each person three times, in order', async () => {
    const inc = await paged('Twice more', 2, [level(5, t.users.responder.id), level(5, t.users.admin.id)]);
    for (let i = 0; i < 8; i++) await minutes(5);
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [3, 3]);
    assert.deepEqual(
      (await entries(inc.id, 'paged')).map((e) => `${e.round}.${e.level}`),
      ['1.1', '1.2', '2.1', '2.2', '3.1', '3.2'],
    );
    assert.deepEqual(
      (await entries(inc.id, 'escalation-exhausted')).map((e) => e.rounds),
      [3],
    );
  });
});

describe('nobody reachable', () => {
  test('a level whose people cannot be reached goes on to the next level at once', async () => {
    // The support agent has no contact method.
    const inc = await paged('Unreachable first', 0, [
      level(30, t.users.support.id),
      level(30, t.users.admin.id),
    ]);
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [0, 1]);
    const [first, second] = await entries(inc.id, 'paged');
    assert.deepEqual(first.people, [t.users.support.id]);
    assert.deepEqual(first.unreachable, [t.users.support.id]);
    assert.deepEqual(second.people, [t.users.admin.id]);
    assert.deepEqual(second.unreachable, []);
    assert.equal((await escalation(inc.id)).state, 'active', 'the admin has 30 minutes to answer');
  });

  test('with nobody reachable on any level, every round runs at once and the escalation is exhausted', async () => {
    const inc = await paged(
      'Nobody at all',
      2,
      [level(30, t.users.support.id), level(30, t.users.stakeholder.id)],
      false,
    );
    const esc = await escalation(inc.id);
    assert.equal(esc.state, 'exhausted');
    assert.equal((await entries(inc.id, 'paged')).length, 6);
    assert.deepEqual(
      (await entries(inc.id, 'escalation-exhausted')).map((e) => e.rounds),
      [3],
    );
    // Paging it by hand is refused before anything is asked: never "asked to page", then "could not page".
    const before = (await entries(inc.id, 'page-requested')).length;
    const page = await pageByHand(inc.id);
    assert.equal(page.status, 409);
    assert.equal(
      page.body.error.message,
      `A page for #${inc.number} would reach nobody: Support and Stakeholder have no verified contact method`,
    );
    assert.equal((await entries(inc.id, 'page-requested')).length, before);
  });

  test('a reachable person among unreachable ones holds the level for its timeout', async () => {
    const inc = await paged('Partly reachable', 0, [
      level(30, t.users.support.id, t.users.responder.id),
      level(30, t.users.admin.id),
    ]);
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [1, 0]);
    await minutes(29);
    assert.equal(mails('admin', inc.number), 0, await story(inc.id));
    await minutes(1);
    assert.equal(mails('admin', inc.number), 1, await story(inc.id));
  });
});

describe('by hand', () => {
  test('acknowledging stops the escalation; nothing is paged after it', async () => {
    const inc = await paged('Acknowledged', 3, [level(5, t.users.responder.id)]);
    const ack = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.id}/acknowledge` });
    assert.deepEqual(ack.body, { escalations: 1 });
    await minutes(60);
    assert.equal(mails('responder', inc.number), 1);
    assert.equal((await escalation(inc.id)).state, 'acknowledged');
  });

  test('escalate now pages the next level at once; a jump goes to the level asked for', async () => {
    const inc = await paged('By hand', 0, [
      level(30, t.users.responder.id),
      level(30, t.users.admin.id),
      level(30, t.users.responder.id),
    ]);
    const now = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/escalate`,
      payload: {},
    });
    assert.deepEqual(now.body, { escalations: 1 });
    await run();
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [1, 1]);
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/escalate`,
      payload: { level: 3 },
    });
    await run();
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [2, 1]);
    assert.deepEqual(
      (await entries(inc.id, 'paged')).map((e) => e.level),
      [1, 2, 3],
    );
    assert.deepEqual(
      (await entries(inc.id, 'escalated')).map((e) => e.level),
      ['next', 3],
    );
    await minutes(30);
    assert.equal((await escalation(inc.id)).state, 'exhausted', 'the jump replaced the pending step');
    assert.deepEqual([mails('responder', inc.number), mails('admin', inc.number)], [2, 1]);
  });
});
