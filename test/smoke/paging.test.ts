/**
 * Paging end to end with fast-forwarded time and a real SMTP server as the mail sink: an alert
 * opens an incident whose area selects the team; the team's policy pages the on-call person by
 * email, escalates to the next level when nobody acknowledges, and stops when the signed link in
 * the email is used, which also makes the acknowledger owner. Every step is on the timeline.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({
    email: emailConfigFor(sink),
    slack: null,
    twilio: null,
    webhook: null,
  });
  t = await createTestApp({ channels });
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Adds a verified email method for `role`, reading the code from the sink as a person would. */
async function verifiedEmail(role: 'responder' | 'admin', address: string) {
  const made = await t.call(role, {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'email', address },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const mail = sink.messages.findLast((m) => m.envelope.to.includes(address))!;
  const code = /(\d{6})/.exec(mail.text ?? '')![1]!;
  const wrong = await t.call(role, {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code: code === '000000' ? '111111' : '000000' },
  });
  assert.equal(wrong.status, 400);
  const ok = await t.call(role, {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code },
  });
  assert.equal(ok.body.verified, true);
}

const mailsTo = (address: string) =>
  sink.messages.filter((m) => m.envelope.to.includes(address) && /#\d+/.test(m.subject ?? ''));
const minutes = (n: number) => t.clock.advance(n * 60_000);

/**
 * Runs due jobs until `done()`; on a busy machine a first SMTP attempt may fail and be retried after
 * its one-second backoff, so the clock moves a second at a time (far below any escalation timeout).
 */
async function deliver(done: () => boolean) {
  for (let i = 0; i < 5 && (await t.app.worker.runDue(), !done()); i++) t.clock.advance(1_000);
}

test('an alert pages the FE team by email, escalates after the timeout, and the link acknowledges', async () => {
  await verifiedEmail('responder', 'responder@example.com');
  await verifiedEmail('admin', 'admin@example.com');
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Front-end chain',
      levels: [
        { timeoutMinutes: 5, targets: [{ type: 'user', id: t.users.responder.id }] },
        { timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.admin.id }] },
      ],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: {
      name: 'Front-end',
      areas: ['FE'],
      members: [t.users.responder.id],
      escalationPolicyId: policy.body.id,
    },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));

  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: {
      name: 'Browser errors',
      type: 'generic',
      rules: [
        {
          id: 'fe',
          name: 'Front-end',
          classification: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'FE' },
        },
      ],
    },
  });
  const fired = await t.call(null, {
    method: 'POST',
    url: `/api/v1/hooks/${made.body.key}`,
    payload: { title: 'Checkout button does nothing', dedup_key: 'fe-1', severity: 'critical' },
  });
  assert.equal(fired.status, 202);

  await deliver(() => mailsTo('responder@example.com').length > 0);
  const first = mailsTo('responder@example.com');
  assert.equal(first.length, 1, 'level 1 paged by email');
  assert.match(first[0]!.subject!, /^\[P1\] #\d+ ALL-USERS-FBLOCK-FE: Checkout button does nothing/);
  assert.equal(mailsTo('admin@example.com').length, 0);

  // A P1 halves the level timeouts: 5 minutes become 2.5.
  minutes(2);
  await t.app.worker.runDue();
  assert.equal(mailsTo('admin@example.com').length, 0, 'not before the timeout');
  t.clock.advance(30_000);
  await t.app.worker.runDue();
  const second = mailsTo('admin@example.com');
  assert.equal(second.length, 1, 'level 2 paged after 2.5 minutes');

  const link = /(http:\/\/\S+\/ack\/[\w.-]+)/.exec(second[0]!.text!)![1]!;
  const path = new URL(link).pathname;
  const confirm = await t.app.inject({ method: 'GET', url: path });
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Acknowledge<\/button>/);
  const acked = await t.app.inject({ method: 'POST', url: path });
  assert.equal(acked.statusCode, 200, acked.body);
  const again = await t.app.inject({ method: 'POST', url: path });
  assert.equal(again.statusCode, 409, 'a second use finds nothing paging');
  const forged = await t.app.inject({ method: 'POST', url: `${path.slice(0, -4)}AAAA` });
  assert.equal(forged.statusCode, 404);

  minutes(30);
  await t.app.worker.runDue();
  assert.equal(
    mailsTo('admin@example.com').length + mailsTo('responder@example.com').length,
    2,
    'nothing after the ack',
  );

  const incidentId = (await t.db.pool.query<{ incident_id: string }>('SELECT incident_id FROM escalations'))
    .rows[0]!.incident_id;
  const incident = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}` });
  assert.equal(incident.body.owner.email, 'admin@example.com', 'the acknowledger owns it');
  const timeline = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incidentId}/timeline`,
  });
  const kinds = timeline.body.items.map((e: { kind: string }) => e.kind);
  for (const k of ['declared', 'escalation-started', 'paged', 'notified', 'acknowledged', 'ownership-taken'])
    assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
  assert.equal(kinds.filter((k: string) => k === 'paged').length, 2);
  const esc = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incidentId}/escalations`,
  });
  assert.equal(esc.body.items[0].state, 'acknowledged');
  assert.deepEqual(sink.violations, []);
});

test('a mailbox that refuses falls to the next channel; nobody reachable escalates at once', async () => {
  await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: { name: 'x', levels: [{ timeoutMinutes: 60, targets: [{ type: 'service-owner' }] }] },
  });
  sink.reject('responder@example.com', 550);
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Ops chain',
      repeat: 0,
      levels: [
        { timeoutMinutes: 60, targets: [{ type: 'user', id: t.users.responder.id }] },
        { timeoutMinutes: 60, targets: [{ type: 'user', id: t.users.admin.id }] },
      ],
    },
  });
  await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Ops', areas: ['DEVOPS'], escalationPolicyId: policy.body.id },
  });
  const declared = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Disk full on db-2', area: 'DEVOPS', scope: 'ALL', criticality: 'ALLBLOCK' },
  });
  const before = mailsTo('admin@example.com').length;
  const paged = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${declared.body.id}/page`,
    payload: { reason: 'db down' },
  });
  assert.equal(paged.status, 202);
  await t.app.worker.runDue();
  assert.equal(
    mailsTo('admin@example.com').length,
    before + 1,
    'level 2 at once: level 1 could not be reached',
  );
  const timeline = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${declared.body.id}/timeline`,
  });
  const failed = timeline.body.items.find((e: { kind: string }) => e.kind === 'notification-failed');
  assert.ok(failed, 'the failure is on the timeline');
  assert.equal(failed.data.channel, 'email');
  const ack = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${declared.body.id}/acknowledge`,
  });
  assert.equal(ack.status, 200);
  assert.equal(
    (await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${declared.body.id}/acknowledge` }))
      .status,
    409,
  );
});

test('a client incident pages its chain, warns at 75% of its SLA and records a breach; compliance is reported', async () => {
  const client = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/clients',
    payload: { name: 'Acme Shop', tier: 'Standard', chain: { strategist: t.users.admin.id } },
  });
  assert.equal(client.status, 201, JSON.stringify(client.body));
  const bad = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/clients',
    payload: { name: 'X', tier: 'Platinum' },
  });
  assert.equal(bad.body.error.details[0].field, 'body.tier');
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Acme checkout down', area: 'DEVOPS', scope: 'ALL', criticality: 'ALLBLOCK' },
  });
  const set = await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${inc.body.id}/client`,
    payload: { clientId: client.body.id },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(
    set.body.clocks.map((c: { clock: string; targetMinutes: number }) => [c.clock, c.targetMinutes]),
    [
      ['acknowledge', 30],
      ['respond', 60],
      ['resolve', 480],
    ],
  );
  const kinds = async () =>
    (
      await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.body.id}/timeline` })
    ).body.items.map((e: { kind: string }) => e.kind);

  // Linking the client pages its chain (the strategist, here the admin) at once.
  await t.app.worker.runDue();
  assert.ok((await kinds()).includes('escalation-started'), 'the client chain started paging');
  assert.ok(mailsTo('admin@example.com').length > 0, 'the strategist was paged');

  minutes(22);
  await t.app.worker.runDue();
  assert.ok(!(await kinds()).includes('sla-warning'), 'not before 75%');
  minutes(1);
  await t.app.worker.runDue();
  assert.ok((await kinds()).includes('sla-warning'), 'warned at 75% of 30 minutes');
  minutes(8);
  await t.app.worker.runDue();
  assert.ok((await kinds()).includes('sla-breached'));

  await t.call('admin', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/notes`,
    payload: { text: 'Looking into it' },
  });
  const sla = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.body.id}/sla` });
  assert.deepEqual(
    sla.body.clocks.map((c: { state: string }) => c.state),
    ['breached', 'met', 'running'],
  );
  const report = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/clients/sla-report?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
  });
  assert.deepEqual(report.body.items, [
    {
      client: 'Acme Shop',
      tier: 'Standard',
      incidents: 1,
      clocks: {
        acknowledge: { met: 0, breached: 1, running: 0 },
        respond: { met: 1, breached: 0, running: 0 },
        resolve: { met: 0, breached: 0, running: 1 },
      },
      compliance: 0.5,
    },
  ]);
});

test('P3 waits for business hours: paged on Monday at 09:00, not on Saturday', async () => {
  const hours = await t.call('stakeholder', { method: 'GET', url: '/api/v1/business-hours' });
  assert.deepEqual(hours.body.window.days, [1, 2, 3, 4, 5]);
  t.clock.set(new Date('2026-03-07T12:00:00Z')); // a Saturday
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Export button misaligned', area: 'FE', scope: 'ADMINS', criticality: 'FBLOCK' },
  });
  assert.equal(inc.body.urgency, 'P3');
  await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: 'low' },
  });
  await t.app.worker.runDue();
  const kinds = async () =>
    (
      await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.body.id}/timeline` })
    ).body.items.map((e: { kind: string; data: { until?: string } }) => [e.kind, e.data.until]);
  assert.deepEqual(
    (await kinds()).find(([k]: string[]) => k === 'page-deferred'),
    ['page-deferred', '2026-03-09T09:00:00.000Z'],
  );
  t.clock.set(new Date('2026-03-09T09:00:00Z'));
  await t.app.worker.runDue();
  assert.ok(
    (await kinds()).some(([k]: string[]) => k === 'escalation-started'),
    'paged on Monday morning',
  );
});

