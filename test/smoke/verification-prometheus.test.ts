/**
 * A fix verified on the original metric at a real Prometheus (Debian's `prometheus`), scraping every
 * second an exporter whose value the test sets. The watched query is bad (error ratio above 0.05),
 * the fix is deployed (recorded by `expedite deploy`), the value recovers and, once the window has passed on the app's clock
 * (fast-forwarded; Prometheus is read at real time, so its instant value), the incident is verified.
 * In a second run the value turns bad again within the window: back to fixing, and the owner is
 * paged at a real SMTP sink.
 *
 * Skipped (with a message) where `prometheus` is not installed, except in CI, which installs it
 * (.ci/run) and so fails without it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createChannels } from '../../src/notify/index.ts';
import { scheduleCheck } from '../../src/verification/check.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';
import {
  prometheusBin,
  prometheusInstalled,
  startExporter,
  startPrometheus,
  waitForValue,
  type Exporter,
  type Prometheus,
} from '../helpers/prometheus.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { cli } from '../cli/helpers.ts';

const inCi = Boolean(process.env.CI);
const skip =
  !prometheusInstalled() && !inCi
    ? `${prometheusBin} is not installed (apt-get install prometheus); CI runs this test`
    : false;
if (skip) console.log(`# skipped: ${skip}`);

const METRIC = 'checkout_error_ratio';
let t: TestApp | undefined;
let sink: SmtpSink | undefined;
let channels: ReturnType<typeof createChannels> | undefined;
let exporter: Exporter | undefined;
let prom: Prometheus | undefined;
let url = '';

before(async () => {
  if (skip) return;
  exporter = await startExporter(METRIC, 0.3);
  prom = await startPrometheus(exporter.target);
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  // The app's clock starts at the real time, so the chart's range is where Prometheus has samples.
  t.clock.set(new Date(Math.floor(Date.now() / 1000) * 1000));
  await t.db.pool.query(
    `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
    [t.users.responder.id, 'responder@example.com', t.clock.now()],
  );
  const set = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/settings/prometheus',
    payload: { baseUrl: prom.url },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  // The service "checkout", named by an integration; deployments of it are recorded by the CLI.
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'Checkout', type: 'generic', service: 'checkout' },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  await scheduleCheck(t.db.pool, t.clock.now());
});
after(async () => {
  await t?.close();
  for (const c of Object.values(channels ?? {})) await c?.close?.();
  await sink?.close();
  await prom?.stop();
  await exporter?.close();
});

/** The fix is deployed: recorded by `expedite deploy` as a CI step would, then what is due runs. */
async function deployFix(version: string) {
  const res = await cli(
    ['deploy', '--service', 'checkout', '--version', version, '--environment', 'production'],
    {
      EXPEDITE_URL: url,
      EXPEDITE_TOKEN: t!.users.responder.token,
      EXPEDITE_CONFIG: path.join(os.tmpdir(), 'expedite-verification-none', 'config.json'),
    },
  );
  assert.equal(res.code, 0, res.stderr);
  await runJobs(t!);
}

/** Moves the app's clock on by `seconds` and runs what is due (a check every 30 s). */
async function wait(seconds: number) {
  t!.clock.advance(seconds * 1000);
  await runJobs(t!);
}

/** An incident owned by the responder, in fixing, watching the error ratio (bad above 0.05, 15 min). */
async function watchedIncident(title: string): Promise<{ id: string; number: number }> {
  const res = await t!.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      scope: 'ALL-USERS',
      criticality: 'FBLOCK',
      area: 'BE',
      service: 'checkout',
      page: false,
      noPageReason: 'test',
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const { id, number } = res.body as { id: string; number: number };
  assert.equal(
    (await t!.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/ownership` })).status,
    200,
  );
  for (const status of ['investigating', 'fixing'])
    assert.equal(
      (
        await t!.call('responder', {
          method: 'POST',
          url: `/api/v1/incidents/${id}/status`,
          payload: { status },
        })
      ).status,
      200,
    );
  const watched = await t!.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${id}/watched-metric`,
    payload: { query: METRIC, comparison: 'above', threshold: 0.05, windowMinutes: 15 },
  });
  assert.equal(watched.status, 200, JSON.stringify(watched.body));
  return { id, number };
}

