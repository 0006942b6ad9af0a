/**
 * Paging by phone, SMS and Slack against local stand-ins that check Twilio's and Slack's
 * documented contracts: for a P2 the person's rules run in order (call, then text, then Slack), a key press
 * other than 1 does not acknowledge, an SMS reply "ACK" does (signed as Twilio signs), and a
 * delivery report of a failed SMS moves on to the next channel at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';
import { startFakeTwilio, twilioConfigFor, type FakeTwilio } from '../helpers/fakes/twilio.ts';

const PHONE = '+31612345678';
const SLACK_USER = 'U0123ABCD';
const PUBLIC = 'http://127.0.0.1:8080';
let t: TestApp;
let twilio: FakeTwilio;
let slack: FakeSlack;
let channels: ReturnType<typeof createChannels>;

before(async () => {
  twilio = await startFakeTwilio();
  slack = await startFakeSlack({ users: [SLACK_USER] });
  channels = createChannels({
    email: null,
    slack: { token: slack.token, apiUrl: slack.apiUrl },
    twilio: twilioConfigFor(twilio),
    webhook: null,
  });
  t = await createTestApp({ channels, twilioAuthToken: twilio.authToken });
});
after(async () => {
  await t.close();
  await twilio.close();
  await slack.close();
});

/** Posts form fields to `path` signed the way Twilio signs them. */
function fromTwilio(path: string, params: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.signature(`${PUBLIC}${path}`, params),
    },
    payload: new URLSearchParams(params).toString(),
  });
}

async function method(kind: 'voice' | 'sms' | 'slack', address: string, code: () => string) {
  const made = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind, address },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const ok = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code: code() },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  return made.body.id as string;
}

const lastCode = (text: string | undefined) => /(\d{6})/.exec(text ?? '')![1]!;

test('call, then text, then Slack; a wrong key does nothing; "ACK" by SMS acknowledges', async () => {
  const voice = await method('voice', PHONE, () => lastCode(twilio.calls.at(-1)?.twiml));
  const sms = await method('sms', PHONE, () => lastCode(twilio.messages.at(-1)?.body));
  const chat = await method('slack', SLACK_USER, () => lastCode(slack.messages.at(-1)?.text));
  const rules = await t.call('responder', {
    method: 'PUT',
    url: '/api/v1/me/notification-rules',
    payload: {
      rules: [
        { contactMethodId: voice, delayMinutes: 0 },
        { contactMethodId: sms, delayMinutes: 1 },
        { contactMethodId: chat, delayMinutes: 3 },
      ],
    },
  });
  assert.equal(rules.status, 200);
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'On call',
      levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.responder.id }] }],
    },
  });
  await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Back-end', areas: ['BE'], escalationPolicyId: policy.body.id },
  });
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Payments time out', area: 'BE', scope: 'ALL', criticality: 'FBEHAV' },
  });
  await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: 'customers cannot pay' },
  });
  const calls = twilio.calls.length;
  await t.app.worker.runDue();
  assert.equal(twilio.calls.length, calls + 1, 'a phone call first');
  const twiml = twilio.calls.at(-1)!.twiml!;
  const action = /action="([^"]+)"/.exec(twiml)![1]!.replaceAll('&amp;', '&');
  const keyTwo = await fromTwilio(new URL(action).pathname, {
    Digits: '2',
    CallSid: twilio.calls.at(-1)!.sid,
  });
  assert.match(keyTwo.body, /Not acknowledged/);
  const forged = await t.app.inject({
    method: 'POST',
    url: new URL(action).pathname,
    headers: { 'x-twilio-signature': 'nope', 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'Digits=1',
  });
  assert.equal(forged.statusCode, 401);

  const texts = twilio.messages.length;
  t.clock.advance(60_000);
  await t.app.worker.runDue();
  assert.equal(twilio.messages.length, texts + 1, 'then a text after a minute');
  assert.match(twilio.messages.at(-1)!.body, /#\d+ .*ack: http/);

  const reply = await fromTwilio('/api/v1/notify/twilio/sms', {
    From: PHONE,
    To: twilio.from,
    Body: 'ack',
    MessageSid: 'SMx',
  });
  assert.equal(reply.statusCode, 200);
  assert.match(reply.body, /<Message>Acknowledged #\d+/);
  const slackBefore = slack.messages.length;
  t.clock.advance(5 * 60_000);
  await t.app.worker.runDue();
  assert.equal(slack.messages.length, slackBefore, 'nothing more after the acknowledgement');
  const incident = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.body.id}` });
  assert.equal(incident.body.owner.id, t.users.responder.id);
  assert.deepEqual(twilio.violations, []);
  assert.deepEqual(slack.violations, []);
});

test('a failed SMS delivery report moves on to Slack at once', async () => {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Search is down', area: 'BE', scope: 'ALL', criticality: 'FBEHAV' },
  });
  await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: 'search down' },
  });
  await t.app.worker.runDue();
  t.clock.advance(60_000);
  await t.app.worker.runDue();
  const sms = twilio.messages.at(-1)!;
  const slackBefore = slack.messages.length;
  const report = await fromTwilio('/api/v1/notify/twilio/status', {
    MessageSid: sms.sid,
    MessageStatus: 'undelivered',
    ErrorCode: '30003',
  });
  assert.equal(report.statusCode, 204);
  await t.app.worker.runDue();
  assert.equal(slack.messages.length, slackBefore + 1, 'Slack now, not in two minutes');
  assert.equal(slack.messages.at(-1)!.channel, SLACK_USER);
  const unsigned = await t.app.inject({
    method: 'POST',
    url: '/api/v1/notify/twilio/status',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'MessageSid=x&MessageStatus=failed',
  });
  assert.equal(unsigned.statusCode, 401);
});
