/**
 * How a page starts, over the HTTP API on a real database: which policies cover an incident, low
 * urgency waiting for business hours, one escalation per policy at a time, and the order and delays
 * in which a person's channels are tried for a P2 (their rules, or by default the seeds' order two
 * minutes apart; a P1 tries them all at once, test/integration/urgency.test.ts). Mail goes to a real SMTP server, Teams posts to a local stand-in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { fakesOutbound } from '../helpers/fakes/allow.ts';
import { startFakeTeams, type FakeTeams } from '../helpers/fakes/teams.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let teams: FakeTeams;
let channels: ReturnType<typeof createChannels>;
const teamOf = new Map<string, string>();
before(async () => {
  sink = await startSmtpSink();
  teams = await startFakeTeams();
  channels = createChannels(
    { email: emailConfigFor(sink), slack: null, twilio: null, webhook: null },
    fakesOutbound,
  );
  t = await createTestApp({ channels });
  // The admin is reachable by email, so pages by hand to the admin are not refused.
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'email', address: 'admin@example.com' },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const ok = await t.call('admin', {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code: /(\d{6})/.exec(sink.messages.at(-1)!.text!)![1]! },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
  await teams.close();
});

/** Makes a policy paging `userId` (the admin) and puts it on the team of `area` (made on first use). */
async function route(
  area: string,
  name: string,
  extra: Record<string, unknown> = {},
  userId = t.users.admin.id,
) {
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name,
      levels: [{ timeoutMinutes: 30, targets: [{ type: 'user', id: userId }] }],
      ...extra,
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const body = { name: `Team ${area}`, areas: [area], escalationPolicyId: policy.body.id };
  const known = teamOf.get(area);
  const res = await t.call('admin', {
    method: known ? 'PUT' : 'POST',
    url: known ? `/api/v1/teams/${known}` : '/api/v1/teams',
    payload: body,
  });
  assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
  teamOf.set(area, res.body.id);
}

/** Declares an incident and pages for it; returns its id. */
async function page(title: string, classification: Record<string, string>): Promise<string> {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    // Not paged at declaration: the page by hand below is the one under test.
    payload: { title, ...classification, page: false, noPageReason: 'paged by hand' },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: `paging for ${title}` },
  });
  assert.equal(res.status, 202);
  await t.app.worker.runDue();
  return inc.body.id;
}

const P1 = { scope: 'ALL', criticality: 'ALLBLOCK' };
const P2 = { scope: 'ALL', criticality: 'FBEHAV' };
const P3 = { scope: 'ADMINS', criticality: 'FBLOCK' };
const P4 = { scope: 'S-ADMIN', criticality: 'FBEHAV' };

async function entries(incidentId: string, kind: string): Promise<any[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}

describe('which policies', () => {
  test('an incident no policy covers: paging it by hand is refused; its automatic page is marked unrouted', async () => {
    const inc = await t.call('responder', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title: 'No area at all', ...P1 },
    });
    assert.equal(inc.status, 201, JSON.stringify(inc.body));
    await t.app.worker.runDue();
    assert.deepEqual(await entries(inc.body.id, 'page-unrouted'), [
      { reason: 'No escalation policy covers its service or area' },
    ]);
    const res = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.body.id}/page`,
      payload: { reason: 'by hand' },
    });
    assert.equal(res.status, 409);
    assert.equal(
      res.body.error.message,
      `A page for #${inc.body.number} would reach nobody: no escalation policy covers its service or area`,
    );
    assert.deepEqual(await entries(inc.body.id, 'escalation-started'), []);
  });

  test('one escalation at a time: the first covering policy by name, however often it is paged', async () => {
    await route('FE', 'Front');
    await route('BE', 'Back');
    const id = await page('Both ends', { ...P1, area: 'FEBE' });
    const again = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${id}/page`,
      payload: { reason: 'again' },
    });
    assert.equal(again.status, 202);
    await t.app.worker.runDue();
    // The database holds one active escalation per incident (escalations_active).
    const started = await entries(id, 'escalation-started');
    assert.deepEqual(
      started.map((e) => [e.policy, e.reason]),
      [['Back', 'paging for Both ends']],
    );
    const escalations = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${id}/escalations`,
    });
    assert.deepEqual(
      escalations.body.items.map((e: { id: string; policyName: string }) => [e.id, e.policyName]),
      [[started[0].escalationId, 'Back']],
    );
    assert.equal((await entries(id, 'paged')).length, 1);
  });
});

