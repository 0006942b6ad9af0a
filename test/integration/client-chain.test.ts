/**
 * The agency chain for client incidents on a real database, a real SMTP sink and a Slack stand-in:
 * linking an incident to a client pages our strategist for them, then the PM after the level's
 * timeout, then the lead developer; the client's own contacts are reached in their order, Slack
 * included (seed 003's order by default).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { fakesOutbound } from '../helpers/fakes/allow.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let slack: FakeSlack;
let channels: ReturnType<typeof createChannels>;
const people: Record<'strategist' | 'pm' | 'lead', string> = { strategist: '', pm: '', lead: '' };

before(async () => {
  sink = await startSmtpSink();
  slack = await startFakeSlack({ users: ['U0ANNCTO', 'U0BOBOPS'] });
  channels = createChannels(
    {
      email: emailConfigFor(sink),
      slack: { token: slack.token, apiUrl: slack.apiUrl },
      twilio: null,
      webhook: null,
    },
    fakesOutbound,
  );
  t = await createTestApp({ channels });
  for (const who of ['strategist', 'pm', 'lead'] as const) {
    const u = await t.addUser('responder', `${who}@agency.example`);
    people[who] = u.id;
    // A verified email address, as if confirmed with its code.
    await t.db.pool.query(
      `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
      [u.id, `${who}@agency.example`, t.clock.now()],
    );
  }
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
  await slack.close();
});

const run = () => runJobs(t);

async function minutes(n: number) {
  t.clock.advance(n * 60_000);
  await run();
}

/** Mails to `address` about incident `number`. */
const mails = (address: string, number: number) =>
  sink.messages.filter((m) => m.envelope.to.includes(address) && m.subject?.includes(`#${number}`)).length;

async function addClient(body: Record<string, unknown>) {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/clients',
    payload: { tier: 'Standard', ...body },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** A P1 incident in an area no team answers for, linked to `clientId`. */
async function clientIncident(title: string, clientId: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'FE', scope: 'ALL', criticality: 'ALLBLOCK' },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  const linked = await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${inc.body.id}/client`,
    payload: { clientId },
  });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  await run();
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function paged(incidentId: string): Promise<string[][]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === 'paged')
    .map((e: { data: { people: string[] } }) => e.data.people);
}

describe('the agency chain', () => {
  test('a client incident pages the Strategist, then the PM after the timeout, then the lead developer', async () => {
    const client = await addClient({
      name: 'Acme Shop',
      chain: { strategist: people.strategist, pm: people.pm, 'lead-developer': people.lead },
      chainLevels: [
        { role: 'strategist', timeoutMinutes: 10 },
        { role: 'pm', timeoutMinutes: 10 },
        { role: 'lead-developer', timeoutMinutes: 10 },
      ],
    });
    const inc = await clientIncident('Acme checkout down', client.id);
    assert.equal(mails('strategist@agency.example', inc.number), 1, 'the strategist at once');
    assert.equal(mails('pm@agency.example', inc.number), 0);
    // The incident is a P1: like any policy, the chain's 10-minute levels are halved.
    await minutes(4);
    assert.equal(mails('pm@agency.example', inc.number), 0, 'not before the timeout');
    await minutes(1);
    assert.equal(mails('pm@agency.example', inc.number), 1, 'the PM after the timeout');
    assert.equal(mails('lead@agency.example', inc.number), 0);
    await minutes(5);
    assert.equal(mails('lead@agency.example', inc.number), 1, 'then the lead developer');
    assert.deepEqual(await paged(inc.id), [[people.strategist], [people.pm], [people.lead]]);
    const esc = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/escalations`,
    });
    assert.equal(esc.body.items[0].policyName, 'Acme Shop chain');
    assert.equal(esc.body.items[0].policyId, null);
  });

  test('the chain is the default order unless the client says otherwise, and acknowledging stops it', async () => {
    const made = await addClient({
      name: 'Bolt Ltd',
      chain: { strategist: people.strategist, pm: people.pm, 'lead-developer': people.lead },
    });
    assert.deepEqual(made.chainLevels, [
      { role: 'strategist', timeoutMinutes: 15 },
      { role: 'pm', timeoutMinutes: 15 },
      { role: 'lead-developer', timeoutMinutes: 15 },
    ]);
    const pmFirst = await addClient({
      name: 'Cobalt BV',
      chain: { strategist: people.strategist, pm: people.pm },
      chainLevels: [
        { role: 'pm', timeoutMinutes: 5 },
        { role: 'strategist', timeoutMinutes: 5 },
      ],
    });
    const inc = await clientIncident('Cobalt search broken', pmFirst.id);
    assert.equal(mails('pm@agency.example', inc.number), 1);
    assert.equal(mails('strategist@agency.example', inc.number), 0);
    const ack = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.id}/acknowledge` });
    assert.ok(ack.status < 300, JSON.stringify(ack.body));
    await minutes(30);
    assert.equal(mails('strategist@agency.example', inc.number), 0, 'acknowledged: nobody else');
    assert.deepEqual(await paged(inc.id), [[people.pm]]);
  });

  test('a client with nobody in its chain leaves paging as it was', async () => {
    const c = await addClient({ name: 'Foxtrot SA' });
    const inc = await clientIncident('Foxtrot images missing', c.id);
    const esc = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/escalations`,
    });
    assert.deepEqual(esc.body.items, []);
    assert.deepEqual(await paged(inc.id), []);
  });

  test('the chain levels are checked: a role twice is a 400 naming the field', async () => {
    const res = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/clients',
      payload: {
        name: 'Twice',
        tier: 'Standard',
        chainLevels: [
          { role: 'pm', timeoutMinutes: 5 },
          { role: 'pm', timeoutMinutes: 5 },
        ],
      },
    });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /chainLevels/);
  });
});

describe('the client’s contacts', () => {
  test('seed 003’s order is the default: phone, then texting, Slack, email', async () => {
    const c = await addClient({
      name: 'Delta Inc',
      emergencyContacts: [{ name: 'Dee', email: 'dee@delta.example' }],
    });
    assert.deepEqual(c.emergencyContacts[0].order, ['phone', 'sms', 'slack', 'email']);
  });

  test('a contact with Slack first is messaged on Slack first, and a failing Slack falls to email', async () => {
    const client = await addClient({
      name: 'Echo GmbH',
      emergencyContacts: [
        {
          name: 'Ann (CTO)',
          slack: 'U0ANNCTO',
          email: 'ann@echo.example',
          order: ['slack', 'email', 'phone', 'sms'],
        },
        { name: 'Bob (Ops)', slack: 'U0BOBOPS', email: 'bob@echo.example', order: ['slack', 'email'] },
      ],
    });
    slack.fail('U0BOBOPS', { error: 'channel_not_found' });
    const inc = await clientIncident('Echo payments failing', client.id);
    const sent = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/client/notify`,
      payload: { message: 'We are on it: payments fail for some shoppers.' },
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await run();
    await run();
    const toAnn = slack.messages.filter((m) => m.channel === 'U0ANNCTO');
    assert.equal(toAnn.length, 1, 'Ann on Slack');
    assert.match(toAnn[0]!.text!, /payments fail for some shoppers/);
    assert.doesNotMatch(JSON.stringify(toAnn[0]!.blocks), /https?:/, 'no link into Expedite for a client');
    assert.equal(sink.messages.filter((m) => m.envelope.to.includes('ann@echo.example')).length, 0);
    assert.equal(
      sink.messages.filter((m) => m.envelope.to.includes('bob@echo.example')).length,
      1,
      'Bob by email',
    );
    assert.deepEqual(slack.violations, []);
  });
});
