/**
 * Added responders and the incident's one escalation, over HTTP on a real database with a real
 * SMTP sink: added while nothing pages, they start an escalation that the covering policy joins
 * when the incident is paged (paged now, not after the added people's timeout); added while the
 * covering policy pages, they join it; one acknowledgement stops both.
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
let hana: string;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  hana = (await t.addUser('responder', 'hana@example.com', 'Hana Hands')).id;
  for (const [id, address] of [
    [t.users.admin.id, 'admin@example.com'],
    [hana, 'hana@example.com'],
  ] as const)
    await t.db.pool.query(
      `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
      [id, address, t.clock.now()],
    );
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Ops',
      levels: [{ timeoutMinutes: 30, targets: [{ type: 'user', id: t.users.admin.id }] }],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Ops', areas: ['DEVOPS'], escalationPolicyId: policy.body.id },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

const run = () => runJobs(t);

/** Pages (mails) to [admin, Hana] about incident `number`. */
const reached = (number: number) =>
  ['admin@example.com', 'hana@example.com'].map(
    (a) =>
      sink.messages.filter(
        (m) => m.envelope.to.includes(a) && new RegExp(`#${number}\\b`).test(m.subject ?? ''),
      ).length,
  );

/** A P2 incident of Ops, not paged at declaration. */
async function declared(title: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      area: 'DEVOPS',
      scope: 'ALL',
      criticality: 'FBEHAV',
      page: false,
      noPageReason: 'by hand',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function call(id: string, what: 'responders' | 'page' | 'acknowledge', payload?: object) {
  const res = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/${what}`, payload });
  assert.ok(res.status === 200 || res.status === 202, JSON.stringify(res.body));
  await run();
  return res.body;
}

const escalations = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/escalations` })).body.items;

test('added first, then paged: the covering policy joins the added responders’ escalation at once', async () => {
  const inc = await declared('Queue stuck');
  await call(inc.id, 'responders', { target: { type: 'user', id: hana } });
  assert.deepEqual(reached(inc.number), [0, 1]);
  await call(inc.id, 'page', { reason: 'more hands' });
  assert.deepEqual(reached(inc.number), [1, 1], 'the Ops chain now, not after 15 minutes');
  const items = await escalations(inc.id);
  assert.deepEqual(
    items.map((e: { policyName: string; levels: number; state: string }) => [
      e.policyName,
      e.levels,
      e.state,
    ]),
    [['Added responders, with Ops', 2, 'active']],
  );
  // Paging again changes nothing: Ops is part of it already.
  await call(inc.id, 'page', { reason: 'again' });
  assert.deepEqual(reached(inc.number), [1, 1]);
  assert.equal((await call(inc.id, 'acknowledge')).escalations, 1);
  t.clock.advance(60 * 60_000);
  await run();
  assert.deepEqual(reached(inc.number), [1, 1], 'one acknowledgement stopped it all');
});

test('paged first, then added: the added person joins the running escalation', async () => {
  const inc = await declared('Disk full');
  await call(inc.id, 'page', { reason: 'disk' });
  assert.deepEqual(reached(inc.number), [1, 0]);
  await call(inc.id, 'responders', { target: { type: 'user', id: hana } });
  assert.deepEqual(reached(inc.number), [1, 1]);
  assert.equal((await escalations(inc.id)).length, 1);
  assert.equal((await call(inc.id, 'acknowledge')).escalations, 1);
});
