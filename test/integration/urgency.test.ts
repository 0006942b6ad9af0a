/**
 * Urgency shapes escalation, over the HTTP API on a real database, with a real SMTP server as the
 * mail sink and the Twilio and Slack stand-ins: a P1 reaches every verified method of the first
 * person at once and halves the level timeouts; a P2 follows the person's rules and the policy as
 * written; a P3 at night waits for business hours; a policy's own per-urgency rules win.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { fakesOutbound } from '../helpers/fakes/allow.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';
import { startFakeTwilio, twilioConfigFor, type FakeTwilio } from '../helpers/fakes/twilio.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

const PHONE = '+31612345678';
const SLACK_USER = 'U0123ABCD';
let t: TestApp;
let sink: SmtpSink;
let twilio: FakeTwilio;
let slack: FakeSlack;
let channels: ReturnType<typeof createChannels>;
let policyId: string;

const P1 = { scope: 'ALL', criticality: 'ALLBLOCK' };
const P2 = { scope: 'ALL', criticality: 'FBEHAV' };
const P3 = { scope: 'ADMINS', criticality: 'FBLOCK' };
const levels = () => [
  { timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.responder.id }] },
  { timeoutMinutes: 20, targets: [{ type: 'user', id: t.users.admin.id }] },
];

before(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  slack = await startFakeSlack({ users: [SLACK_USER] });
  channels = createChannels(
    {
      email: emailConfigFor(sink),
      slack: { token: slack.token, apiUrl: slack.apiUrl },
      twilio: twilioConfigFor(twilio),
      webhook: null,
    },
    fakesOutbound,
  );
  t = await createTestApp({ channels, twilioAuthToken: twilio.authToken });
  t.clock.set(new Date('2026-03-10T10:00:00Z')); // a Tuesday, within business hours (09–17 UTC)
  const code = (text: string | null | undefined) => /(\d{6})/.exec(text ?? '')![1]!;
  const voice = await method('responder', 'voice', PHONE, () => code(twilio.calls.at(-1)?.twiml));
  const sms = await method('responder', 'sms', PHONE, () => code(twilio.messages.at(-1)?.body));
  const chat = await method('responder', 'slack', SLACK_USER, () => code(slack.messages.at(-1)?.text));
  const mail = await method('responder', 'email', 'responder@example.com', () =>
    code(sink.messages.at(-1)?.text),
  );
  await method('admin', 'email', 'admin@example.com', () => code(sink.messages.at(-1)?.text));
  const rules = await t.call('responder', {
    method: 'PUT',
    url: '/api/v1/me/notification-rules',
    payload: {
      rules: [
        { contactMethodId: voice, delayMinutes: 0 },
        { contactMethodId: sms, delayMinutes: 1 },
        { contactMethodId: chat, delayMinutes: 3 },
        { contactMethodId: mail, delayMinutes: 5 },
      ],
    },
  });
  assert.equal(rules.status, 200, JSON.stringify(rules.body));
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: { name: 'Back office', levels: levels() },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  policyId = policy.body.id;
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Back-end', areas: ['BE'], escalationPolicyId: policyId },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
  await twilio.close();
  await slack.close();
});

async function method(role: 'responder' | 'admin', kind: string, address: string, code: () => string) {
  const made = await t.call(role, {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind, address },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const ok = await t.call(role, {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code: code() },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  return made.body.id as string;
}

const run = () => runJobs(t);

async function minutes(n: number) {
  t.clock.advance(n * 60_000);
  await run();
}

/** Declares a BE incident of the given classification and pages for it. */
async function paged(title: string, classification: Record<string, string>, urgency: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'BE', ...classification },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  assert.equal(inc.body.urgency, urgency);
  const page = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: title },
  });
  assert.equal(page.status, 202);
  await run();
  return { id: inc.body.id as string, number: inc.body.number as number };
}

/** What reached whom for incident `number`: [call, text, Slack, responder mail, admin mail]. */
function reached(number: number): number[] {
  const mine = (s: string | null | undefined) => new RegExp(`(#|Incident )${number}\\b`).test(s ?? '');
  return [
    twilio.calls.filter((c) => c.to === PHONE && mine(c.twiml)).length,
    twilio.messages.filter((m) => m.to === PHONE && mine(m.body)).length,
    slack.messages.filter((m) => m.channel === SLACK_USER && mine(m.text)).length,
    sink.messages.filter((m) => m.envelope.to.includes('responder@example.com') && mine(m.subject)).length,
    sink.messages.filter((m) => m.envelope.to.includes('admin@example.com') && mine(m.subject)).length,
  ];
}

