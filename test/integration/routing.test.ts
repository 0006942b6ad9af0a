/**
 * Routing for every origin on a real database with a real SMTP sink: an incident declared by hand
 * or opened by a support report pages its service's chain, else its area's team, else the default
 * policy, when its decision is expedite (at declaration, or once when a reclassification raises
 * it); taking ownership or acknowledging stops the paging; a preview says whom it will page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

type Role = 'responder' | 'admin' | 'support';
let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
const P1 = { scope: 'ALL', criticality: 'ALLBLOCK' } as const;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  for (const role of ['responder', 'admin', 'support'] as const) await verifiedEmail(role);
  // Checkout: a service with its own chain (owner: the responder) by an integration naming it.
  const made = await admin('POST', '/api/v1/integrations', {
    name: 'Shop',
    type: 'generic',
    service: 'Checkout',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const checkoutPolicy = await policy('Checkout on-call', 'responder');
  const services = await t.call('admin', { method: 'GET', url: '/api/v1/services' });
  const checkout = services.body.items.find((s: { name: string }) => s.name === 'Checkout').id;
  const chain = await admin('PUT', `/api/v1/services/${checkout}/chain`, {
    teamId: null,
    ownerId: t.users.responder.id,
    escalationPolicyId: checkoutPolicy,
  });
  assert.equal(chain.status, 200, JSON.stringify(chain.body));
  // The BE team answers for the back end; the default policy pages support.
  const be = await admin('POST', '/api/v1/teams', {
    name: 'Backend',
    areas: ['BE'],
    escalationPolicyId: await policy('Backend chain', 'admin'),
  });
  assert.equal(be.status, 201, JSON.stringify(be.body));
  const dflt = await admin('PUT', '/api/v1/settings/default-escalation-policy', {
    policyId: await policy('Default', 'support'),
  });
  assert.equal(dflt.status, 200, JSON.stringify(dflt.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

const admin = (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) =>
  t.call('admin', { method, url, payload });

/** A one-level policy paging `role`; returns its id. */
async function policy(name: string, role: Role): Promise<string> {
  const res = await admin('POST', '/api/v1/escalation-policies', {
    name,
    repeat: 0,
    levels: [{ timeoutMinutes: 5, targets: [{ type: 'user', id: t.users[role].id }] }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function verifiedEmail(role: Role) {
  const address = `${role}@example.com`;
  const made = await t.call(role, {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'email', address },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const code = /(\d{6})/.exec(sink.messages.findLast((m) => m.envelope.to.includes(address))!.text!)![1];
  const ok = await t.call(role, {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code },
  });
  assert.equal(ok.body.verified, true);
}

const run = () => runJobs(t);

const mails = (role: Role, number: number) =>
  sink.messages.filter(
    (m) => m.envelope.to.includes(`${role}@example.com`) && m.subject?.includes(`#${number} `),
  ).length;

async function entries(id: string, kind: string): Promise<Record<string, unknown>[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

async function declare(payload: Record<string, unknown>) {
  const res = await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: number; urgency: string; decision: string; service: unknown };
}

/** The policies whose escalation started for an incident. */
const started = async (id: string) => (await entries(id, 'escalation-started')).map((d) => d.policy);

test('an incident declared with service Checkout pages the Checkout chain by email, and says why', async () => {
  const inc = await declare({ title: 'Checkout button dead', service: 'checkout', area: 'BE', ...P1 });
  assert.deepEqual(inc.service, { id: (inc.service as { id: string }).id, name: 'Checkout' });
  assert.equal(inc.decision, 'expedite');
  await run();
  assert.deepEqual(await started(inc.id), ['Checkout on-call']);
  assert.equal(mails('responder', inc.number), 1);
  assert.equal(mails('admin', inc.number), 0);
  const why = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/routing` });
  assert.equal(why.body.because, "routed to Checkout's chain because service = Checkout");
});

test('an incident declared with area BE and no service pages the BE team chain', async () => {
  const inc = await declare({ title: 'Orders API 500s', area: 'BE', ...P1 });
  await run();
  assert.deepEqual(await started(inc.id), ['Backend chain']);
  assert.equal(mails('admin', inc.number), 1);
  assert.equal(mails('responder', inc.number), 0);
});

test('an incident with neither service nor area pages the default policy', async () => {
  const inc = await declare({ title: 'Everything is slow', ...P1 });
  await run();
  assert.deepEqual(await started(inc.id), ['Default']);
  assert.equal(mails('support', inc.number), 1);
  const why = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/routing` });
  assert.equal(
    why.body.because,
    'routed to the default policy because neither a service nor an area names a chain',
  );
});

test('a support report that opens an expedite incident pages its service chain', async () => {
  const filed = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      whatHappens: 'Customers cannot pay at checkout',
      checklist: { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: true },
      classification: P1,
      service: 'Checkout',
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  assert.equal(filed.body.incident.service.name, 'Checkout');
  await run();
  assert.deepEqual(await started(filed.body.incident.id), ['Checkout on-call']);
  assert.equal(mails('responder', filed.body.incident.number), 1);
});

test('P3 → P1 reclassification starts the escalation once, and taking ownership stops it', async () => {
  const inc = await declare({
    title: 'Export button misaligned',
    area: 'BE',
    scope: 'USERS',
    criticality: 'FBEHAV',
  });
  assert.equal(inc.urgency, 'P3');
  await run();
  assert.deepEqual(await started(inc.id), []);
  const up = (payload: Record<string, unknown>) =>
    t.call('responder', { method: 'PATCH', url: `/api/v1/incidents/${inc.id}/classification`, payload });
  assert.equal((await up({ ...P1, reason: 'Every export is broken' })).status, 200);
  assert.equal((await up({ impact: { revenue: 'high' }, reason: 'Now costs money' })).status, 200);
  await run();
  await run();
  assert.deepEqual(await started(inc.id), ['Backend chain']);
  assert.equal(mails('admin', inc.number), 1);
  const own = await t.call('admin', { method: 'POST', url: `/api/v1/incidents/${inc.id}/ownership` });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  await run();
  const esc = await t.call('admin', { method: 'GET', url: `/api/v1/incidents/${inc.id}/escalations` });
  assert.deepEqual(
    esc.body.items.map((e: { state: string }) => e.state),
    ['acknowledged'],
  );
  t.clock.advance(30 * 60_000);
  await run();
  assert.equal(mails('admin', inc.number), 1, 'no page after ownership');
});

test('acknowledging stops the paging', async () => {
  const inc = await declare({ title: 'Search down', area: 'BE', ...P1 });
  await run();
  const ack = await t.call('admin', { method: 'POST', url: `/api/v1/incidents/${inc.id}/acknowledge` });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
  t.clock.advance(30 * 60_000);
  await run();
  assert.equal(mails('admin', inc.number), 1);
});

test('a declarer may choose not to page, with the reason on the timeline', async () => {
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Known outage', area: 'BE', ...P1, page: false },
  });
  assert.equal(res.status, 400);
  assert.match(JSON.stringify(res.body), /noPageReason/);
  const inc = await declare({
    title: 'Known outage',
    area: 'BE',
    ...P1,
    page: false,
    noPageReason: 'Vendor is on it',
  });
  await run();
  assert.deepEqual(await started(inc.id), []);
  assert.deepEqual(await entries(inc.id, 'page-skipped'), [{ reason: 'Vendor is on it' }]);
});