test('a schedule pages whoever is on call across the DST change; an override takes over', async () => {
  const [ann, bob] = [t.users.responder.id, t.users.admin.id];
  const definition = {
    timeZone: 'Europe/Amsterdam',
    layers: [
      {
        id: 'main',
        name: 'Weekly',
        users: [ann, bob],
        rotation: { kind: 'weekly' },
        handoffTime: '09:00',
        handoffDay: 1,
        start: '2026-03-16',
      },
    ],
  };
  const schedule = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/schedules',
    payload: { name: 'Back-end on call', definition },
  });
  assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Back-end on call',
      levels: [{ timeoutMinutes: 30, targets: [{ type: 'schedule', id: schedule.body.id }] }],
    },
  });
  await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Back-end', areas: ['BE'], escalationPolicyId: policy.body.id },
  });

  async function pagedAt(iso: string, title: string): Promise<string[]> {
    t.clock.set(new Date(iso));
    const inc = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title, area: 'BE', scope: 'ALL', criticality: 'ALLBLOCK' },
    });
    await t.call('admin', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.body.id}/page`,
      payload: { reason: title },
    });
    await t.app.worker.runDue();
    const timeline = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.body.id}/timeline`,
    });
    return timeline.body.items.find((e: { kind: string }) => e.kind === 'paged').data.people;
  }

  // Monday 30 March, the day after clocks went forward: 09:00 in Amsterdam is now 07:00 UTC.
  assert.deepEqual(await pagedAt('2026-03-30T06:30:00Z', 'Before the hand-off'), [bob]);
  assert.deepEqual(await pagedAt('2026-03-30T07:30:00Z', 'After the hand-off at 09:00 summer time'), [ann]);
  const shifts = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/schedules/${schedule.body.id}/shifts?from=2026-03-23T00:00:00Z&to=2026-04-06T00:00:00Z`,
  });
  assert.deepEqual(
    shifts.body.shifts.map((s: { start: string }) => s.start),
    ['2026-03-23T00:00:00.000Z', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z'],
    "Bob's week across the change is 167 hours",
  );

  const override = { userId: bob, start: '2026-03-30T07:00:00Z', end: '2026-03-30T12:00:00Z', replaces: ann };
  const changed = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/schedules/${schedule.body.id}`,
    payload: { name: 'Back-end on call', definition: { ...definition, overrides: [override] } },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(await pagedAt('2026-03-30T08:00:00Z', 'During the override'), [bob]);
  const feed = await t.call('responder', { method: 'GET', url: '/api/v1/me/on-call-feed' });
  const ics = await t.app.inject({ method: 'GET', url: new URL(feed.body.url).pathname });
  assert.equal(ics.statusCode, 200);
  assert.match(ics.body, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics.body, /DTSTART:20260330T120000Z/, "Ann's shift resumes when the override ends");
});