async function verification(id: string) {
  const res = await t!.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/verification` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}
async function entries(id: string, kind: string): Promise<any[]> {
  const res = await t!.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${id}/timeline?limit=500`,
  });
  return res.body.items
    .filter((e: { kind: string }) => e.kind === kind)
    .map((e: { data: unknown }) => e.data);
}
const statusOf = async (id: string) =>
  (await t!.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}` })).body.status;

describe('a watched metric at a real Prometheus', { skip }, () => {
  test('bad, fix deployed, recovers, verified after the window', async () => {
    exporter!.set(0.3);
    await waitForValue(prom!, METRIC, 0.3);
    const inc = await watchedIncident('Checkout errors');
    await deployFix('v2.0.1');
    assert.equal(await statusOf(inc.id), 'monitoring');
    await wait(30);
    let v = await verification(inc.id);
    assert.equal(v.run.state, 'waiting', 'still bad right after the deployment');
    assert.equal(v.run.detail, '0.3 is bad (> 0.05)');
    assert.equal(v.run.lastValue, 0.3);

    exporter!.set(0.01);
    await waitForValue(prom!, METRIC, 0.01);
    await wait(30);
    v = await verification(inc.id);
    assert.equal(v.run.state, 'good');
    assert.equal(v.run.detail, '0.01 is good (bad > 0.05)');

    await wait(15 * 60);
    v = await verification(inc.id);
    assert.equal(v.run.state, 'verified');
    assert.deepEqual(await entries(inc.id, 'verified'), [
      { metric: 'checkout_error_ratio (bad > 0.05)', windowMinutes: 15 },
    ]);
    const holds = await t!.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}/holds` });
    assert.deepEqual(holds.body.items, []);

    // The chart: the query's range at Prometheus around the fix (its samples, a step apart, at real
    // time), the deployment marked where monitoring started.
    const series = await t!.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/verification/series`,
    });
    assert.equal(series.status, 200, JSON.stringify(series.body));
    assert.equal(series.body.error, null);
    assert.equal(series.body.unit, 'value');
    assert.equal(series.body.threshold, 0.05);
    assert.equal(series.body.deployedAt, v.run.startedAt);
    const values = series.body.points.map((p: { value: number }) => p.value);
    assert.ok(values.includes(0.01), JSON.stringify(series.body.points));
    assert.ok(
      values.every((x: number) => x === 0.01 || x === 0.3),
      JSON.stringify(series.body.points),
    );
    // Verified: resolving needs no reason.
    const resolved = await t!.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/status`,
      payload: { status: 'resolved', summary: 'Rolled out v2.0.1; the error ratio is back under 5%' },
    });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  });

  test('bad again within the window: back to fixing, the owner paged', async () => {
    exporter!.set(0.3);
    await waitForValue(prom!, METRIC, 0.3);
    const inc = await watchedIncident('Checkout errors again');
    await deployFix('v2.0.2');
    exporter!.set(0.01);
    await waitForValue(prom!, METRIC, 0.01);
    await wait(30);
    assert.equal((await verification(inc.id)).run.state, 'good');
    await wait(5 * 60);

    exporter!.set(0.2);
    await waitForValue(prom!, METRIC, 0.2);
    await wait(30);
    assert.equal((await verification(inc.id)).run.state, 'failed');
    assert.equal(await statusOf(inc.id), 'fixing');
    assert.deepEqual(await entries(inc.id, 'verification-failed'), [
      { metric: 'checkout_error_ratio (bad > 0.05)', detail: '0.2 is bad (> 0.05)' },
    ]);
    await runJobs(t!);
    const pages = sink!.messages.filter(
      (m) => m.envelope.to.includes('responder@example.com') && (m.subject ?? '').includes(`#${inc.number}:`),
    );
    assert.equal(pages.length, 1, 'the owner is paged once');
    assert.equal(pages[0]!.subject, `#${inc.number}: the fix failed verification, back to fixing`);
  });
});