test('the preview says whom a declaration will page; an unknown service is a 400 naming the field', async () => {
  const preview = async (q: string) =>
    (await t.call('responder', { method: 'GET', url: `/api/v1/routing/preview${q}` })).body;
  assert.equal((await preview('?service=Checkout')).summary, 'Pages Checkout on-call: one person, by email');
  assert.equal((await preview('?area=BE')).summary, 'Pages Backend chain: one person, by email');
  assert.equal((await preview('')).summary, 'Pages Default: one person, by email');
  const bad = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'x', service: 'Nope' },
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /body\.service/);
});

test('reclassifying can change the service, with a reason on the timeline', async () => {
  const inc = await declare({ title: 'Cart total wrong', area: 'BE', scope: 'USERS', criticality: 'FBEHAV' });
  const patch = (payload: Record<string, unknown>) =>
    t.call('responder', { method: 'PATCH', url: `/api/v1/incidents/${inc.id}/classification`, payload });
  assert.equal((await patch({ service: 'Checkout' })).status, 400, 'a reason is required');
  const ok = await patch({ service: 'Checkout', reason: 'It is the cart service' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.service.name, 'Checkout');
  const [entry] = await entries(inc.id, 'classified');
  assert.equal(entry!.service, 'Checkout');
  assert.equal(entry!.reason, 'It is the cart service');
});
