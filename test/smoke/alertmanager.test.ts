/**
 * The real Prometheus Alertmanager against a real Expedite server, through both ways teams wire it:
 * `webhook_configs` to the integration's hook URL, and `pagerduty_configs` to Expedite's PagerDuty
 * Events API v2 endpoint. For each: an alert fires, Prometheus keeps pushing it and Alertmanager
 * re-sends it (repeat_interval 1s), then it resolves. Expedite must open exactly one incident,
 * count the repeats on one alert, and resolve both the alert and the incident, on its timeline.
 *
 * And a webhook receiver with `max_alerts`: Alertmanager sends only that many alerts of a group and
 * says how many it left out (`truncatedAlerts`); the incident counts them.
 *
 * Skipped (with a message) where `prometheus-alertmanager` is not installed, except in CI, which
 * installs it (.ci/run) and so fails without it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  alertmanagerBin,
  alertmanagerInstalled,
  prometheusAlert,
  singleReceiverConfig,
  startAlertmanager,
  type Alertmanager,
} from '../helpers/alertmanager.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { spawnServer, waitHealthy, type ServerProcess } from '../helpers/server-process.ts';

const inCi = Boolean(process.env.CI);
const skip =
  !alertmanagerInstalled() && !inCi
    ? `${alertmanagerBin} is not installed (apt-get install prometheus-alertmanager); CI runs this test`
    : false;

const admin = { email: 'admin@example.com', password: 'admin-password' };
let db: TestDatabase | undefined;
let server: ServerProcess | undefined;
let am: Alertmanager | undefined;
let token = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tail = (s: string, n = 6000) => (s.length > n ? `…${s.slice(-n)}` : s);

/** What a failure message carries besides the assertion: both processes' recent output. */
function diagnostics(): string {
  return (
    `\n--- Alertmanager output:\n${tail(am?.output() ?? '(not running)')}` +
    `\n--- Expedite output:\n${tail(server?.output() ?? '(not running)')}`
  );
}

