/**
 * The README's Alertmanager receiver, run for real (issue #18, item 20): `pagerduty_configs` with
 * `severity: '{{ .CommonLabels.severity }}'` to `/v2/enqueue`, with the same key as the README's
 * `webhook_configs` (an `alertmanager` integration), and an alert without a `severity` label. The
 * template renders blank; Expedite must take the event (severity "error"), not refuse it.
 *
 * Skipped (with a message) where `prometheus-alertmanager` is not installed, except in CI, which
 * installs it (.ci/run) and so fails without it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

const skip =
  !alertmanagerInstalled() && !process.env.CI
    ? `${alertmanagerBin} is not installed (apt-get install prometheus-alertmanager); CI runs this test`
    : false;

const admin = { email: 'admin@example.com', password: 'admin-password' };
let db: TestDatabase | undefined;
let server: ServerProcess | undefined;
let am: Alertmanager | undefined;
let token = '';

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  if (skip) return;
  db = await createTestDatabase();
  server = await spawnServer({
    DATABASE_URL: db.url,
    EXPEDITE_ADMIN_EMAIL: admin.email,
    EXPEDITE_ADMIN_PASSWORD: admin.password,
    EXPEDITE_WEB_DIR: '',
  });
  await waitHealthy(server);
  token = (await api('POST', '/api/v1/auth/login', admin)).token;
});

after(async () => {
  await am?.stop();
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await db?.drop();
});

test(
  'the README’s pagerduty_configs with no severity label: the event is accepted as error',
  { skip, timeout: 60_000 },
  async () => {
    assert.ok(alertmanagerInstalled(), `CI=${process.env.CI} but ${alertmanagerBin} is missing`);
    const created = await api('POST', '/api/v1/integrations', { name: 'Prometheus', type: 'alertmanager' });
    const integrationId: string = created.integration.id;
    am = await startAlertmanager(
      singleReceiverConfig({
        pagerduty_configs: [
          { url: created.pagerDutyUrl, routing_key: created.key, severity: '{{ .CommonLabels.severity }}' },
        ],
      }),
    );
    const labels = { alertname: 'DiskFilling', service: 'checkout' };
    await am.push([prometheusAlert(labels, { summary: 'Disk 90% full' }, new Date(), true)]);
    const deadline = Date.now() + 20_000;
    let alerts: { status: string }[] = [];
    let refused: { error: string }[] = [];
    while (Date.now() < deadline) {
      alerts = (await api('GET', `/api/v1/integrations/${integrationId}/alerts`)).items;
      refused = (await api('GET', `/api/v1/integrations/${integrationId}/deliveries?refused=true`)).items;
      if (alerts.length > 0 || refused.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(refused, [], `refused:\n${JSON.stringify(refused)}\n${am.output().slice(-3000)}`);
    assert.equal(alerts.length, 1, `no alert arrived:\n${am.output().slice(-3000)}`);
    assert.equal(alerts[0]!.status, 'firing');
  },
);
