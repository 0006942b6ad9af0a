/**
 * Updates with audiences over HTTP on a real database, a real SMTP server as the mail sink and time
 * moved by hand: an update written once goes to the team in technical words and to stakeholders in
 * plain words, to the chat and status-page jobs with their contract payloads, and onto the timeline;
 * an audience that cannot be reached sends nothing; a P1's comms lead is reminded when its update
 * is 30 minutes due and the API shows it overdue; admins change templates, cadence and lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { scheduleCadence } from '../../src/updates/cadence.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  await verifiedEmail(t.users.responder.token, 'responder@example.com');
  await verifiedEmail(t.users.stakeholder.token, 'stakeholder@example.com');
  const set = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/update-settings',
    payload: { stakeholders: { default: ['Board@example.com', 'ops-managers@example.com'] } },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(set.body.stakeholders.default, ['board@example.com', 'ops-managers@example.com']);
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Gives the token's person a verified email address, reading the code from the sink. */
async function verifiedEmail(token: string, address: string) {
  const call = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
  const made = (await call('/api/v1/me/contact-methods', { kind: 'email', address })).json();
  const code = /(\d{6})/.exec(sink.messages.findLast((m) => m.envelope.to.includes(address))!.text!)![1];
  assert.equal((await call(`/api/v1/me/contact-methods/${made.id}/verify`, { code })).json().verified, true);
}

const run = () => runJobs(t);

async function declared(title: string, urgency: 'P1' | 'P2' | 'P3') {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      scope: 'USERS',
      criticality: 'FBLOCK',
      area: 'BE',
      urgency,
      urgencyReason: 'test',
      takeOwnership: true,
      page: false,
      noPageReason: 'test',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  return { id: inc.body.id as string, number: inc.body.number as number };
}

const mailsTo = (address: string, subject: RegExp) =>
  sink.messages.filter((m) => m.envelope.to.includes(address) && subject.test(m.subject ?? ''));

async function jobPayload(key: string) {
  const { rows } = await t.db.pool.query('SELECT kind, payload FROM jobs WHERE key = $1', [key]);
  return rows[0];
}

describe('an update to its audiences', () => {
  test('stakeholders get the plain version and the team the technical one; chat and status page are queued', async () => {
    const inc = await declared('Checkout fails', 'P2');
    const body = {
      stage: 'identified',
      technical: 'Owner {{owner}}: pool exhausted on payments-db after the deploy ({{urgency}}).',
      plain: 'Paying is failing: {{tagline_plain}}. We found the cause.',
      audiences: ['internal', 'stakeholders', 'public'],
      dataLoss: 'None.',
    };
    const preview = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/updates/preview`,
      payload: body,
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body.audiences, [
      {
        audience: 'internal',
        recipients: ['The incident channel and the broadcast channel', 'Responder <responder@example.com>'],
        subject: `#${inc.number} update (cause identified): USERS-FBLOCK-BE: Checkout fails`,
        text: 'Owner Responder: pool exhausted on payments-db after the deploy (P2).\n\nData loss:\nNone.',
        problem: null,
      },
      {
        audience: 'stakeholders',
        recipients: ['board@example.com', 'ops-managers@example.com'],
        subject: 'Update (cause identified): Checkout fails',
        text:
          'Paying is failing: Checkout fails (some customers, a feature is blocked, back end). We found the cause.' +
          '\n\nData loss:\nNone.',
        problem: null,
      },
      {
        audience: 'public',
        recipients: ['Every public status page'],
        subject: 'Status: identified',
        text:
          'Paying is failing: Checkout fails (some customers, a feature is blocked, back end). We found the cause.' +
          '\n\nData loss:\nNone.',
        problem: null,
      },
    ]);
    assert.equal(
      sink.messages.filter((m) => /update/.test(m.subject ?? '')).length,
      0,
      'a preview sends nothing',
    );

    const sent = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/updates`,
      payload: body,
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const id = sent.body.id as string;
    await run();

    const plain = mailsTo('board@example.com', /^Update \(cause identified\): Checkout fails$/);
    assert.equal(plain.length, 1);
    assert.equal(
      plain[0]!.text!.trim(),
      'Paying is failing: Checkout fails (some customers, a feature is blocked, back end). We found the cause.\n\nData loss:\nNone.',
    );
    assert.equal(mailsTo('ops-managers@example.com', /^Update/).length, 1);
    const technical = mailsTo('responder@example.com', /update \(cause identified\)/);
    assert.equal(technical.length, 1);
    assert.equal(
      technical[0]!.text!.trim(),
      'Owner Responder: pool exhausted on payments-db after the deploy (P2).\n\nData loss:\nNone.',
    );
    assert.deepEqual(sink.violations, []);

    assert.deepEqual(await jobPayload(`chat-post-update:${id}`), {
      kind: 'chat-post-update',
      payload: {
        incidentId: inc.id,
        updateId: id,
        text: 'Owner Responder: pool exhausted on payments-db after the deploy (P2).\n\nData loss:\nNone.',
      },
    });
    assert.deepEqual(await jobPayload(`statuspage-publish:${id}`), {
      kind: 'statuspage-publish',
      payload: {
        incidentId: inc.id,
        updateId: id,
        status: 'identified',
        body: 'Paying is failing: Checkout fails (some customers, a feature is blocked, back end). We found the cause.\n\nData loss:\nNone.',
      },
    });

    const timeline = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/timeline`,
    });
    const entry = timeline.body.items.find((e: { kind: string }) => e.kind === 'update-sent');
    assert.deepEqual(entry.data, {
      updateId: id,
      stage: 'identified',
      audiences: ['internal', 'stakeholders', 'public'],
      text: 'Paying is failing: Checkout fails (some customers, a feature is blocked, back end). We found the cause.',
    });
    assert.equal(entry.actor.name, 'Responder');

    const list = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/updates` });
    assert.equal(list.status, 200);
    assert.equal(list.body.updates.length, 1);
    assert.deepEqual(list.body.updates[0].audiences, ['internal', 'stakeholders', 'public']);
    assert.equal(list.body.updates[0].dataLoss, 'None.');
    assert.equal(list.body.cadence.minutes, 60);
    assert.equal(
      list.body.drafts.resolved.plain,
      'We are back: the service works normally again. The problem lasted 0 min.',
    );
  });

  test('an audience that cannot be reached sends nothing; a missing text is named', async () => {
    const inc = await declared('Search is slow', 'P3');
    const noClient = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/updates`,
      payload: { stage: 'investigating', plain: 'Search is slow.', audiences: ['stakeholders', 'clients'] },
    });
    assert.equal(noClient.status, 409, JSON.stringify(noClient.body));
    assert.match(noClient.body.error.message, /clients: This incident has no client/);
    const list = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/updates` });
    assert.deepEqual(list.body.updates, []);
    assert.equal(list.body.cadence.minutes, null, 'P3: on change');
    assert.equal(list.body.cadence.nextDueAt, null);

    const noPlain = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/updates`,
      payload: { stage: 'investigating', technical: 'slow query', audiences: ['internal', 'stakeholders'] },
    });
    assert.equal(noPlain.status, 400);
    assert.match(JSON.stringify(noPlain.body), /plain/);
    const stakeholder = await t.call('stakeholder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/updates`,
      payload: { stage: 'investigating', technical: 'x', audiences: ['internal'] },
    });
    assert.equal(stakeholder.status, 403);
  });
});

