/**
 * Verification on the original metric, through the HTTP API on a real database with a real SMTP
 * sink: a fix deployed moves an alert-opened incident to monitoring; once every alert has resolved
 * and none arrived for the window, it is verified and may resolve freely; a new alert within the
 * window sends it back to fixing and pages the owner; a rollback sends it back to fixing too; an
 * unverified fix resolves only with a reason, which the timeline keeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import { createChannels } from '../../src/notify/index.ts';
import { scheduleCheck } from '../../src/verification/check.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
let routingKey: string;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  await t.db.pool.query(
    `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
    [t.users.responder.id, 'responder@example.com', t.clock.now()],
  );
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'Payments', type: 'pagerduty' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  routingKey = res.body.key;
  await scheduleCheck(t.db.pool, t.clock.now());
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Sends one PagerDuty Events v2 event. */
async function event(action: 'trigger' | 'resolve', dedupKey: string, group: string) {
  const payload =
    action === 'trigger'
      ? {
          routing_key: routingKey,
          event_action: action,
          dedup_key: dedupKey,
          payload: { summary: `${dedupKey} failing`, source: 'pay-01', severity: 'error', group },
        }
      : { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
  const res = await t.call(null, { method: 'POST', url: '/v2/enqueue', payload });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

/** The deployments domain's word that a fix is out (the one step the CLI `expedite deploy` replaces). */
async function deployFix(incidentId: string, deploymentId: string, kind = 'fix-deployed') {
  await enqueue(t.db.pool, [
    {
      kind,
      key: `${kind}:${incidentId}:${deploymentId}`,
      runAt: t.clock.now(),
      payload: {
        incidentId,
        deploymentId,
        serviceId: '00000000-0000-4000-8000-000000000001',
        version: 'v1.2.3',
        environment: 'production',
        at: t.clock.now().toISOString(),
      },
    },
  ]);
  await runJobs(t);
}

/** Moves the clock on by `seconds` and runs what is due (the check runs every 30 s). */
async function wait(seconds: number) {
  t.clock.advance(seconds * 1000);
  await runJobs(t);
}

/** An alert-opened incident of `group`, owned by the responder, in fixing. */
async function alertIncident(group: string): Promise<{ id: string; number: number }> {
  await event('trigger', `${group}-errors`, group);
  await runJobs(t);
  const { rows } = await t.db.pool.query<{ incident_id: string }>(
    'SELECT incident_id FROM alerts WHERE dedup_key = $1',
    [`${group}-errors`],
  );
  const id = rows[0]!.incident_id;
  assert.equal(
    (await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/ownership` })).status,
    200,
  );
  for (const status of ['investigating', 'fixing']) {
    const moved = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${id}/status`,
      payload: { status },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  const inc = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${id}` });
  return { id, number: inc.body.number };
}

async function timeline(id: string): Promise<{ kind: string; actor: unknown; data: any }[]> {
  const res = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${id}/timeline?limit=500`,
  });
  assert.equal(res.status, 200);
  return res.body.items;
}
const kinds = async (id: string, of: string) => (await timeline(id)).filter((e) => e.kind === of);

async function verification(id: string) {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/verification` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}
const statusOf = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}` })).body.status;
const holdKeys = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/holds` })).body.items.map(
    (h: { key: string }) => h.key,
  );
const mailsAbout = (number: number) =>
  sink.messages.filter(
    (m) =>
      m.envelope.to.includes('responder@example.com') && new RegExp(`#${number}\\b`).test(m.subject ?? ''),
  );

