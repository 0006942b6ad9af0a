/**
 * Setting up paging, over the HTTP API on a real database with a real SMTP server: the admin's
 * checklist from an empty install to a test alert that pages someone; who a service pages now;
 * reachability of targets; a page's preview; adding responders; the channels offered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createIntegration } from '../helpers/signals-api.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Gives `role` a verified email address, reading the code from the sink. */
async function verifiedEmail(role: 'responder' | 'admin') {
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

async function checklist(): Promise<[string, boolean][]> {
  const res = await t.call('admin', { method: 'GET', url: '/api/v1/setup/checklist' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.steps.map((s: { id: string; done: boolean }) => [s.id, s.done]);
}

async function policy(name: string, ...ids: string[]): Promise<string> {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: { name, levels: [{ timeoutMinutes: 10, targets: ids.map((id) => ({ type: 'user', id })) }] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

describe('from an empty install', () => {
  let serviceId: string;
  let integration: Awaited<ReturnType<typeof createIntegration>>;

  test('the checklist leads to a test alert that pages someone by email', async () => {
    assert.deepEqual(await checklist(), [
      ['service-policy', false],
      ['reachable-on-call', false],
      ['test-alert', false],
    ]);
    integration = await createIntegration(t, {
      name: 'Prometheus',
      type: 'alertmanager',
      service: 'Checkout',
    });
    const chains = await t.call('admin', { method: 'GET', url: '/api/v1/service-chains' });
    assert.equal(chains.status, 200);
    assert.deepEqual(
      chains.body.items.map((s: any) => [s.name, s.escalationPolicy, s.integrations.map((g: any) => g.name)]),
      [['Checkout', null, ['Prometheus']]],
    );
    serviceId = chains.body.items[0].id;
    const policyId = await policy('Checkout chain', t.users.responder.id);
    const set = await t.call('admin', {
      method: 'PUT',
      url: `/api/v1/services/${serviceId}/chain`,
      payload: { teamId: null, ownerId: t.users.admin.id, escalationPolicyId: policyId },
    });
    assert.equal(set.status, 200);
    assert.deepEqual(await checklist(), [
      ['service-policy', true],
      ['reachable-on-call', false],
      ['test-alert', false],
    ]);
    // Whom it pages now: the responder, who cannot be reached yet.
    const before = await t.call('admin', { method: 'GET', url: `/api/v1/services/${serviceId}/on-call-now` });
    assert.deepEqual(before.body, {
      policy: { id: policyId, name: 'Checkout chain' },
      reachable: false,
      levels: [
        {
          level: 1,
          timeoutMinutes: 10,
          contextual: 0,
          people: [{ id: t.users.responder.id, name: 'Responder', methods: [], reachable: false }],
        },
      ],
    });
    await verifiedEmail('responder');
    assert.deepEqual(await checklist(), [
      ['service-policy', true],
      ['reachable-on-call', true],
      ['test-alert', false],
    ]);
    const listed = await t.call('admin', { method: 'GET', url: '/api/v1/service-chains' });
    assert.deepEqual(listed.body.items[0].onCallNow, [
      {
        id: t.users.responder.id,
        name: 'Responder',
        methods: [{ kind: 'email', label: '' }],
        reachable: true,
      },
    ]);
    const sent = sink.messages.length;
    const hook = await t.app.inject({
      method: 'POST',
      url: `/api/v1/hooks/${integration.key}`,
      payload: amPayload('firing', [{ name: 'TestAlert', fp: 'test-1' }]),
    });
    assert.equal(hook.statusCode, 202, hook.body);
    for (let i = 0; i < 5; i++) await t.app.worker.runDue();
    const page = sink.messages.slice(sent).filter((m) => m.envelope.to.includes('responder@example.com'));
    assert.equal(page.length, 1);
    assert.deepEqual(await checklist(), [
      ['service-policy', true],
      ['reachable-on-call', true],
      ['test-alert', true],
    ]);
  });
});

describe('reachability', () => {
  test('a policy whose only person has no verified method is flagged; a reachable one is not', async () => {
    const support = t.users.support.id;
    const res = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/paging/reachability',
      payload: { targets: [{ type: 'user', id: support }] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      people: 1,
      unreachable: [{ id: support, name: 'Support', methods: [], reachable: false }],
    });
    const ok = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/paging/reachability',
      payload: { targets: [{ type: 'user', id: t.users.responder.id }] },
    });
    assert.deepEqual(ok.body, { people: 1, unreachable: [] });
    const bad = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/paging/reachability',
      payload: { targets: [{ type: 'user', id: 'nope' }] },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'body.targets.0.id');
  });

  test('a team counts all its members', async () => {
    const team = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/teams',
      payload: { name: 'Mixed', areas: [], members: [t.users.responder.id, t.users.stakeholder.id] },
    });
    assert.equal(team.status, 201, JSON.stringify(team.body));
    const res = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/paging/reachability',
      payload: { targets: [{ type: 'team', id: team.body.id }] },
    });
    assert.deepEqual(res.body, {
      people: 2,
      unreachable: [{ id: t.users.stakeholder.id, name: 'Stakeholder', methods: [], reachable: false }],
    });
  });

  test('only channels the server has configured are offered', async () => {
    const res = await t.call('responder', { method: 'GET', url: '/api/v1/contact-channels' });
    assert.equal(res.status, 200);
    // Teams needs no server setting (each person gives their own incoming webhook); no Twilio, Slack or webhook here.
    assert.deepEqual(res.body, { kinds: ['email', 'teams'] });
  });
});