/** Calls the API as the admin; throws (with diagnostics) unless the status is `expect`. */
async function api(method: string, path: string, body?: unknown, expect = 200): Promise<any> {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} (expected ${expect}) ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Reads every 100 ms until `done`; on timeout fails with the last value seen and both outputs. */
async function poll<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(100);
  }
  const seen = lastError instanceof Error ? lastError.message : JSON.stringify(lastError ?? last, null, 2);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen:\n${seen}${diagnostics()}`);
}

describe('Alertmanager → Expedite', { timeout: 120_000 }, () => {
  before(async () => {
    if (!alertmanagerInstalled()) return; // skipped here; each test fails in CI
    db = await createTestDatabase();
    server = await spawnServer({
      DATABASE_URL: db.url,
      EXPEDITE_ADMIN_EMAIL: admin.email,
      EXPEDITE_ADMIN_PASSWORD: admin.password,
      EXPEDITE_WEB_DIR: '',
    });
    await waitHealthy(server);
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const text = await res.text();
    assert.equal(res.status, 200, `login failed: ${text}${diagnostics()}`);
    token = (JSON.parse(text) as { token: string }).token;
  });

  after(async () => {
    await am?.stop();
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await db?.drop();
  });

  /** Fires, repeats and resolves one alert through an Alertmanager wired by `receiver`. */
  async function fireRepeatResolve(
    type: 'alertmanager' | 'pagerduty',
    receiver: (created: { key: string; url: string; pagerDutyUrl: string }) => Record<string, unknown>,
  ) {
    assert.ok(
      alertmanagerInstalled(),
      `CI=${process.env.CI} but ${alertmanagerBin} is missing: .ci/run installs it`,
    );
    const created = await api('POST', '/api/v1/integrations', { name: 'Prometheus', type }, 201);
    assert.equal(created.integration.type, type);
    assert.match(created.key, /^exi_/);
    const integrationId: string = created.integration.id;

    const config = singleReceiverConfig(receiver(created));
    // Re-send while firing, as Alertmanager does every repeat_interval, so that repeats reach Expedite.
    config.route.repeat_interval = '1s';
    am = await startAlertmanager(config);
    try {
      const alertname = `HighErrorRate_${type}`;
      const labels = { alertname, severity: 'critical', service: 'checkout' };
      const annotations = { summary: `Checkout 5xx above 5% (${type})` };
      const startsAt = new Date();
      const incidentsBefore = (await api('GET', '/api/v1/incidents?limit=200')).items.length;

      // Fire, and keep pushing the same alert as Prometheus does on each evaluation (here every
      // second), until Expedite has counted a repeat on the one alert.
      const alerts = () => api('GET', `/api/v1/integrations/${integrationId}/alerts`);
      await am.push([prometheusAlert(labels, annotations, startsAt, true)]);
      let lastPush = Date.now();
      const firing = await poll(
        'one firing alert with a repeat counted',
        async () => {
          if (Date.now() - lastPush >= 1000) {
            await am!.push([prometheusAlert(labels, annotations, startsAt, true)]);
            lastPush = Date.now();
          }
          return alerts();
        },
        (v) => v.items.length >= 1 && v.items[0].eventCount >= 2,
      );
      assert.equal(firing.items.length, 1, `one alert expected: ${JSON.stringify(firing.items)}`);
      assert.equal(firing.items[0].status, 'firing');
      const incidentId: string = firing.items[0].incidentId;
      assert.ok(incidentId, `the alert opened an incident: ${JSON.stringify(firing.items[0])}`);
      if (type === 'alertmanager') {
        // The webhook's dedup key is the alert's fingerprint, as Alertmanager itself reports it.
        const held = (await am.alerts()).find((a) => a.labels.alertname === alertname);
        assert.equal(firing.items[0].dedupKey, held?.fingerprint);
      } else {
        // Alertmanager's PagerDuty dedup_key is the SHA-256 of the group key; Expedite keeps it.
        const groupKey = `{}:{alertname="${alertname}"}`;
        assert.equal(firing.items[0].dedupKey, createHash('sha256').update(groupKey).digest('hex'));
      }

      // Resolve: endsAt now. Alertmanager sends the resolved notification on its next flush.
      await am.push([prometheusAlert(labels, annotations, startsAt, false)]);
      const resolved = await poll(
        'the alert resolved',
        alerts,
        (v) => v.items.length >= 1 && v.items.every((a: any) => a.status === 'resolved'),
      );
      assert.equal(resolved.items.length, 1, `still one alert: ${JSON.stringify(resolved.items)}`);
      assert.equal(
        resolved.items[0].incidentId,
        incidentId,
        'the repeats and the resolve stay on one incident',
      );
      assert.ok(resolved.items[0].eventCount >= 2, `repeats counted: ${JSON.stringify(resolved.items[0])}`);

      const incident = await poll(
        'the incident resolved',
        () => api('GET', `/api/v1/incidents/${incidentId}`),
        (v) => v.status === 'resolved',
      );
      const incidentsAfter = (await api('GET', '/api/v1/incidents?limit=200')).items.length;
      assert.equal(incidentsAfter - incidentsBefore, 1, 'exactly one incident opened');

      assert.equal(incident.origin?.integrationId, integrationId, 'opened by this integration');
      assert.match(incident.resolutionSummary ?? '', /resolved at the source/i);
      if (type === 'alertmanager') assert.equal(incident.origin.groupKey, `{}:{alertname="${alertname}"}`);

      // The timeline: opened from the alert, the alert's resolve, then the automatic resolve.
      const timeline = (await api('GET', `/api/v1/incidents/${incidentId}/timeline`)).items as {
        kind: string;
        data: Record<string, any>;
      }[];
      const shown = JSON.stringify(timeline, null, 2);
      const declared = timeline.find((e) => e.kind === 'declared');
      assert.equal(declared?.data.source?.integration, 'Prometheus', `declared from the alert:\n${shown}`);
      const news = timeline.filter((e) => e.kind === 'alerts');
      assert.ok(
        news.some((e) => e.data.resolved >= 1 && e.data.open === 0),
        `the alert's resolve is on the timeline:\n${shown}`,
      );
      const resolvedEntry = timeline.find((e) => e.kind === 'resolved');
      assert.equal(resolvedEntry?.data.automatic, true, `resolved automatically:\n${shown}`);
      assert.equal(timeline.at(-1)?.kind, 'resolved', `the resolve comes last:\n${shown}`);
    } finally {
      await am.stop();
      am = undefined;
    }
  }

  test('webhook_configs → /api/v1/hooks/{key}', { skip }, async () => {
    await fireRepeatResolve('alertmanager', (created) => {
      assert.match(created.url, /\/api\/v1\/hooks\/exi_/);
      return { webhook_configs: [{ url: created.url, send_resolved: true }] };
    });
  });

  test(
    'webhook_configs with max_alerts: the incident counts the alerts Alertmanager truncated',
    { skip },
    async () => {
      assert.ok(
        alertmanagerInstalled(),
        `CI=${process.env.CI} but ${alertmanagerBin} is missing: .ci/run installs it`,
      );
      const created = await api(
        'POST',
        '/api/v1/integrations',
        { name: 'Capped', type: 'alertmanager' },
        201,
      );
      const integrationId: string = created.integration.id;
      const config = singleReceiverConfig({
        webhook_configs: [{ url: created.url, send_resolved: true, max_alerts: 2 }],
      });
      // A second to gather the five alerts into the group's first notification.
      config.route.group_wait = '1s';
      am = await startAlertmanager(config);
      try {
        const startsAt = new Date();
        const pods = ['a', 'b', 'c', 'd', 'e'];
        await am.push(
          pods.map((pod) =>
            prometheusAlert(
              { alertname: 'PodCrashLooping', severity: 'warning', pod: `api-${pod}` },
              { summary: `api-${pod} is crash looping` },
              startsAt,
              true,
            ),
          ),
        );
        const alerts = await poll(
          'two alerts received',
          () => api('GET', `/api/v1/integrations/${integrationId}/alerts`),
          (v) => v.items.length >= 2 && v.items.every((a: any) => a.incidentId),
        );
        const incidentId: string = alerts.items[0].incidentId;
        const signals = await poll(
          'the incident to count 3 truncated alerts',
          () => api('GET', `/api/v1/incidents/${incidentId}/signals`),
          (v) => v.truncatedAlerts === 3,
        );
        assert.equal(signals.alertsTotal, 2, `max_alerts 2: ${JSON.stringify(signals.alerts)}`);
        assert.equal(signals.truncatedAlerts, 3);
        assert.equal(new Set(signals.alerts.map((a: any) => a.incidentId)).size, 1);
      } finally {
        await am.stop();
        am = undefined;
      }
    },
  );

  test('pagerduty_configs → /v2/enqueue', { skip }, async () => {
    await fireRepeatResolve('pagerduty', (created) => {
      assert.equal(created.pagerDutyUrl, `${server!.url}/v2/enqueue`);
      return {
        pagerduty_configs: [{ routing_key: created.key, url: created.pagerDutyUrl, send_resolved: true }],
      };
    });
  });
});