describe('the rate of its alerts', () => {
  test('a fix deployed starts monitoring; alerts resolved and quiet for the window verify it', async () => {
    const inc = await alertIncident('checkout');
    await deployFix(inc.id, 'dep-1');
    assert.equal(await statusOf(inc.id), 'monitoring');
    assert.deepEqual(
      (await kinds(inc.id, 'monitoring-started')).map((e) => e.data),
      [
        {
          metric: 'the rate of its alerts (none firing, none new)',
          windowMinutes: 15,
          deploymentId: 'dep-1',
        },
      ],
    );
    assert.deepEqual(await holdKeys(inc.id), ['unverified']);

    await wait(30);
    let v = await verification(inc.id);
    assert.equal(v.metric.kind, 'alerts');
    assert.equal(v.run.state, 'waiting', 'the alert still fires: the fix is taking effect');
    assert.equal(v.run.detail, '1 alert firing');

    await event('resolve', 'checkout-errors', 'checkout');
    await wait(30);
    v = await verification(inc.id);
    assert.equal(v.run.state, 'good');
    assert.equal(v.run.goodSince, '2026-03-10T10:00:30.000Z', 'since the alert resolved');
    assert.equal(v.run.verifiesAt, '2026-03-10T10:15:30.000Z');

    await wait(10 * 60);
    v = await verification(inc.id);
    assert.equal(v.run.state, 'good');
    assert.equal(v.run.progress, 0.7);

    await wait(5 * 60);
    v = await verification(inc.id);
    assert.equal(v.run.state, 'verified');
    assert.equal(v.verified, true);
    assert.deepEqual(
      (await kinds(inc.id, 'verified')).map((e) => [e.actor, e.data]),
      [[null, { metric: 'the rate of its alerts (none firing, none new)', windowMinutes: 15 }]],
    );
    assert.deepEqual(await holdKeys(inc.id), [], 'verified: nothing holds off resolving');
    assert.equal(await statusOf(inc.id), 'monitoring', 'the room offers to resolve; a person decides');
    const resolved = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/status`,
      payload: { status: 'resolved', summary: 'Cache key fixed' },
    });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));

    const series = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/verification/series`,
    });
    assert.equal(series.status, 200);
    assert.equal(series.body.unit, 'signals-per-minute');
    assert.equal(series.body.deployedAt, '2026-03-10T10:00:00.000Z');
  });

  test('a new alert within the window sends it back to fixing and pages the owner', async () => {
    const inc = await alertIncident('search');
    await deployFix(inc.id, 'dep-2');
    await event('resolve', 'search-errors', 'search');
    await wait(30);
    assert.equal((await verification(inc.id)).run.state, 'good');
    await wait(4 * 60);
    await event('trigger', 'search-errors', 'search');
    await wait(30);
    const v = await verification(inc.id);
    assert.equal(v.run.state, 'failed');
    assert.equal(await statusOf(inc.id), 'fixing');
    assert.deepEqual(
      (await kinds(inc.id, 'verification-failed')).map((e) => e.data),
      [{ metric: 'the rate of its alerts (none firing, none new)', detail: '1 alert firing' }],
    );
    assert.deepEqual(await holdKeys(inc.id), ['unverified'], 'still unverified');
    await runJobs(t);
    const pages = mailsAbout(inc.number);
    assert.equal(pages.length, 1, 'the owner is paged once');
    assert.match(pages[0]!.subject!, /failed verification, back to fixing/);
  });

  test('a rollback sends it back to fixing and tells the owner', async () => {
    const inc = await alertIncident('cart');
    await deployFix(inc.id, 'dep-3');
    assert.equal(await statusOf(inc.id), 'monitoring');
    await deployFix(inc.id, 'dep-3', 'fix-rolled-back');
    assert.equal(await statusOf(inc.id), 'fixing');
    const moves = (await kinds(inc.id, 'status-changed')).map((e) => e.data).slice(-1);
    assert.deepEqual(moves, [
      { from: 'monitoring', to: 'fixing', note: 'Rolled back: v1.2.3 in production' },
    ]);
    assert.equal((await verification(inc.id)).run.state, 'stopped');
    await runJobs(t);
    const told = mailsAbout(inc.number);
    assert.equal(told.length, 1);
    assert.match(told[0]!.subject!, /rolled back, back to fixing/);
  });
});

