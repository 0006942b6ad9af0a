/**
 * Paging ends with the procedure: an incident resolved or moved to the Backlog while its escalation
 * runs (nobody owning it, nobody acknowledging) stops paging at once: the escalation is cancelled, the
 * next level is never paged, and the timeline says why. Real database, real SMTP sink.
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

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  const hana = (await t.addUser('responder', 'hana@example.com', 'Hana Hands')).id;
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
      levels: [
        { timeoutMinutes: 30, targets: [{ type: 'user', id: t.users.admin.id }] },
        { timeoutMinutes: 30, targets: [{ type: 'user', id: hana }] },
      ],
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

/** Pages (mails) to [admin (level 1), Hana (level 2)] about incident `number`. */
const reached = (number: number) =>
  ['admin@example.com', 'hana@example.com'].map(
    (a) =>
      sink.messages.filter(
        (m) => m.envelope.to.includes(a) && new RegExp(`#${number}\\b`).test(m.subject ?? ''),
      ).length,
  );

/** A P2 Ops incident paged by hand: level 1 (the admin) is paged, nobody owns it. */
async function paged(title: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      area: 'DEVOPS',
      scope: 'ALL',
      criticality: 'FBEHAV',
      page: false,
      noPageReason: 'later',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  const page = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: 'queue stuck' },
  });
  assert.equal(page.status, 202, JSON.stringify(page.body));
  await run();
  assert.deepEqual(reached(inc.body.number), [1, 0]);
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function move(id: string, status: string, summary?: string) {
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/status`,
    payload: { status, ...(summary ? { summary } : {}) },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await run();
}

async function stoppedEntries(id: string) {
  const { rows } = await t.db.pool.query<{ data: Record<string, unknown> }>(
    "SELECT data FROM timeline_entries WHERE incident_id = $1 AND kind = 'paging-stopped'",
    [id],
  );
  return rows.map((r) => r.data);
}

const states = async (id: string) =>
  (
    await t.db.pool.query<{ state: string }>('SELECT state FROM escalations WHERE incident_id = $1', [id])
  ).rows.map((r) => r.state);

test('resolved while level 1 is paged: the escalation is cancelled and level 2 is never paged', async () => {
  const inc = await paged('Queue stuck');
  await move(inc.id, 'investigating');
  assert.deepEqual(await states(inc.id), ['active'], 'investigating still pages');
  await move(inc.id, 'resolved', 'Restarted the consumer.');
  assert.deepEqual(await states(inc.id), ['cancelled']);
  assert.deepEqual(await stoppedEntries(inc.id), [{ by: 'status', status: 'resolved', escalations: 1 }]);
  t.clock.advance(90 * 60_000);
  await run();
  assert.deepEqual(reached(inc.number), [1, 0], 'nobody paged after the incident was resolved');
});

test('moved to the Backlog while paging: paging stops; pulled back, it can be paged again', async () => {
  const inc = await paged('Report export slow');
  await move(inc.id, 'backlogged');
  assert.deepEqual(await states(inc.id), ['cancelled']);
  assert.deepEqual(await stoppedEntries(inc.id), [{ by: 'status', status: 'backlogged', escalations: 1 }]);
  t.clock.advance(90 * 60_000);
  await run();
  assert.deepEqual(reached(inc.number), [1, 0]);
  await move(inc.id, 'triage');
  const again = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.id}/page`,
    payload: { reason: 'customers complain' },
  });
  assert.equal(again.status, 202, JSON.stringify(again.body));
  await run();
  assert.deepEqual(reached(inc.number), [2, 0]);
  assert.deepEqual(await states(inc.id), ['cancelled', 'active']);
});