async function entries(incidentId: string, kind: string): Promise<any[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

async function acknowledge(id: string) {
  const ack = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/acknowledge` });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
}

test('a P1 reaches every verified method of the first person at once, and halves the timeouts', async () => {
  const inc = await paged('Checkout down', P1, 'P1');
  assert.deepEqual(reached(inc.number), [1, 1, 1, 1, 0], 'call, text, Slack and mail at once');
  const [first] = await entries(inc.id, 'paged');
  assert.equal(first.allMethodsAtOnce, true);
  await minutes(4);
  assert.deepEqual(reached(inc.number), [1, 1, 1, 1, 0], 'nothing more before the halved timeout');
  await minutes(1);
  assert.deepEqual(reached(inc.number), [1, 1, 1, 1, 1], 'level 2 after 5 minutes, not 10');
  await acknowledge(inc.id);
  assert.deepEqual(twilio.violations, []);
  assert.deepEqual(slack.violations, []);
  assert.deepEqual(sink.violations, []);
});

test('a P2 follows the person’s rules in order and the policy as written', async () => {
  const inc = await paged('Reports slow', P2, 'P2');
  assert.deepEqual(reached(inc.number), [1, 0, 0, 0, 0], 'a call first');
  await minutes(1);
  assert.deepEqual(reached(inc.number), [1, 1, 0, 0, 0], 'then a text after a minute');
  await minutes(2);
  assert.deepEqual(reached(inc.number), [1, 1, 1, 0, 0], 'then Slack at 3 minutes');
  await minutes(2);
  assert.deepEqual(reached(inc.number), [1, 1, 1, 1, 0], 'then mail at 5 minutes');
  await minutes(4);
  assert.deepEqual(reached(inc.number), [1, 1, 1, 1, 0], 'level 2 not before 10 minutes');
  await minutes(1);
  assert.deepEqual(reached(inc.number), [1, 1, 1, 1, 1]);
  assert.equal((await entries(inc.id, 'paged'))[0].allMethodsAtOnce, false);
  await acknowledge(inc.id);
});

test('a P3 at night waits for business hours, then follows the rules', async () => {
  t.clock.set(new Date('2026-03-11T02:00:00Z')); // Wednesday night
  const inc = await paged('Export misaligned', P3, 'P3');
  assert.deepEqual(reached(inc.number), [0, 0, 0, 0, 0], 'nobody woken');
  assert.deepEqual(await entries(inc.id, 'page-deferred'), [
    { until: '2026-03-11T09:00:00.000Z', urgency: 'P3' },
  ]);
  t.clock.set(new Date('2026-03-11T08:59:00Z'));
  await run();
  assert.deepEqual(reached(inc.number), [0, 0, 0, 0, 0], 'not before 09:00');
  t.clock.set(new Date('2026-03-11T09:00:00Z'));
  await run();
  assert.deepEqual(reached(inc.number), [1, 0, 0, 0, 0], 'a call at 09:00, the rules in order');
  await minutes(1);
  assert.deepEqual(reached(inc.number), [1, 1, 0, 0, 0]);
  await acknowledge(inc.id);
});

test('a policy’s own rules per urgency: which levels, their timeouts, methods in order, any hour', async () => {
  const put = (urgency: unknown) =>
    t.call('admin', {
      method: 'PUT',
      url: `/api/v1/escalation-policies/${policyId}`,
      payload: { name: 'Back office', levels: levels(), urgency },
    });
  const bad = await put({ P1: { levels: [{ level: 3 }] } });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /urgency\.P1\.levels\.0\.level/);
  const saved = await put({
    P1: { levels: [{ level: 2, timeoutMinutes: 3 }], allMethodsAtOnce: false },
    P3: { businessHoursOnly: false },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(saved.body.effective.P1, {
    levels: [{ level: 2, timeoutMinutes: 3 }],
    allMethodsAtOnce: false,
    businessHoursOnly: false,
  });
  assert.deepEqual(saved.body.effective.P2, {
    levels: [
      { level: 1, timeoutMinutes: 10 },
      { level: 2, timeoutMinutes: 20 },
    ],
    allMethodsAtOnce: false,
    businessHoursOnly: false,
  });
  assert.deepEqual(saved.body.effective.P4.businessHoursOnly, true);

  t.clock.set(new Date('2026-03-12T10:00:00Z'));
  const p1 = await paged('Checkout down again', P1, 'P1');
  assert.deepEqual(reached(p1.number), [0, 0, 0, 0, 1], 'only level 2: the admin');
  await minutes(3);
  const esc = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${p1.id}/escalations` });
  assert.equal(esc.body.items[0].state, 'exhausted', 'one level of 3 minutes');
  assert.deepEqual(
    (await entries(p1.id, 'paged')).map((e) => [e.level, e.policyLevel]),
    [[1, 2]],
  );

  t.clock.set(new Date('2026-03-13T02:00:00Z')); // Friday night
  const p3 = await paged('Export misaligned again', P3, 'P3');
  assert.deepEqual(await entries(p3.id, 'page-deferred'), []);
  assert.deepEqual(reached(p3.number), [1, 0, 0, 0, 0], 'paged at night, as the policy says');
  await acknowledge(p3.id);
});