describe('business hours', () => {
  test('P3 and P4 wait for Monday 09:00 on a Saturday; P1 does not', async () => {
    await route('BE', 'Back office');
    t.clock.set(new Date('2026-03-07T12:00:00Z')); // a Saturday
    const p3 = await page('Export misaligned', { ...P3, area: 'BE' });
    const p4 = await page('Tooltip typo', { ...P4, area: 'BE' });
    const p1 = await page('Back office down', { ...P1, area: 'BE' });
    assert.deepEqual(await entries(p3, 'page-deferred'), [
      { until: '2026-03-09T09:00:00.000Z', urgency: 'P3' },
    ]);
    assert.deepEqual(await entries(p4, 'page-deferred'), [
      { until: '2026-03-09T09:00:00.000Z', urgency: 'P4' },
    ]);
    assert.deepEqual(await entries(p3, 'escalation-started'), []);
    assert.equal((await entries(p1, 'escalation-started')).length, 1);
    assert.deepEqual(await entries(p1, 'page-deferred'), []);
    t.clock.set(new Date('2026-03-09T08:59:00Z'));
    await t.app.worker.runDue();
    assert.deepEqual(await entries(p3, 'escalation-started'), []);
    t.clock.set(new Date('2026-03-09T09:00:00Z'));
    await t.app.worker.runDue();
    for (const id of [p3, p4])
      assert.deepEqual(
        (await entries(id, 'escalation-started')).map((e) => e.policy),
        ['Back office'],
      );
  });

  test('within business hours, or with a policy for any hour, P3 pages at once', async () => {
    t.clock.set(new Date('2026-03-10T10:00:00Z')); // a Tuesday
    const weekday = await page('Weekday export', { ...P3, area: 'BE' });
    assert.equal((await entries(weekday, 'escalation-started')).length, 1);
    await route('BE', 'Back office, any hour', { lowUrgencyAnytime: true });
    t.clock.set(new Date('2026-03-14T12:00:00Z')); // a Saturday
    const weekend = await page('Weekend export', { ...P3, area: 'BE' });
    assert.deepEqual(await entries(weekend, 'page-deferred'), []);
    assert.equal((await entries(weekend, 'escalation-started')).length, 1);
  });
});

describe('a person’s channels', () => {
  let email: string;
  let chat: string;
  const teamsPosts = () =>
    teams.posts.filter((p) => p.name === 'responder' && /#\d+/.test(JSON.stringify(p.card)));
  const mails = () =>
    sink.messages.filter(
      (m) => m.envelope.to.includes('responder@example.com') && /#\d+/.test(m.subject ?? ''),
    );

  before(async () => {
    const add = async (kind: string, address: string, code: () => string) => {
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
    };
    // Email first, Teams second: the seeds' order puts Teams before email all the same.
    email = await add(
      'email',
      'responder@example.com',
      () => /(\d{6})/.exec(sink.messages.at(-1)!.text!)![1]!,
    );
    chat = await add(
      'teams',
      teams.workflowUrl('responder'),
      () => /(\d{6})/.exec(JSON.stringify(teams.posts.at(-1)))![1]!,
    );
    await route('DEVOPS', 'Ops', {}, t.users.responder.id);
    t.clock.set(new Date('2026-03-16T10:00:00Z'));
  });

  test('without rules: Teams at once, email two minutes later', async () => {
    const [posts, sent] = [teamsPosts().length, mails().length];
    await page('Queue stuck', { ...P2, area: 'DEVOPS' });
    assert.deepEqual([teamsPosts().length - posts, mails().length - sent], [1, 0]);
    t.clock.advance(60_000);
    await t.app.worker.runDue();
    assert.equal(mails().length - sent, 0, 'not after one minute');
    t.clock.advance(60_000);
    await t.app.worker.runDue();
    assert.deepEqual([teamsPosts().length - posts, mails().length - sent], [1, 1]);
  });

  test('with rules: their order and delays', async () => {
    const rules = await t.call('responder', {
      method: 'PUT',
      url: '/api/v1/me/notification-rules',
      payload: {
        rules: [
          { contactMethodId: email, delayMinutes: 0 },
          { contactMethodId: chat, delayMinutes: 3 },
        ],
      },
    });
    assert.equal(rules.status, 200, JSON.stringify(rules.body));
    const [posts, sent] = [teamsPosts().length, mails().length];
    await page('Disk full', { ...P2, area: 'DEVOPS' });
    assert.deepEqual([teamsPosts().length - posts, mails().length - sent], [0, 1]);
    t.clock.advance(2 * 60_000);
    await t.app.worker.runDue();
    assert.equal(teamsPosts().length - posts, 0, 'not after two minutes');
    t.clock.advance(60_000);
    await t.app.worker.runDue();
    assert.deepEqual([teamsPosts().length - posts, mails().length - sent], [1, 1]);
    assert.deepEqual(teams.violations, []);
    assert.deepEqual(sink.violations, []);
  });
});
