/**
 * Retention of signals and deliveries (src/signals/retention.ts): what is older than the kept days
 * is deleted, an incident's rate chart stays as it was, and the hourly job adds its next run.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  firstRetentionRun,
  pruneOld,
  RETENTION_JOB,
  runRetention,
  scheduleRetention,
} from '../../src/signals/retention.ts';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const firing = (fp: string) => amPayload('firing', [{ name: 'DiskFull', fp }], '{}:{alertname="DiskFull"}');

async function integration(name: string) {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name, type: 'alertmanager' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { integration: { id: string }; key: string };
}

const hook = (key: string, payload: unknown) =>
  t.call(null, { method: 'POST', url: `/api/v1/hooks/${key}`, payload: payload as object });

const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

const rate = async (incidentId: string) => {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/signals` });
  assert.equal(res.status, 200);
  return res.body.rate as { minute: string; count: number }[];
};

test('the hourly run deletes old signals and deliveries, keeps the rate chart, and adds the next run', async () => {
  const { integration: made, key } = await integration('Disks');
  for (const step of [0, 0, 0, 60_000, 0]) {
    t.clock.advance(step);
    assert.equal((await hook(key, firing('disk-1'))).status, 202);
  }
  assert.equal((await hook(key, { alerts: 'x' })).status, 400, 'a refused delivery is recorded too');
  const { rows } = await t.db.pool.query<{ incident_id: string }>(
    'SELECT incident_id FROM alerts WHERE integration_id = $1',
    [made.id],
  );
  const incidentId = rows[0]!.incident_id;
  const before = await rate(incidentId);
  assert.deepEqual(before, [
    { minute: '2026-03-01T09:00:00.000Z', count: 3 },
    { minute: '2026-03-01T09:01:00.000Z', count: 2 },
  ]);

  // A month later a new alert of the same group arrives: it is kept, the old ones go.
  t.clock.advance(31 * DAY_MS);
  assert.equal((await hook(key, firing('disk-2'))).status, 202);
  await scheduleRetention(t.db.pool, firstRetentionRun(t.clock.now()));
  await t.app.worker.runDue();

  const mine = [made.id];
  assert.equal(await count('SELECT count(*)::int AS n FROM signals WHERE integration_id = $1', mine), 1);
  assert.equal(
    await count('SELECT count(*)::int AS n FROM signal_deliveries WHERE integration_id = $1', mine),
    1,
    'the refused delivery and the five old ones are gone; the new one is kept',
  );
  const after = await rate(incidentId);
  assert.deepEqual(after.slice(0, 2), before, 'the old minutes are counted from signal_minutes');
  assert.equal(after.length, 3);
  assert.equal(after[2]!.count, 1);

  const next = await t.db.pool.query<{ key: string; run_at: Date }>(
    'SELECT key, run_at FROM jobs WHERE kind = $1 AND done_at IS NULL',
    [RETENTION_JOB],
  );
  assert.equal(next.rows.length, 1);
  assert.equal(next.rows[0]!.run_at.toISOString(), '2026-04-01T10:00:00.000Z', 'the start of the next hour');

  // Every instance and every restart adds the same first run: done already, it is not added again.
  await scheduleRetention(t.db.pool, firstRetentionRun(t.clock.now()));
  assert.equal(await t.app.worker.runDue(), 0);
});

/** Inserts `n` signals of integration `id`, the i-th received `ageMs(i)` before now; returns their ids. */
async function insertSignals(id: string, n: number, ageMs: (i: number) => number): Promise<number[]> {
  const now = t.clock.now().getTime();
  const { rows } = await t.db.pool.query<{ id: number }>(
    `INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload)
     SELECT $1, gen_random_uuid(), to_timestamp(x.ms / 1000.0), 'trigger', 'k', '{}'
       FROM unnest($2::float8[]) WITH ORDINALITY AS x(ms, i) ORDER BY x.i
     RETURNING id`,
    [id, Array.from({ length: n }, (_, i) => now - ageMs(i))],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

test('a pass reads window by window and skips a stray newer row instead of stopping at it', async () => {
  const { integration: made } = await integration('Windows');
  // Twelve old signals, the third of them stamped in the future (a server whose clock ran ahead).
  await insertSignals(made.id, 12, (i) => (i === 2 ? -DAY_MS : 40 * DAY_MS));
  const fresh = await insertSignals(made.id, 3, () => 1_000);
  const result = await pruneOld({ pool: t.db.pool, clock: t.clock, days: 30, window: 2 });
  assert.equal(result.done, true);
  assert.equal(result.signals, 11);
  const left = await t.db.pool.query<{ id: number; received_at: Date }>(
    'SELECT id, received_at FROM signals WHERE integration_id = $1 ORDER BY id',
    [made.id],
  );
  assert.equal(left.rows.length, 4, 'the stray row and the three new ones');
  assert.deepEqual(
    left.rows.slice(1).map((r) => r.id),
    fresh,
  );
  assert.ok(left.rows[0]!.received_at > t.clock.now());
});

test('a run out of time leaves the rest to a run a minute later; 0 days keeps everything', async () => {
  const { integration: made } = await integration('Budget');
  // Newer rows first would end the pass before these (a window with nothing old ends it).
  await t.db.pool.query('DELETE FROM signals');
  await insertSignals(made.id, 6, () => 40 * DAY_MS);
  const kept = await runRetention({ pool: t.db.pool, clock: t.clock, days: 0 });
  assert.equal(kept, undefined);
  const mine = [made.id];
  const n = () => count('SELECT count(*)::int AS n FROM signals WHERE integration_id = $1', mine);
  assert.equal(await n(), 6);

  const partial = await runRetention({ pool: t.db.pool, clock: t.clock, days: 30, window: 2, budgetMs: 0 });
  assert.deepEqual(partial, { signals: 2, deliveries: 0, done: false });
  assert.equal(await n(), 4);
  const due = new Date(Math.floor(t.clock.now().getTime() / 60_000) * 60_000 + 60_000);
  const next = await count('SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND run_at = $2', [
    RETENTION_JOB,
    due,
  ]);
  assert.equal(next, 1, 'the next run is due at the start of the next minute');
});