describe('paging an incident', () => {
  async function declare(title: string, area: string): Promise<string> {
    const inc = await t.call('responder', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title, area, scope: 'ALL', criticality: 'ALLBLOCK' },
    });
    assert.equal(inc.status, 201, JSON.stringify(inc.body));
    return inc.body.id;
  }

  test('the preview says when nobody can be reached, before anything is sent', async () => {
    const unreachable = await policy('Support only', t.users.support.id);
    const team = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/teams',
      payload: { name: 'Front', areas: ['FE'], escalationPolicyId: unreachable },
    });
    assert.equal(team.status, 201);
    const id = await declare('Nobody home', 'FE');
    const res = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${id}/page/preview` });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.reachable, false);
    assert.deepEqual(
      res.body.policies.map((p: any) => [p.name, p.levels[0].people.map((x: any) => [x.name, x.reachable])]),
      [['Support only', [['Support', false]]]],
    );
    const none = await declare('No team', 'DEVOPS');
    const empty = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${none}/page/preview` });
    assert.deepEqual(empty.body, { policies: [], reachable: false });
  });

  test('add responders pages a chosen person now, and refuses someone unreachable', async () => {
    const id = await declare('Need more hands', 'DEVOPS');
    const refused = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${id}/responders`,
      payload: { target: { type: 'user', id: t.users.support.id } },
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.match(refused.body.error.message, /Support has no verified contact method/);
    const sent = sink.messages.length;
    const added = await t.call('admin', {
      method: 'POST',
      url: `/api/v1/incidents/${id}/responders`,
      payload: { target: { type: 'user', id: t.users.responder.id } },
    });
    assert.equal(added.status, 202, JSON.stringify(added.body));
    assert.deepEqual(added.body.people, [
      {
        id: t.users.responder.id,
        name: 'Responder',
        methods: [{ kind: 'email', label: '' }],
        reachable: true,
      },
    ]);
    for (let i = 0; i < 3; i++) await t.app.worker.runDue();
    const got = sink.messages.slice(sent).filter((m) => m.envelope.to.includes('responder@example.com'));
    assert.equal(got.length, 1);
    const timeline = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${id}/timeline` });
    const entry = timeline.body.items.find((e: any) => e.kind === 'responders-added');
    assert.deepEqual(entry.data, {
      target: 'user',
      policy: null,
      people: [{ id: t.users.responder.id, name: 'Responder', reachable: true }],
    });
    const bad = await t.call('admin', {
      method: 'POST',
      url: `/api/v1/incidents/${id}/responders`,
      payload: { target: { type: 'room', id: t.users.responder.id } },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.details[0].field, /^body\.target/);
  });
});

describe('routing rules', () => {
  test('a draft rule is tested against a sample payload, nothing stored', async () => {
    const made = await createIntegration(t, { name: 'Staging Prometheus', type: 'alertmanager' });
    const url = `/api/v1/integrations/${made.integration.id}/rules/preview`;
    const payload = amPayload('firing', [
      { name: 'HighErrorRate', fp: 'p-1', severity: 'critical' },
      { name: 'DiskAlmostFull', fp: 'p-2', severity: 'warning' },
    ]);
    const draft = [
      {
        id: 'checkout-errors',
        name: 'Checkout errors',
        match: { labels: { alertname: 'HighErrorRate' } },
        classification: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
        urgency: 'P2',
        threshold: { count: 5, windowMinutes: 2 },
        groupBy: ['service'],
      },
      { id: 'no-disks', name: 'Ignore disks', match: { labels: { alertname: '/Disk.*/' } }, action: 'drop' },
    ];
    const res = await t.call('admin', { method: 'POST', url, payload: { payload, rules: draft } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.signals.map((s: any) => [
        s.title,
        s.rule.id,
        s.action,
        s.urgency,
        s.classification,
        s.groupKey,
        s.threshold,
      ]),
      [
        [
          'HighErrorRate on checkout',
          'checkout-errors',
          'open',
          'P2',
          { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
          'service=checkout',
          { count: 5, windowMinutes: 2 },
        ],
        [
          'DiskAlmostFull on checkout',
          'no-disks',
          'drop',
          null,
          {},
          '{}:{alertname="HighErrorRate"}',
          { count: 1, windowMinutes: 5 },
        ],
      ],
    );
    // Without a draft: the integration's own rules (none here), so the default rule.
    const plain = await t.call('admin', { method: 'POST', url, payload: { payload } });
    assert.deepEqual(
      plain.body.signals.map((s: any) => [s.rule.id, s.urgency]),
      [
        ['default', 'P1'],
        ['default', 'P3'],
      ],
    );
    const bad = await t.call('admin', { method: 'POST', url, payload: { payload: { version: '4' } } });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.match(bad.body.error.details[0].field, /^body\.payload/);
    const badRule = await t.call('admin', {
      method: 'POST',
      url,
      payload: { payload, rules: [{ id: 'Bad Id', name: 'x' }] },
    });
    assert.equal(badRule.status, 400);
    assert.equal(badRule.body.error.details[0].field, 'body.rules.0.id');
    const alerts = await t.call('admin', {
      method: 'GET',
      url: `/api/v1/integrations/${made.integration.id}/alerts`,
    });
    assert.deepEqual(alerts.body.items, []);
  });
});