describe('resolving an unverified fix', () => {
  test('is refused without a reason and recorded with one', async () => {
    const inc = await alertIncident('login');
    await deployFix(inc.id, 'dep-4');
    const refused = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/status`,
      payload: { status: 'resolved', summary: 'Restarted' },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details[0].field, 'body.overrideReason');
    assert.match(refused.body.error.message, /not verified on the rate of its alerts/);
    const ok = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/status`,
      payload: { status: 'resolved', summary: 'Restarted', overrideReason: 'Customer confirmed it works' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const [entry] = await kinds(inc.id, 'resolved');
    assert.equal(entry!.data.overrideReason, 'Customer confirmed it works');
    assert.deepEqual(
      entry!.data.overridden.map((h: { key: string }) => h.key),
      ['unverified'],
    );
    await wait(30);
    assert.equal((await verification(inc.id)).run.state, 'stopped', 'resolved: the spell ends');
  });
});

describe('a watched query', () => {
  test('monitoring started by hand starts a spell; without Prometheus the metric is unknown', async () => {
    const declared = await t.call('responder', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title: 'Slow search', scope: 'ALL-USERS', criticality: 'FBEHAV', area: 'BE' },
    });
    assert.equal(declared.status, 201);
    const id = declared.body.id as string;
    const bad = await t.call('responder', {
      method: 'PUT',
      url: `/api/v1/incidents/${id}/watched-metric`,
      payload: { query: 'rate(x[1m])', comparison: 'above', threshold: 'high' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'body.threshold');
    const watched = await t.call('responder', {
      method: 'PUT',
      url: `/api/v1/incidents/${id}/watched-metric`,
      payload: {
        query: 'rate(http_errors_total[1m])',
        comparison: 'above',
        threshold: 0.05,
        windowMinutes: 5,
      },
    });
    assert.equal(watched.status, 200, JSON.stringify(watched.body));
    assert.equal(watched.body.metric.description, 'rate(http_errors_total[1m]) (bad > 0.05)');
    assert.equal(watched.body.windowMinutes, 5);
    assert.equal(
      (
        await t.call('stakeholder', {
          method: 'PUT',
          url: `/api/v1/incidents/${id}/verification/window`,
          payload: { windowMinutes: 5 },
        })
      ).status,
      403,
    );
    for (const status of ['investigating', 'monitoring'])
      assert.equal(
        (
          await t.call('responder', {
            method: 'POST',
            url: `/api/v1/incidents/${id}/status`,
            payload: { status },
          })
        ).status,
        200,
      );
    await wait(30);
    assert.deepEqual(
      (await kinds(id, 'monitoring-started')).map((e) => e.data),
      [{ metric: 'rate(http_errors_total[1m]) (bad > 0.05)', windowMinutes: 5 }],
    );
    await wait(30);
    const v = await verification(id);
    assert.equal(v.run.state, 'waiting');
    assert.equal(v.run.detail, 'No Prometheus is configured');
    assert.deepEqual(await holdKeys(id), ['unverified']);
    const removed = await t.call('responder', {
      method: 'DELETE',
      url: `/api/v1/incidents/${id}/watched-metric`,
    });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.metric.kind, 'none');
    assert.deepEqual(await holdKeys(id), [], 'nothing to verify on: no hold');
    assert.equal((await verification(id)).run.state, 'stopped');
  });

  test('the Prometheus setting is for those who manage integrations', async () => {
    const url = '/api/v1/settings/prometheus';
    assert.equal((await t.call('responder', { method: 'GET', url })).status, 403);
    assert.equal(
      (await t.call('responder', { method: 'PUT', url, payload: { baseUrl: 'http://prom:9090' } })).status,
      403,
    );
    const bad = await t.call('admin', { method: 'PUT', url, payload: { baseUrl: 'ftp://prom' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'body.baseUrl');
    const set = await t.call('admin', {
      method: 'PUT',
      url,
      payload: { baseUrl: 'http://prom.internal:9090' },
    });
    assert.equal(set.status, 200);
    assert.deepEqual((await t.call('admin', { method: 'GET', url })).body, {
      baseUrl: 'http://prom.internal:9090',
    });
    assert.equal((await t.call('admin', { method: 'PUT', url, payload: { baseUrl: null } })).status, 200);
  });
});
