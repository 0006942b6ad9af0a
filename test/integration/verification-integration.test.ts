/**
 * An integration's alert rate as the watched metric, through the HTTP API on a real database: an
 * incident declared by hand watches the rate of an integration's signals; alerts arriving through
 * the real ingest path (`/v2/enqueue`) make it bad; quiet for the window after a fix verifies it;
 * a burst within the window sends it back to fixing. The choice is checked (400 naming the field).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import { scheduleCheck } from '../../src/verification/check.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let routingKey: string;
let integrationId: string;

before(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'Payments', type: 'pagerduty' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  routingKey = res.body.key;
  integrationId = res.body.integration.id;
  await scheduleCheck(t.db.pool, t.clock.now());
});
after(() => t.close());

/** Sends `n` PagerDuty Events v2 triggers, each its own alert. */
async function burst(n: number, prefix: string) {
  for (let i = 0; i < n; i++) {
    const res = await t.call(null, {
      method: 'POST',
      url: '/v2/enqueue',
      payload: {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: `${prefix}-${i}`,
        payload: { summary: `${prefix} ${i} failing`, source: 'pay-01', severity: 'error' },
      },
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
  }
  await runJobs(t);
}

/** The deployments domain's word that a fix is out. */
async function deployFix(incidentId: string, deploymentId: string) {
  await enqueue(t.db.pool, [
    {
      kind: 'fix-deployed',
      key: `fix-deployed:${incidentId}:${deploymentId}`,
      runAt: t.clock.now(),
      payload: {
        incidentId,
        deploymentId,
        serviceId: '00000000-0000-4000-8000-000000000001',
        version: 'v2.0.1',
        environment: 'production',
        at: t.clock.now().toISOString(),
      },
    },
  ]);
  await runJobs(t);
}

async function wait(seconds: number) {
  t.clock.advance(seconds * 1000);
  await runJobs(t);
}

/** An incident declared by hand, owned by the responder, in fixing. */
async function declared(title: string): Promise<string> {
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'BE', scope: 'ALL', criticality: 'ALLBLOCK' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const id: string = res.body.id;
  await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/ownership` });
  for (const status of ['investigating', 'fixing']) {
    const moved = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${id}/status`,
      payload: { status },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  return id;
}

const watch = (id: string, payload: Record<string, unknown>) =>
  t.call('responder', { method: 'PUT', url: `/api/v1/incidents/${id}/watched-metric`, payload });

async function verification(id: string) {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/verification` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}
async function entries(id: string, kind: string) {
  const res = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${id}/timeline?limit=500`,
  });
  return (res.body.items as { kind: string; data: unknown }[])
    .filter((e) => e.kind === kind)
    .map((e) => e.data);
}
const statusOf = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}` })).body.status;

describe("an integration's alert rate", () => {
  test('the choice names the field when it is wrong', async () => {
    const id = await declared('Refunds slow');
    const both = await watch(id, { query: 'up', integrationId, threshold: 2 });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.details[0].field, 'integrationId');
    const neither = await watch(id, { threshold: 2 });
    assert.equal(neither.status, 400);
    assert.equal(neither.body.error.details[0].field, 'query');
    const unknown = await watch(id, { integrationId: '00000000-0000-4000-8000-00000000abcd', threshold: 2 });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.details[0].field, 'integrationId');
    const below = await watch(id, { integrationId, comparison: 'below', threshold: 2 });
    assert.equal(below.status, 400);
    assert.equal(below.body.error.details[0].field, 'comparison');
  });

  test('alerts make it bad; quiet for the window after the fix verifies it', async () => {
    const id = await declared('Card payments failing');
    const chosen = await watch(id, { integrationId, threshold: 2, windowMinutes: 15 });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    assert.deepEqual(chosen.body.metric, {
      kind: 'integration',
      description: 'the alert rate of Payments (bad > 2 per minute)',
      query: null,
      integrationId,
      integrationName: 'Payments',
      comparison: 'above',
      threshold: 2,
    });

    await burst(15, 'card');
    await deployFix(id, 'dep-1');
    assert.equal(await statusOf(id), 'monitoring');
    assert.deepEqual(await entries(id, 'monitoring-started'), [
      { metric: 'the alert rate of Payments (bad > 2 per minute)', windowMinutes: 15, deploymentId: 'dep-1' },
    ]);

    await wait(30);
    let v = await verification(id);
    assert.equal(v.run.state, 'waiting', 'still bad: the fix is taking effect');
    assert.equal(v.run.lastValue, 3);
    assert.equal(v.run.detail, '3 signals per minute over the last 5 minutes is bad (bad > 2)');

    await wait(270);
    v = await verification(id);
    assert.equal(v.run.state, 'good');
    assert.equal(v.run.goodSince, '2026-03-10T10:05:00.000Z', 'the burst is older than 5 minutes');
    assert.equal(v.run.verifiesAt, '2026-03-10T10:20:00.000Z');
    assert.equal(v.run.detail, '0 signals per minute over the last 5 minutes is good (bad > 2)');

    await wait(14 * 60);
    assert.equal((await verification(id)).run.state, 'good');
    await wait(60);
    v = await verification(id);
    assert.equal(v.run.state, 'verified');
    assert.deepEqual(await entries(id, 'verified'), [
      { metric: 'the alert rate of Payments (bad > 2 per minute)', windowMinutes: 15 },
    ]);
    const holds = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/holds` });
    assert.deepEqual(holds.body.items, []);

    const series = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${id}/verification/series`,
    });
    assert.equal(series.status, 200);
    assert.deepEqual(series.body, {
      unit: 'signals-per-minute',
      points: [{ at: '2026-03-10T10:00:00.000Z', value: 15 }],
      deployedAt: '2026-03-10T10:00:00.000Z',
      threshold: 2,
      error: null,
    });
  });

  test('a burst within the window sends it back to fixing', async () => {
    const id = await declared('Payouts failing');
    assert.equal((await watch(id, { integrationId, threshold: 2, windowMinutes: 10 })).status, 200);
    await deployFix(id, 'dep-2');
    await wait(30);
    let v = await verification(id);
    assert.equal(v.run.state, 'good');
    assert.equal(v.run.goodSince, '2026-03-10T10:20:30.000Z');

    await wait(120);
    await burst(15, 'payout');
    await wait(30);
    v = await verification(id);
    assert.equal(v.run.state, 'failed');
    assert.equal(await statusOf(id), 'fixing');
    assert.deepEqual(await entries(id, 'verification-failed'), [
      {
        metric: 'the alert rate of Payments (bad > 2 per minute)',
        detail: '3 signals per minute over the last 5 minutes is bad (bad > 2)',
      },
    ]);
  });
});

describe('the Prometheus test', () => {
  test('answers in words when none is configured or it cannot be reached, never an error status', async () => {
    const none = await t.call('admin', { method: 'POST', url: '/api/v1/settings/prometheus/test' });
    assert.equal(none.status, 200);
    assert.deepEqual(none.body, { ok: false, detail: 'No Prometheus is configured' });
    const set = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/settings/prometheus',
      payload: { baseUrl: 'http://127.0.0.1:9' },
    });
    assert.equal(set.status, 200);
    const down = await t.call('admin', { method: 'POST', url: '/api/v1/settings/prometheus/test' });
    assert.equal(down.status, 200);
    assert.equal(down.body.ok, false);
    assert.match(down.body.detail, /^Could not query http:\/\/127\.0\.0\.1:9: /);
    const responder = await t.call('responder', { method: 'POST', url: '/api/v1/settings/prometheus/test' });
    assert.equal(responder.status, 403);
  });
});
