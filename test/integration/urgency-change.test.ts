/**
 * A change of urgency while an escalation runs, over HTTP on a real database with a real SMTP sink
 * and a Teams stand-in: raised from P2 to P1, the running escalation takes P1's shape from now
 * (every method of the current level at once, the next level after the halved timeout) without
 * paging a level twice; lowered from P1 to P2, nothing already sent is cancelled and nothing comes
 * later than planned; raised to a shape without the current level, the next level it has is paged
 * at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { fakesOutbound } from '../helpers/fakes/allow.ts';
import { startFakeTeams, type FakeTeams } from '../helpers/fakes/teams.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let teams: FakeTeams;
let channels: ReturnType<typeof createChannels>;
let policyId: string;

before(async () => {
  sink = await startSmtpSink();
  teams = await startFakeTeams();
  channels = createChannels(
    { email: emailConfigFor(sink), slack: null, twilio: null, webhook: null },
    fakesOutbound,
  );
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z')); // a Tuesday, within business hours
  const mail = await method('responder', 'email', 'responder@example.com', () =>
    code(sink.messages.at(-1)?.text),
  );
  const chat = await method('responder', 'teams', teams.workflowUrl('responder'), () =>
    code(JSON.stringify(teams.posts.at(-1))),
  );
  await method('admin', 'email', 'admin@example.com', () => code(sink.messages.at(-1)?.text));
  const rules = await t.call('responder', {
    method: 'PUT',
    url: '/api/v1/me/notification-rules',
    payload: {
      rules: [
        { contactMethodId: mail, delayMinutes: 0 },
        { contactMethodId: chat, delayMinutes: 3 },
      ],
    },
  });
  assert.equal(rules.status, 200, JSON.stringify(rules.body));
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Back office',
      levels: [
        { timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.responder.id }] },
        { timeoutMinutes: 20, targets: [{ type: 'user', id: t.users.admin.id }] },
      ],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  policyId = policy.body.id;
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Back-end', areas: ['BE'], escalationPolicyId: policy.body.id },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
  await teams.close();
});

const code = (text: string | null | undefined) => /(\d{6})/.exec(text ?? '')![1]!;

async function method(role: 'responder' | 'admin', kind: string, address: string, read: () => string) {
  const made = await t.call(role, {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind, address },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const ok = await t.call(role, {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code: read() },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  return made.body.id as string;
}

const run = () => runJobs(t);

/** Moves the clock to `minute`:`second` past 10:00 and runs what is due. */
async function at(minute: number, second = 0) {
  t.clock.set(new Date(Date.UTC(2026, 2, 10, 10, minute, second)));
  await run();
}

/** What reached whom for incident `number`: [responder mail, responder Teams, admin mail]. */
function reached(number: number): number[] {
  const mine = (s: string | null | undefined) => new RegExp(`#${number}\\b`).test(s ?? '');
  return [
    sink.messages.filter((m) => m.envelope.to.includes('responder@example.com') && mine(m.subject)).length,
    teams.posts.filter((p) => p.name === 'responder' && mine(JSON.stringify(p.card))).length,
    sink.messages.filter((m) => m.envelope.to.includes('admin@example.com') && mine(m.subject)).length,
  ];
}

/** Declares a back-office incident (paged at declaration: its decision is expedite). */
async function declared(title: string, criticality: string, urgency: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'BE', scope: 'ALL', criticality },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  assert.equal(inc.body.urgency, urgency);
  await run();
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function setUrgency(id: string, urgency: string) {
  const res = await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${id}/urgency`,
    payload: { urgency, reason: `now ${urgency}` },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await run();
}

async function entries(id: string, kind: string): Promise<any[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

async function acknowledge(id: string) {
  const ack = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/acknowledge` });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
}

test('raised from P2 to P1: every method of the current level now, the next level after the halved timeout', async () => {
  await at(0);
  const inc = await declared('Reports slow', 'FBEHAV', 'P2');
  assert.deepEqual(reached(inc.number), [1, 0, 0], 'mail first, by the rules');
  await at(1);
  await setUrgency(inc.id, 'P1');
  assert.deepEqual(reached(inc.number), [1, 1, 0], 'Teams now, mail not again');
  const [reshaped] = await entries(inc.id, 'escalation-reshaped');
  assert.deepEqual(
    { ...reshaped, escalationId: undefined },
    {
      escalationId: undefined,
      from: 'P2',
      to: 'P1',
      level: 1,
      allMethodsAtOnce: true,
      nextAt: '2026-03-10T10:06:00.000Z',
    },
  );
  await at(3);
  assert.deepEqual(reached(inc.number), [1, 1, 0], 'the Teams rule is not sent twice');
  await at(5, 59);
  assert.deepEqual(reached(inc.number), [1, 1, 0], 'not before 5 minutes from the raise');
  await at(6);
  assert.deepEqual(reached(inc.number), [1, 1, 1], 'level 2 at 10:06, not 10:10');
  assert.deepEqual(
    (await entries(inc.id, 'paged')).map((e) => e.level),
    [1, 2],
    'each level paged once',
  );
  await acknowledge(inc.id);
});

test('lowered from P1 to P2: nothing sent is cancelled, nothing comes later than planned', async () => {
  await at(20);
  const inc = await declared('Checkout down', 'ALLBLOCK', 'P1');
  assert.deepEqual(reached(inc.number), [1, 1, 0], 'every method at once');
  await at(21);
  await setUrgency(inc.id, 'P2');
  assert.deepEqual(reached(inc.number), [1, 1, 0]);
  assert.deepEqual(
    (await entries(inc.id, 'escalation-reshaped')).map((e) => [e.from, e.to, e.allMethodsAtOnce, e.nextAt]),
    [['P1', 'P2', false, '2026-03-10T10:25:00.000Z']],
  );
  await at(24, 59);
  assert.deepEqual(reached(inc.number), [1, 1, 0]);
  await at(25);
  assert.deepEqual(reached(inc.number), [1, 1, 1], 'level 2 still at the halved 5 minutes');
  await acknowledge(inc.id);
  assert.deepEqual(teams.violations, []);
  assert.deepEqual(sink.violations, []);
});

test('raised to a P1 whose rule skips the current level: the next level the new shape has is paged now', async () => {
  const put = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/escalation-policies/${policyId}`,
    payload: {
      name: 'Back office',
      levels: [
        { timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.responder.id }] },
        { timeoutMinutes: 20, targets: [{ type: 'user', id: t.users.admin.id }] },
      ],
      urgency: { P1: { levels: [{ level: 2, timeoutMinutes: 4 }] } },
    },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  await at(40);
  const inc = await declared('Exports slow', 'FBEHAV', 'P2');
  assert.deepEqual(reached(inc.number), [1, 0, 0]);
  await at(41);
  await setUrgency(inc.id, 'P1');
  assert.deepEqual(reached(inc.number), [1, 0, 1], 'the admin (the policy’s level 2) now');
  assert.deepEqual(
    (await entries(inc.id, 'paged')).map((e) => [e.level, e.policyLevel]),
    [
      [1, 1],
      [1, 2],
    ],
  );
  await at(46);
  const esc = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/escalations` });
  assert.equal(esc.body.items[0].state, 'exhausted', 'its one level of 4 minutes is over');
  assert.deepEqual(reached(inc.number), [1, 1, 1], 'the responder’s pending Teams rule was not cancelled');
});
