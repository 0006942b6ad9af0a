/**
 * The signal tables' upkeep (src/signals/upkeep.ts): signals a minute old are counted per alert and
 * minute, the rate chart reads the counts and stays the same, retention deletes what is older than
 * the kept days, and the job adds its next run.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { incidentSignals } from '../../src/signals/alerts.ts';
import { countSignals, scheduleUpkeep, upkeep, UPKEEP_JOB } from '../../src/signals/upkeep.ts';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

async function integration(name: string) {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name, type: 'alertmanager' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { integration: { id: string }; key: string };
}

/** Fires alert `fp` of group `group` through the integration with `key`. */
async function fire(key: string, fp: string, group = 'DiskFull') {
  const res = await t.call(null, {
    method: 'POST',
    url: `/api/v1/hooks/${key}`,
    payload: amPayload('firing', [{ name: group, fp }], `{}:{alertname="${group}"}`),
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

const signalsOf = (integrationId: string) =>
  count('SELECT count(*)::int AS n FROM signals WHERE integration_id = $1', [integrationId]);

async function incidentOf(integrationId: string): Promise<string> {
  const { rows } = await t.db.pool.query<{ incident_id: string }>(
    'SELECT incident_id FROM alerts WHERE integration_id = $1 LIMIT 1',
    [integrationId],
  );
  return rows[0]!.incident_id;
}

/** The incident's chart as the API gives it ("09:00 3", …); read as for a large incident, the same. */
async function rate(incidentId: string) {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/signals` });
  assert.equal(res.status, 200);
  const large = await incidentSignals(t.db.pool, incidentId, 1, { perAlertMax: 0 });
  assert.deepEqual(large.rate, res.body.rate);
  return (res.body.rate as { minute: string; count: number }[]).map(
    (r) => `${r.minute.slice(11, 16)} ${r.count}`,
  );
}

const run = (opts: { days?: number; window?: number; budgetMs?: number } = {}) =>
  upkeep({ pool: t.db.pool, clock: t.clock, days: 30, ...opts });

test('signals are counted once a minute old, the chart stays the same, and old ones are deleted', async () => {
  const { integration: made, key } = await integration('Disks');
  for (const step of [0, 0, 0, MINUTE_MS, 0]) {
    t.clock.advance(step);
    await fire(key, 'disk-1');
  }
  const refused = await t.call(null, {
    method: 'POST',
    url: `/api/v1/hooks/${key}`,
    payload: { alerts: 'x' },
  });
  assert.equal(refused.status, 400, 'a refused delivery is recorded too');
  const incidentId = await incidentOf(made.id);
  const chart = ['09:00 3', '09:01 2'];
  assert.deepEqual(await rate(incidentId), chart);

  // At 09:01 nothing is a minute old yet (retention makes its first pass: nothing is 30 days old).
  assert.deepEqual(await run(), { counted: 0, pruned: { signals: 0, deliveries: 0 }, done: true });
  // At 09:03 all five are, and the chart reads their counts; retention waits for its hour.
  t.clock.advance(2 * MINUTE_MS);
  assert.deepEqual(await run(), { counted: 5, done: true });
  assert.deepEqual(await rate(incidentId), chart);
  await fire(key, 'disk-1');
  assert.deepEqual(await rate(incidentId), [...chart, '09:03 1'], 'new signals count on top');
  assert.equal(await signalsOf(made.id), 6, 'counting deletes nothing');

  // A month later, through the worker: the old signals and deliveries go, a new one stays, and the
  // chart is unchanged.
  t.clock.advance(31 * DAY_MS);
  await fire(key, 'disk-2');
  // The run of this minute a day ago, finished: the run of this minute removes it.
  const dayBefore = new Date(t.clock.now().getTime() - DAY_MS);
  await scheduleUpkeep(t.db.pool, dayBefore);
  await t.db.pool.query('UPDATE jobs SET done_at = $1 WHERE kind = $2', [dayBefore, UPKEEP_JOB]);
  await scheduleUpkeep(t.db.pool, t.clock.now());
  await t.app.worker.runDue();
  assert.equal(
    await count('SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND run_at < $2', [
      UPKEEP_JOB,
      new Date(t.clock.now().getTime() - 60 * MINUTE_MS),
    ]),
    0,
  );
  assert.equal(await signalsOf(made.id), 1);
  assert.equal(
    await count('SELECT count(*)::int AS n FROM signal_deliveries WHERE integration_id = $1', [made.id]),
    1,
    'the refused delivery and the six old ones are gone; the new one stays',
  );
  const later = await rate(incidentId);
  assert.deepEqual(later.slice(0, 3), [...chart, '09:03 1']);
  assert.equal(later.length, 4);

  const next = await t.db.pool.query<{ run_at: Date }>(
    'SELECT run_at FROM jobs WHERE kind = $1 AND done_at IS NULL',
    [UPKEEP_JOB],
  );
  const nextMinute = Math.floor(t.clock.now().getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  assert.deepEqual(
    next.rows.map((r) => r.run_at.getTime()),
    [nextMinute],
  );
  // Every instance and every restart adds the same run for a minute: once run, it is not added again.
  await scheduleUpkeep(t.db.pool, t.clock.now());
  assert.equal(await t.app.worker.runDue(), 0);
});

test('counting goes window by window and stops at the first signal less than a minute old', async () => {
  const { integration: made, key } = await integration('Windows');
  for (let i = 0; i < 5; i++) await fire(key, `w-${i % 2}`, 'Windows');
  t.clock.advance(2 * MINUTE_MS);
  for (let i = 0; i < 3; i++) await fire(key, `w-${i % 2}`, 'Windows');
  const incidentId = await incidentOf(made.id);
  const chart = await rate(incidentId);

  const result = await countSignals(t.db.pool, new Date(t.clock.now().getTime() - MINUTE_MS), 2, Infinity);
  assert.equal(result.done, true);
  const minutes = await t.db.pool.query<{ minute: Date; count: number }>(
    `SELECT m.minute, m.count FROM signal_minutes m JOIN alerts a ON a.id = m.alert_id
      WHERE a.integration_id = $1 ORDER BY a.dedup_key`,
    [made.id],
  );
  assert.deepEqual(
    minutes.rows.map((m) => m.count),
    [3, 2],
    'w-0 three times, w-1 twice',
  );
  const left = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM signals s, signal_upkeep u WHERE s.integration_id = $1 AND s.id > u.last_id`,
    [made.id],
  );
  assert.equal(left.rows[0]!.n, 3, 'the three recent ones wait');
  assert.deepEqual(await rate(incidentId), chart);
});

test('retention passes over a stray newer delivery; a run out of time goes on at the next', async () => {
  const { integration: made, key } = await integration('Budget');
  for (let i = 0; i < 6; i++) await fire(key, `b-${i}`, 'Budget');
  // A delivery stamped ahead of the others (its server's clock ran fast), written between them.
  await t.db.pool.query(
    `UPDATE signal_deliveries SET received_at = received_at + interval '40 days'
      WHERE id = (SELECT id FROM signal_deliveries WHERE integration_id = $1 ORDER BY id OFFSET 2 LIMIT 1)`,
    [made.id],
  );
  t.clock.advance(40 * DAY_MS);
  await t.db.pool.query('UPDATE signal_upkeep SET pruned_at = NULL');

  const kept = await run({ days: 0 });
  assert.equal(kept.pruned, undefined, '0 days keeps everything');
  assert.equal(await signalsOf(made.id), 6);

  // The run with 0 days counted everything; this one deletes a window of each table, then stops.
  const partial = await run({ window: 2, budgetMs: 0 });
  assert.deepEqual(partial, { counted: 0, pruned: { signals: 2, deliveries: 2 }, done: false });
  assert.equal(
    await count('SELECT count(*)::int AS n FROM signal_upkeep WHERE pruned_at IS NULL'),
    1,
    'an unfinished pass is taken up by the next run, not an hour later',
  );
  const finished = await run({ window: 2 });
  assert.equal(finished.done, true);
  assert.equal(await signalsOf(made.id), 0);
  const deliveries = await t.db.pool.query<{ received_at: Date }>(
    'SELECT received_at FROM signal_deliveries WHERE integration_id = $1',
    [made.id],
  );
  assert.equal(deliveries.rows.length, 1, 'only the stray one, not yet old, is left');
  assert.ok(deliveries.rows[0]!.received_at > new Date(t.clock.now().getTime() - DAY_MS));
});
