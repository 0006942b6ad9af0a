/**
 * The decision acts at every change, over HTTP on a real database with a real SMTP sink: an
 * incident opened by a support report asks its product owner like a declared one, one opened from
 * alerts goes to the Backlog when its rule says P4; a reclassification into "ask the product owner"
 * asks, into backlog moves it to the Backlog, into expedite pages once (back from the Backlog), and
 * never twice while an escalation runs; a person's explicit expedite pages a P3 at night at once,
 * overriding the business-hours hold.
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
let po: TestApp['users']['stakeholder'];

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z')); // a Tuesday, within business hours (09–17 UTC)
  po = await t.addUser('stakeholder', 'pat@example.com', 'Pat Owner');
  await verifiedEmail(t.users.responder.token, 'responder@example.com');
  await verifiedEmail(po.token, 'pat@example.com');
  // Pages P3/P4 only within business hours (the default).
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Web chain',
      levels: [{ timeoutMinutes: 5, targets: [{ type: 'user', id: t.users.responder.id }] }],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Web', areas: ['FE'], escalationPolicyId: policy.body.id },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  const roles = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/teams/${team.body.id}/product-owners`,
    payload: { productOwners: [po.id], lead: t.users.admin.id },
  });
  assert.equal(roles.status, 200, JSON.stringify(roles.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

async function verifiedEmail(token: string, address: string) {
  const call = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
  const made = (await call('/api/v1/me/contact-methods', { kind: 'email', address })).json();
  const code = /(\d{6})/.exec(sink.messages.findLast((m) => m.envelope.to.includes(address))!.text!)![1]!;
  const ok = (await call(`/api/v1/me/contact-methods/${made.id}/verify`, { code })).json();
  assert.equal(ok.verified, true);
}

const run = () => runJobs(t);

/** Questions (`#12 …`) to the product owner, and pages (`[P1] #12 …`) to the responder, for `number`. */
function counts(number: number) {
  const about = (to: string, re: RegExp) =>
    sink.messages.filter((m) => m.envelope.to.includes(to) && re.test(m.subject ?? '')).length;
  return {
    asked: about('pat@example.com', new RegExp(`^#${number} `)),
    paged: about('responder@example.com', new RegExp(`^\\[P\\d\\] #${number} `)),
  };
}

async function declared(title: string, urgency: 'P3' | 'P4') {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'FE', urgency, urgencyReason: 'first guess' },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
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
  return res.body as { status: string; decision: string };
}

const status = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}` })).body.status;

async function entries(id: string, kind: string): Promise<any[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

const escalations = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/escalations` })).body.items;

test('an incident opened by a support report asks its product owner, like a declared one', async () => {
  const filed = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      whatHappens: 'The export button does nothing',
      affectedUsers: ['u-1'],
      checklist: { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: false },
      classification: { scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' },
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  assert.equal(filed.body.incident.decision, 'product-owner');
  await run();
  assert.deepEqual(counts(filed.body.incident.number), { asked: 1, paged: 0 });
  assert.deepEqual(await entries(filed.body.incident.id, 'decision-asked'), [
    { to: ['Pat Owner'], because: "product owners of the area's team" },
  ]);
});

test('an incident opened from alerts acts on its decision too: a P4 rule’s incident goes to the Backlog', async () => {
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: {
      name: 'Front-end monitor',
      type: 'generic',
      rules: [
        {
          id: 'cosmetic',
          name: 'Cosmetic',
          classification: { scope: 'ADMINS', criticality: 'FBEHAV', area: 'FE' },
          urgency: 'P4',
        },
      ],
      mapping: { items: '$.events[*]', title: '$.title', dedupKey: '$.key' },
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const sent = await t.call(null, {
    method: 'POST',
    url: `/api/v1/hooks/${made.body.key}`,
    payload: { events: [{ key: 'k1', title: 'Icon misaligned' }] },
  });
  assert.equal(sent.status, 202, JSON.stringify(sent.body));
  await run();
  const { rows } = await t.db.pool.query<{ incident_id: string }>(
    "SELECT incident_id FROM alerts WHERE dedup_key = 'k1'",
  );
  const id = rows[0]!.incident_id;
  const inc = (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}` })).body;
  assert.deepEqual([inc.urgency, inc.decision, inc.status], ['P4', 'backlog', 'backlogged']);
});

test('reclassified from backlog to ask, then to expedite: asked once, paged once, back from the Backlog', async () => {
  const inc = await declared('Wish: bigger fonts', 'P4');
  assert.equal(await status(inc.id), 'backlogged');
  assert.deepEqual(counts(inc.number), { asked: 0, paged: 0 });

  assert.equal((await setUrgency(inc.id, 'P3')).decision, 'product-owner');
  assert.deepEqual(counts(inc.number), { asked: 1, paged: 0 }, 'the product owner is asked');

  assert.equal((await setUrgency(inc.id, 'P1')).decision, 'expedite');
  assert.equal(await status(inc.id), 'triage', 'out of the Backlog');
  assert.deepEqual(counts(inc.number), { asked: 1, paged: 1 }, 'paged once');

  // Down and up again while the escalation runs: no second escalation, no second page.
  await setUrgency(inc.id, 'P3');
  await setUrgency(inc.id, 'P1');
  assert.equal((await escalations(inc.id)).length, 1);
  assert.deepEqual(counts(inc.number), { asked: 1, paged: 1 });
  assert.equal((await entries(inc.id, 'page-requested')).length, 2, 'two raises, each asked once');
  const ack = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.id}/acknowledge` });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
});

test('reclassified from ask to backlog: it moves to the Backlog by itself', async () => {
  const inc = await declared('Tooltip cut off', 'P3');
  assert.deepEqual(counts(inc.number), { asked: 1, paged: 0 });
  assert.equal(await status(inc.id), 'triage');
  assert.equal((await setUrgency(inc.id, 'P4')).decision, 'backlog');
  assert.equal(await status(inc.id), 'backlogged');
  assert.deepEqual(await entries(inc.id, 'status-changed'), [
    { from: 'triage', to: 'backlogged', note: 'The urgency policy decided: normal backlog' },
  ]);
});

test('a product owner’s explicit expedite pages a P3 at night at once, overriding the business-hours hold', async () => {
  t.clock.set(new Date('2026-03-11T02:00:00Z')); // Wednesday night
  const inc = await declared('Invoices misaligned', 'P3');
  assert.deepEqual(counts(inc.number), { asked: 1, paged: 0 });
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.id}/decision`,
    payload: { answer: 'expedite', reason: 'Pat says the auditors need it tonight' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await run();
  assert.deepEqual(counts(inc.number), { asked: 1, paged: 1 }, 'paged at 02:00, not at 09:00');
  assert.deepEqual(await entries(inc.id, 'page-deferred'), []);
  assert.deepEqual(await entries(inc.id, 'page-hold-overridden'), [
    {
      until: '2026-03-11T09:00:00.000Z',
      urgency: 'P3',
      reason: 'Expedited by Responder: Pat says the auditors need it tonight',
    },
  ]);
});
