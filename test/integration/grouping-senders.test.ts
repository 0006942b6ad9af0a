/**
 * What real senders send, through the HTTP API on a real database: error trackers open one
 * incident per issue (error group) while Alertmanager keeps its group; a repeat trigger merges into
 * its alert instead of replacing it, whatever the integration; and alerts the sender truncated
 * (Alertmanager's `truncatedAlerts`) are counted on the incident.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const fixtures = new URL('../../src/signals/integrations/fixtures/', import.meta.url);
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

/** The test app's clock (2026-03-01T09:00:00Z) in seconds, as Sentry-Hook-Timestamp carries it. */
const SENT_AT = '1772355600';

async function integration(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const res = await t.call('admin', { method: 'POST', url: '/api/v1/integrations', payload: body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.integration.id, key: res.body.key };
}

async function hook(key: string, payload: unknown, headers: Record<string, string> = {}) {
  const res = await t.call(null, {
    method: 'POST',
    url: `/api/v1/hooks/${key}`,
    payload: payload as object,
    headers,
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

const sentry = (key: string, resource: string, body: unknown) =>
  hook(key, body, { 'sentry-hook-resource': resource, 'sentry-hook-timestamp': SENT_AT });

async function enqueue(payload: Record<string, unknown>) {
  const res = await t.call(null, { method: 'POST', url: '/v2/enqueue', payload });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

interface AlertView {
  dedupKey: string;
  incidentId: string | null;
  eventCount: number;
  severity: string | null;
  title: string;
  labels: Record<string, string>;
  links: { href: string; text?: string }[];
}

async function alertsOf(integrationId: string): Promise<AlertView[]> {
  const res = await t.call('admin', { method: 'GET', url: `/api/v1/integrations/${integrationId}/alerts` });
  assert.equal(res.status, 200);
  return (res.body.items as AlertView[]).sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : 1));
}

describe('default grouping: error trackers per issue, alert managers per source group', () => {
  test('two Sentry issues and a metric alert open three incidents; repeats of an issue join its own', async () => {
    const { id, key } = await integration({ name: 'Sentry per issue', type: 'sentry' });
    const issue = fixture('sentry-issue-created.json');
    await sentry(key, 'issue', issue);
    await sentry(key, 'issue', { ...issue, data: { issue: { ...issue.data.issue, id: '1170820243' } } });
    await sentry(key, 'metric_alert', {
      ...fixture('sentry-metric-alert-resolved.json'),
      action: 'critical',
    });
    // An error event of the first issue counts on its alert.
    await sentry(key, 'error', fixture('sentry-error-created.json'));

    const alerts = await alertsOf(id);
    assert.deepEqual(
      alerts.map((a) => [a.dedupKey, a.eventCount]),
      [
        ['issue:1170820242', 2],
        ['issue:1170820243', 1],
        ['metric_alert:4', 1],
      ],
    );
    const incidents = new Set(alerts.map((a) => a.incidentId));
    assert.equal(incidents.size, 3, `one incident each: ${JSON.stringify(alerts)}`);
    assert.ok(!incidents.has(null));
  });

  test('two Bugsnag errors open two incidents', async () => {
    const { id, key } = await integration({ name: 'Bugsnag per error', type: 'bugsnag' });
    const first = fixture('bugsnag-first-exception.json');
    await hook(key, first);
    await hook(key, { ...first, error: { ...first.error, errorId: '56b9ca7f17025f8756f69055' } });
    const alerts = await alertsOf(id);
    assert.equal(alerts.length, 2);
    assert.equal(new Set(alerts.map((a) => a.incidentId)).size, 2, JSON.stringify(alerts));
  });

  test('two Alertmanager alerts of one group still share an incident', async () => {
    const { id, key } = await integration({ name: 'Alertmanager one group', type: 'alertmanager' });
    await hook(key, amPayload('firing', [{ name: 'HighErrorRate', fp: 'aa01' }]));
    await hook(key, amPayload('firing', [{ name: 'HighLatency', fp: 'aa02' }]));
    const alerts = await alertsOf(id);
    assert.equal(alerts.length, 2);
    assert.equal(new Set(alerts.map((a) => a.incidentId)).size, 1, JSON.stringify(alerts));
  });
});

describe('a repeat trigger adds an event to its alert and merges what the alert shows', () => {
  test('PagerDuty: a bare repeat keeps the first event’s labels and links, and takes the latest severity', async () => {
    const { id, key } = await integration({ name: 'PagerDuty repeats', type: 'pagerduty' });
    await enqueue({
      routing_key: key,
      event_action: 'trigger',
      dedup_key: 'disk-full-db1',
      payload: {
        summary: 'Disk 95% full on db1',
        source: 'db1',
        severity: 'warning',
        component: 'postgres',
        group: 'storage',
        custom_details: { mount: '/var/lib/postgresql', free: '5%' },
      },
      links: [{ href: 'https://grafana.example/d/disk', text: 'Disk dashboard' }],
      client: 'Monitoring',
      client_url: 'https://monitoring.example/db1',
    });
    await enqueue({
      routing_key: key,
      event_action: 'trigger',
      dedup_key: 'disk-full-db1',
      payload: {
        summary: 'Disk 99% full on db1',
        source: 'db1-replica',
        severity: 'critical',
        group: 'storage',
      },
      links: [{ href: 'https://runbooks.example/disk', text: 'Runbook' }],
    });
    const [alert] = await alertsOf(id);
    assert.equal(alert?.eventCount, 2);
    assert.equal(alert?.title, 'Disk 99% full on db1');
    assert.equal(alert?.severity, 'critical');
    assert.deepEqual(alert?.labels, {
      source: 'db1',
      component: 'postgres',
      group: 'storage',
      mount: '/var/lib/postgresql',
      free: '5%',
    });
    assert.deepEqual(alert?.links, [
      { href: 'https://grafana.example/d/disk', text: 'Disk dashboard' },
      { href: 'https://monitoring.example/db1', text: 'Monitoring' },
      { href: 'https://runbooks.example/disk', text: 'Runbook' },
    ]);
  });

  test('Sentry: a second event of an issue adds its tags to the first one’s labels', async () => {
    const { id, key } = await integration({ name: 'Sentry repeats', type: 'sentry' });
    await sentry(key, 'issue', fixture('sentry-issue-created.json'));
    const error = fixture('sentry-error-created.json');
    error.data.error.tags = [['release', '2.4.1']];
    await sentry(key, 'error', error);
    const [alert] = await alertsOf(id);
    assert.equal(alert?.eventCount, 2);
    // The issue's labels stay; the event's tags (release) join them.
    assert.equal(alert?.labels.shortId, 'FRONT-END-9');
    assert.equal(alert?.labels.substatus, 'escalating');
    assert.equal(alert?.labels.release, '2.4.1');
  });

  test('repeats in one batch merge as well', async () => {
    const { id, key } = await integration({ name: 'PagerDuty batch', type: 'pagerduty' });
    const event = (source: string, details: Record<string, string>) => ({
      routing_key: key,
      event_action: 'trigger',
      dedup_key: 'batch-repeat',
      payload: { summary: 'Queue backlog', source, severity: 'error', custom_details: details },
    });
    await Promise.all([
      enqueue(event('worker-1', { queue: 'emails' })),
      enqueue(event('worker-2', { backlog: '5000' })),
      enqueue(event('worker-3', { region: 'eu' })),
    ]);
    const [alert] = await alertsOf(id);
    assert.equal(alert?.eventCount, 3);
    assert.deepEqual(Object.keys(alert?.labels ?? {}).sort(), ['backlog', 'queue', 'region', 'source']);
  });
});

describe('alerts the sender truncated', () => {
  test('Alertmanager’s truncatedAlerts is counted on the incident: 5 received, 35 more', async () => {
    const { id, key } = await integration({ name: 'Alertmanager max_alerts', type: 'alertmanager' });
    const alerts = ['a', 'b', 'c', 'd', 'e'].map((x) => ({ name: 'PodCrashLooping', fp: `fp-${x}` }));
    await hook(key, {
      ...amPayload('firing', alerts, '{}:{alertname="PodCrashLooping"}'),
      truncatedAlerts: 35,
    });
    const [first] = await alertsOf(id);
    const res = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${first!.incidentId}/signals`,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.alertsTotal, 5);
    assert.equal(res.body.truncatedAlerts, 35);

    // The sender's latest delivery says how many it leaves out now.
    t.clock.advance(30_000);
    await hook(key, {
      ...amPayload('firing', alerts, '{}:{alertname="PodCrashLooping"}'),
      truncatedAlerts: 12,
    });
    const again = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${first!.incidentId}/signals`,
    });
    assert.equal(again.body.alertsTotal, 5);
    assert.equal(again.body.truncatedAlerts, 12);
  });

  test('without truncation the count is 0', async () => {
    const { id, key } = await integration({ name: 'Alertmanager whole', type: 'alertmanager' });
    await hook(key, amPayload('firing', [{ name: 'DiskFull', fp: 'whole-1' }], '{}:{alertname="DiskFull"}'));
    const [alert] = await alertsOf(id);
    const res = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${alert!.incidentId}/signals`,
    });
    assert.equal(res.body.truncatedAlerts, 0);
  });
});

test('the database merges as the batch does: first values kept, at most 100 labels and 20 links', async () => {
  const labels = (n: number, prefix: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${String(i).padStart(3, '0')}`, 'v']));
  const links = (n: number, host: string) =>
    Array.from({ length: n }, (_, i) => ({ href: `https://${host}/${i}` }));
  const { rows } = await t.db.pool.query<{ l: Record<string, string>; k: { href: string }[]; same: unknown }>(
    `SELECT alert_merge_labels($1, $2) AS l, alert_merge_links($3, $4) AS k,
            alert_merge_labels('{"a":"1"}', '{"a":"2","b":"3"}') AS same`,
    [
      labels(98, 'a'),
      labels(5, 'b'),
      JSON.stringify(links(19, 'a.example')),
      JSON.stringify(links(3, 'b.example')),
    ],
  );
  const r = rows[0]!;
  assert.equal(Object.keys(r.l).length, 100);
  assert.equal(r.l.b001, 'v');
  assert.equal(r.l.b002, undefined);
  assert.equal(r.k.length, 20);
  assert.equal(r.k[19]?.href, 'https://b.example/0');
  assert.deepEqual(r.same, { a: '1', b: '3' });
});

describe('Sentry deliveries as Sentry sends them', () => {
  test('the legacy WebHooks plugin (no Sentry-Hook-* headers) opens an incident on its issue', async () => {
    const { id, key } = await integration({ name: 'Sentry plugin', type: 'sentry' });
    await hook(key, fixture('sentry-plugin.json'));
    const [alert] = await alertsOf(id);
    assert.equal(alert?.dedupKey, 'issue:1385042923');
    assert.equal(alert?.title, 'ReferenceError: hello is not defined');
    assert.ok(alert?.incidentId, JSON.stringify(alert));
  });

  test('a delivery whose Sentry-Hook-Timestamp is more than five minutes old is refused as a replay', async () => {
    const { id, key } = await integration({ name: 'Sentry replay', type: 'sentry' });
    const res = await t.call(null, {
      method: 'POST',
      url: `/api/v1/hooks/${key}`,
      payload: fixture('sentry-issue-created.json'),
      // Five minutes and one second before the test clock.
      headers: { 'sentry-hook-resource': 'issue', 'sentry-hook-timestamp': '1772355299' },
    });
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.match(JSON.stringify(res.body), /sentry-hook-timestamp/);
    assert.deepEqual(await alertsOf(id), []);
  });
});
