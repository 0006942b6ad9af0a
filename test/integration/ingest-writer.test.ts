/**
 * The ingest writer on a real database: repeats and alerts joining an open incident are written by
 * one statement (`ingest_triggers`) with no transaction around it; a batch that must open an
 * incident, write news or page is given up by that statement, leaving nothing behind, and written
 * again in a transaction that does the work.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { ManualClock } from '../../src/clock.ts';
import { Ingester } from '../../src/signals/ingest.ts';
import { getIntegration } from '../../src/signals/store.ts';
import type { IntegrationRecord } from '../../src/signals/store.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let integration: IntegrationRecord;
before(async () => {
  t = await createTestApp();
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'Prometheus', type: 'alertmanager' },
  });
  assert.equal(res.status, 201);
  integration = await getIntegration(t.db.pool, res.body.integration.id as string);
});
after(async () => t.close());

/**
 * The pool, recording each connection taken from it ("connect") and the statements run on them:
 * each statement's text, and "transaction" for each BEGIN.
 */
function watchedPool(pool: pg.Pool, log: string[]): pg.Pool {
  const watched = (client: pg.PoolClient) =>
    new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
        return (text: string | { text: string }, ...rest: unknown[]) => {
          const sql = typeof text === 'string' ? text : text.text;
          log.push(sql === 'BEGIN' ? 'transaction' : sql);
          return (target.query as (...a: unknown[]) => unknown)(text, ...rest);
        };
      },
    });
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'connect')
        return async () => {
          log.push('connect');
          return watched(await target.connect());
        };
      // The pool's own methods run on the pool itself (its `query` takes a connection unlogged).
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function delivery(fingerprints: string[], nowMs: number) {
  const body = {
    version: '4',
    groupKey: '{}:{alertname="HighLatency"}',
    status: 'firing',
    receiver: 'expedite',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    truncatedAlerts: 0,
    alerts: fingerprints.map((fp) => ({
      status: 'firing',
      labels: { alertname: 'HighLatency', instance: fp, severity: 'critical' },
      annotations: { summary: `Latency high on ${fp}` },
      startsAt: '2026-03-01T08:59:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: fp,
    })),
  };
  const rawBody = Buffer.from(JSON.stringify(body));
  return { headers: {}, rawBody, body, nowMs };
}

const count = async (sql: string) =>
  Number((await t.db.pool.query<{ n: string }>(sql, [integration.id])).rows[0]!.n);

test('the statement gives a batch that needs work up whole, and the writer redoes it in a transaction', async () => {
  const log: string[] = [];
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  const ingester = new Ingester(watchedPool(t.db.pool, log), clock);

  // A new alert opens an incident: the one statement gives up, a transaction does it.
  await ingester.accept(integration, delivery(['a1'], clock.now().getTime()));
  const writes = log.filter((q) => q.includes('ingest_triggers') || q === 'transaction');
  assert.deepEqual(
    writes.map((q) => (q === 'transaction' ? q : 'statement')),
    ['statement', 'transaction', 'statement'],
  );
  assert.equal(
    await count("SELECT count(*) AS n FROM incidents WHERE origin->>'integrationId' = $1::text"),
    1,
  );
  // Given up means rolled back: the alert and its signal were written once, not twice.
  assert.equal(await count('SELECT count(*) AS n FROM signals WHERE integration_id = $1'), 1);
  assert.equal(await count('SELECT count(*) AS n FROM signal_deliveries WHERE integration_id = $1'), 1);
  assert.equal(await count('SELECT event_count AS n FROM alerts WHERE integration_id = $1'), 1);

  // Repeats, and a new alert joining the open incident within the news minute and the repeat
  // interval: one statement each, no transaction.
  log.length = 0;
  clock.advance(5_000);
  await ingester.accept(integration, delivery(['a1', 'a1'], clock.now().getTime()));
  clock.advance(5_000);
  await ingester.accept(integration, delivery(['a2'], clock.now().getTime()));
  assert.deepEqual(
    log.filter((q) => q.includes('ingest_triggers') || q === 'transaction').map((q) => q.slice(0, 22)),
    ['SELECT ingest_triggers', 'SELECT ingest_triggers'],
  );
  const alerts = await t.db.pool.query<{
    dedup_key: string;
    event_count: number;
    incident_id: string | null;
  }>('SELECT dedup_key, event_count, incident_id FROM alerts WHERE integration_id = $1 ORDER BY dedup_key', [
    integration.id,
  ]);
  assert.deepEqual(
    alerts.rows.map((r) => [r.dedup_key, r.event_count]),
    [
      ['a1', 3],
      ['a2', 1],
    ],
  );
  assert.equal(alerts.rows[0]!.incident_id, alerts.rows[1]!.incident_id, 'a2 joined the open incident');
  assert.equal(await count('SELECT count(*) AS n FROM signals WHERE integration_id = $1'), 4);
  // The joined alert waits for the next minute's news entry: counted on its group, not lost.
  const group = await t.db.pool.query<{ news_pending: number }>(
    'SELECT news_pending FROM alert_groups WHERE integration_id = $1',
    [integration.id],
  );
  assert.equal(group.rows[0]!.news_pending, 1);

  // A minute later the news is due: a transaction again, which writes it on the timeline.
  log.length = 0;
  clock.advance(60_000);
  await ingester.accept(integration, delivery(['a3'], clock.now().getTime()));
  assert.ok(log.includes('transaction'));
  // Every batch ran on the one connection the writer holds (PostgreSQL keeps its plans there).
  assert.equal(log.filter((q) => q === 'connect').length, 0, 'no connection taken after the first batch');
  await ingester.close();
  const news = await t.db.pool.query<{ data: { added: number } }>(
    `SELECT e.data FROM timeline_entries e JOIN alerts a ON a.incident_id = e.incident_id
      WHERE a.dedup_key = 'a3' AND a.integration_id = $1 AND e.kind = 'alerts'`,
    [integration.id],
  );
  assert.deepEqual(
    news.rows.map((r) => r.data.added),
    [2],
  );
});

