/**
 * Telling a client's emergency contacts, against a real SMTP sink and the Twilio stand-in: each
 * contact is tried in their own channel order, a failing channel falls to the next, a contact no
 * channel reaches is written down, nothing is sent twice, the messages carry no acknowledge link
 * or link into Expedite, and the request counts as the first response for the client's SLA.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeTwilio, twilioConfigFor, type FakeTwilio } from '../helpers/fakes/twilio.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const ANN = '+31612340001';
let t: TestApp;
let sink: SmtpSink;
let twilio: FakeTwilio;
let channels: ReturnType<typeof createChannels>;

before(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  channels = createChannels({
    email: emailConfigFor(sink),
    slack: null,
    twilio: twilioConfigFor(twilio),
    webhook: null,
  });
  t = await createTestApp({ channels, twilioAuthToken: twilio.authToken });
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
  await twilio.close();
});

async function declare(title: string) {
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'BE', scope: 'ALL', criticality: 'FBLOCK' },
  });
  assert.equal(res.status, 201);
  return res.body as { id: string; number: number };
}

const notify = (ref: string | number, message: unknown) =>
  t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${ref}/client/notify`,
    payload: { message },
  });

test('each contact in their own order: a failed call falls to SMS, no phone falls to email, nobody reached is said', async () => {
  const client = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/clients',
    payload: {
      name: 'Acme Shop',
      tier: 'Standard',
      emergencyContacts: [
        { name: 'Ann (CTO)', phone: ANN, email: 'ann@acme.example', order: ['phone', 'sms', 'email'] },
        { name: 'Bob (ops)', email: 'bob@acme.example', order: ['sms', 'email'] },
        { name: 'Cy', order: ['phone'] },
      ],
    },
  });
  assert.equal(client.status, 201, JSON.stringify(client.body));
  const inc = await declare('Checkout fails for Acme');
  const none = await notify(inc.number, 'We are on it.');
  assert.equal(none.status, 409, 'no client yet');
  const set = await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${inc.number}/client`,
    payload: { clientId: client.body.id },
  });
  assert.equal(set.status, 200);
  const empty = await notify(inc.number, '   ');
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.details[0].field, 'body.message');

  twilio.fail(ANN, { status: 400, code: 13224, message: 'Invalid phone number for calls' }, 1);
  const message = 'We are aware that checkout fails and are working on it. Next update by 10:30.';
  const res = await notify(inc.number, message);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.deepEqual(res.body, { contacts: 3 });
  await t.app.worker.runDue();

  const sms = twilio.messages.filter((m) => m.to === ANN);
  assert.equal(sms.length, 1, 'Ann: the call failed, the SMS went');
  assert.equal(sms[0]!.body, message, 'just the message: no acknowledge link');
  assert.equal(twilio.calls.filter((c) => c.to === ANN).length, 0);
  const mails = sink.messages.filter((m) => m.envelope.to.includes('bob@acme.example'));
  assert.equal(mails.length, 1, 'Bob: no phone for SMS, so email');
  assert.equal(mails[0]!.subject, `Acme Shop: update on incident #${inc.number}`);
  assert.equal(mails[0]!.text?.trim(), message);
  assert.doesNotMatch(mails[0]!.html ?? '', /ack|incidents\//i);
  assert.equal(sink.messages.filter((m) => m.envelope.to.includes('ann@acme.example')).length, 0);

  const timeline = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/incidents/${inc.number}/timeline`,
  });
  const entries = (timeline.body.items as { kind: string; data: Record<string, string> }[])
    .filter((e) => e.kind.startsWith('client-'))
    .map((e) => [e.kind, e.data.contact ?? '', e.data.channel ?? ''].join(' ').trim());
  assert.deepEqual(entries.sort(), [
    'client-notified Ann (CTO) sms',
    'client-notified Bob (ops) email',
    'client-notify-failed Ann (CTO) voice',
    'client-notify-failed Bob (ops) sms',
    'client-notify-failed Cy voice',
    'client-notify-requested',
    'client-set',
    'client-unreachable Cy',
  ]);

  // Nothing more to send, and nothing is sent twice.
  await t.app.worker.runDue();
  assert.equal(twilio.messages.filter((m) => m.to === ANN).length, 1);
  assert.equal(sink.messages.filter((m) => m.envelope.to.includes('bob@acme.example')).length, 1);

  const sla = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.number}/sla` });
  const respond = (sla.body.clocks as { clock: string; state: string }[]).find((c) => c.clock === 'respond');
  assert.equal(respond?.state, 'met', 'telling the client is a first response');
  assert.deepEqual(twilio.violations, []);
  assert.deepEqual(sink.violations, []);
});

test('a client without emergency contacts: 409 saying so', async () => {
  const client = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/clients',
    payload: { name: 'Quiet Co', tier: 'Basic' },
  });
  assert.equal(client.status, 201);
  const inc = await declare('Quiet Co cannot log in');
  await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${inc.number}/client`,
    payload: { clientId: client.body.id },
  });
  const res = await notify(inc.number, 'Hello');
  assert.equal(res.status, 409);
  assert.match(res.body.error.message, /Quiet Co has no emergency contacts/);
});
