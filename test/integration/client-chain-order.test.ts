/**
 * One escalation per client incident, over HTTP on a real database and a real SMTP sink: the
 * client's chain goes first and the service's chain follows in the same escalation; a client
 * linked while the service's chain runs joins it (its strategist paged now, the rest after); an
 * SLA breach while it runs pages its next level at once and says so on the timeline.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
const people: Record<'strategist' | 'pm' | 'lead', string> = { strategist: '', pm: '', lead: '' };

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z')); // a Tuesday, within business hours
  const email = async (userId: string, address: string) =>
    // A verified email address, as if confirmed with its code.
    t.db.pool.query(
      `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
      [userId, address, t.clock.now()],
    );
  for (const who of ['strategist', 'pm', 'lead'] as const) {
    people[who] = (await t.addUser('responder', `${who}@agency.example`)).id;
    await email(people[who], `${who}@agency.example`);
  }
  await email(t.users.admin.id, 'admin@example.com');
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Back office',
      levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.admin.id }] }],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
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
});

const run = () => runJobs(t);

async function minutes(n: number) {
  t.clock.advance(n * 60_000);
  await run();
}

async function client(name: string, timeoutMinutes: number) {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/clients',
    payload: {
      name,
      tier: 'Standard', // acknowledge within 30 minutes
      chain: { strategist: people.strategist, pm: people.pm, 'lead-developer': people.lead },
      chainLevels: [
        { role: 'strategist', timeoutMinutes },
        { role: 'pm', timeoutMinutes },
        { role: 'lead-developer', timeoutMinutes },
      ],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

/** A P2 back-office incident (the policies as written); paged at declaration unless `page` is false. */
async function declared(title: string, page: boolean) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      area: 'BE',
      scope: 'ALL',
      criticality: 'FBEHAV',
      ...(page ? {} : { page: false, noPageReason: 'its client is linked next' }),
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  assert.equal(inc.body.urgency, 'P2');
  await run();
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function link(incidentId: string, clientId: string) {
  const res = await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${incidentId}/client`,
    payload: { clientId },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await run();
}

/** Who each `paged` entry reached, by name. */
async function paged(incidentId: string): Promise<string[][]> {
  const names = new Map([
    [people.strategist, 'strategist'],
    [people.pm, 'pm'],
    [people.lead, 'lead'],
    [t.users.admin.id, 'admin'],
  ]);
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === 'paged')
    .map((e: { data: { people: string[] } }) => e.data.people.map((p) => names.get(p) ?? p));
}

async function entries(incidentId: string, kind: string): Promise<any[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

const escalations = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/escalations` })).body.items;

async function acknowledge(id: string) {
  const ack = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/acknowledge` });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
}

test('a client incident: the client’s chain first, then the service’s chain, in one escalation', async () => {
  const acme = await client('Acme Shop', 5);
  const inc = await declared('Acme orders stuck', false);
  await link(inc.id, acme);
  assert.deepEqual(await paged(inc.id), [['strategist']]);
  await minutes(5);
  await minutes(5);
  await minutes(5);
  assert.deepEqual(await paged(inc.id), [['strategist'], ['pm'], ['lead'], ['admin']]);
  const [esc] = await escalations(inc.id);
  assert.equal(esc.policyName, 'Acme Shop chain, then Back office');
  assert.equal(esc.levels, 4);
  await acknowledge(inc.id);
});

test('a client linked while the service’s chain runs joins it: its strategist now, then the rest', async () => {
  const bolt = await client('Bolt Ltd', 5);
  const inc = await declared('Bolt invoices wrong', true);
  assert.deepEqual(await paged(inc.id), [['admin']]);
  await minutes(2);
  await link(inc.id, bolt);
  assert.deepEqual(await paged(inc.id), [['admin'], ['strategist']], 'the strategist at once');
  assert.equal((await escalations(inc.id)).length, 1, 'still one escalation');
  await minutes(5);
  await minutes(5);
  assert.deepEqual(await paged(inc.id), [['admin'], ['strategist'], ['pm'], ['lead']]);
  await acknowledge(inc.id);
});

test('an SLA breach while the escalation runs pages its next level at once', async () => {
  const cobalt = await client('Cobalt BV', 60);
  const inc = await declared('Cobalt search broken', false);
  await link(inc.id, cobalt);
  assert.deepEqual(await paged(inc.id), [['strategist']]);
  await minutes(29);
  assert.deepEqual(await paged(inc.id), [['strategist']], 'the level’s hour is not up');
  await minutes(1);
  assert.deepEqual(await paged(inc.id), [['strategist'], ['pm']], 'the 30-minute acknowledge target');
  assert.deepEqual(await entries(inc.id, 'escalated'), [
    { by: 'sla', clock: 'acknowledge', level: 2, reason: 'SLA breached: escalated to level 2' },
  ]);
  await acknowledge(inc.id);
});