test('the writer keeps statistics on the alert tables fresh: ANALYZE each time its signals double', async () => {
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const ingester = new Ingester(t.db.pool, clock, { firstAfter: 3 });
  const analyses = async () => {
    const { rows } = await t.db.pool.query<{ relname: string; n: string }>(
      `SELECT relname, analyze_count AS n FROM pg_stat_user_tables
        WHERE relname IN ('alerts', 'alert_groups') ORDER BY relname`,
    );
    return Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)]));
  };
  const before = await analyses();
  const after = (n: number) => ({ alerts: before.alerts! + n, alert_groups: before.alert_groups! + n });
  const send = async (fingerprints: string[]) => {
    await ingester.accept(integration, delivery(fingerprints, clock.now().getTime()));
    await ingester.idle();
  };

  await send(['s1', 's2']);
  assert.deepEqual(await analyses(), before, 'two signals: not yet');
  await send(['s1']);
  assert.deepEqual(await analyses(), after(1), 'the third: both tables analysed');
  await send(['s1', 's2']);
  assert.deepEqual(await analyses(), after(1), 'five: not again before six');
  await send(['s3']);
  assert.deepEqual(await analyses(), after(2), 'six: again');
  await ingester.close();
});

test('the plan PostgreSQL keeps for looking up a batch’s alerts is a lookup by key, even without statistics', async () => {
  // A new install has no statistics on alerts; then `resolved_at IS NULL` is taken to hold for
  // 0.5% of rows, and a plan reading all open alerts for every alert of the batch looked as cheap.
  const client = await t.db.pool.connect();
  const plans: string[] = [];
  client.on('notice', (n) => plans.push(n.message ?? ''));
  try {
    await client.query('BEGIN');
    await client.query(`DELETE FROM pg_statistic WHERE starelid = 'alerts'::regclass`);
    await client.query(`UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = 'alerts'::regclass`);
    await client.query(`LOAD 'auto_explain'`);
    for (const setting of [
      'auto_explain.log_min_duration = 0',
      'auto_explain.log_nested_statements = on',
      'auto_explain.log_level = notice',
      'LOCAL plan_cache_mode = force_generic_plan',
    ])
      await client.query(`SET ${setting}`);
    const alert = {
      integration_id: integration.id,
      dedup_key: 'plan-1',
      title: 'Plan',
      event_count: 1,
      first_seen_at: '2026-03-03T09:00:00Z',
      last_seen_at: '2026-03-03T09:00:00Z',
      rule_id: 'default',
      group_key: 'g',
      threshold_count: 1,
      window_minutes: 5,
      repeat_minutes: 240,
    };
    await client.query('SELECT ingest_triggers($1, $2, $3, $4, $5, $6)', [
      '[]',
      JSON.stringify([alert]),
      '[]',
      ['triage'],
      new Date('2026-03-03T09:00:00Z'),
      true,
    ]);
  } finally {
    await client.query('ROLLBACK');
    client.release(true);
  }
  const lookup = plans.find((p) => p.includes('SELECT DISTINCT x.integration_id, x.rule_id, x.group_key'));
  assert.ok(lookup, `step 1 was explained (${plans.length} plans seen)`);
  assert.match(
    lookup,
    /Index Cond: \(\(integration_id = x\.integration_id\) AND \(dedup_key = x\.dedup_key\)\)/,
  );
  assert.doesNotMatch(lookup, /Join Filter/);
});