describe('cadence', () => {
  test("a P1's comms lead is reminded at 30 minutes and the update shows overdue", async () => {
    const inc = await declared('Nobody can log in', 'P1');
    const role = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/roles`,
      payload: { person: 'stakeholder@example.com', role: 'comms-lead' },
    });
    assert.ok(role.status < 300, JSON.stringify(role.body));
    const declaredAt = t.clock.now().getTime();
    await scheduleCadence(t.db.pool, t.clock.now());
    const due = /^#\d+: an update is due/;
    const reminders = () =>
      mailsTo('stakeholder@example.com', due).filter((m) => m.subject!.startsWith(`#${inc.number}:`));

    t.clock.advance(29 * 60_000);
    await run();
    assert.equal(reminders().length, 0, 'not before 30 minutes');
    let state = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/updates` });
    assert.deepEqual(state.body.cadence, {
      minutes: 30,
      nextDueAt: new Date(declaredAt + 30 * 60_000).toISOString(),
      overdue: false,
      remind: 'Stakeholder',
    });

    t.clock.advance(60_000);
    await run();
    assert.equal(reminders().length, 1, 'the comms lead is reminded');
    assert.equal(
      mailsTo('responder@example.com', due).filter((m) => m.subject!.startsWith(`#${inc.number}:`)).length,
      0,
      'not the owner',
    );
    state = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/updates` });
    assert.equal(state.body.cadence.overdue, true);
    t.clock.advance(5 * 60_000);
    await run();
    assert.equal(reminders().length, 1, 'once per due time');
    t.clock.advance(25 * 60_000);
    await run();
    assert.equal(reminders().length, 2, 'again 30 minutes later while still overdue');

    const sent = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/updates`,
      payload: { stage: 'investigating', technical: 'Auth service down', audiences: ['internal'] },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    state = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/updates` });
    assert.equal(state.body.cadence.overdue, false);
    assert.equal(state.body.cadence.nextDueAt, new Date(declaredAt + 90 * 60_000).toISOString());
  });

  test('admins set the cadence and templates; others may not', async () => {
    const put = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/update-settings',
      payload: {
        cadence: { P3: 120 },
        templates: { investigating: { technical: 'T {{number}}', plain: 'P {{service}}' } },
      },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.cadence, { P1: 30, P2: 60, P3: 120, P4: null });
    const inc = await declared('Export is slow', 'P3');
    const got = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/updates` });
    assert.equal(got.body.cadence.minutes, 120);
    assert.deepEqual(got.body.drafts.investigating, { technical: `T ${inc.number}`, plain: 'P the service' });
    const reset = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/update-settings',
      payload: { cadence: { P3: null }, templates: { investigating: null } },
    });
    assert.equal(reset.body.cadence.P3, null);
    assert.match(reset.body.templates.investigating.plain, /^We are looking into a problem/);
    const bad = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/update-settings',
      payload: { stakeholders: { services: [{ id: '00000000-0000-4000-8000-000000000000', emails: [] }] } },
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /stakeholders\.services\.0\.id/);
    const responder = await t.call('responder', { method: 'GET', url: '/api/v1/update-settings' });
    assert.equal(responder.status, 403);
  });
});
