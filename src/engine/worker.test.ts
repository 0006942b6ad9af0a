/**
 * The job engine on a real database: two workers (as two instances) share due jobs without running
 * any twice, a failing job is retried with backoff and given up after its attempts, and a duplicate
 * key is ignored. Leases: a running job keeps its lease, a dead holder's job is taken when its lease
 * ends, and a database lost while a job runs loses nothing and ends nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock, systemClock } from '../clock.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { startTcpProxy } from '../../test/helpers/tcp-proxy.ts';
import { createPool, withTransaction } from '../db/pool.ts';
import { enqueue } from './jobs.ts';
import { PermanentJobError, Worker } from './worker.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

test('two workers share 200 due jobs and run each exactly once', async () => {
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  const runs = new Map<string, number>();
  const handler = async (job: { key: string }) => {
    runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, Math.random() * 3));
  };
  const a = new Worker(db.pool, clock, { handlers: { x: handler } });
  const b = new Worker(db.pool, clock, { handlers: { x: handler } });
  const keys = Array.from({ length: 200 }, (_, i) => `share:${i}`);
  assert.equal(
    await enqueue(
      db.pool,
      keys.map((key) => ({ kind: 'x', key, runAt: clock.now() })),
    ),
    200,
  );
  assert.equal(
    await enqueue(db.pool, [{ kind: 'x', key: 'share:0', runAt: clock.now() }]),
    0,
    'a known key is ignored',
  );
  const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
  assert.equal(ranA + ranB, 200);
  assert.ok(ranA > 0 && ranB > 0, `both took a share (${ranA} and ${ranB})`);
  assert.deepEqual([...new Set(runs.values())], [1]);
  assert.equal(runs.size, 200);
});

test('a failing job backs off, then is given up; a permanent error ends it at once', async () => {
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  let tries = 0;
  const given: string[] = [];
  const w = new Worker(db.pool, clock, {
    maxAttempts: 3,
    handlers: {
      flaky: async () => {
        tries++;
        throw new Error('vendor down');
      },
      broken: async () => {
        throw new PermanentJobError('bad payload');
      },
    },
    onGiveUp: async (job) => {
      given.push(job.key);
    },
  });
  await enqueue(db.pool, [
    { kind: 'flaky', key: 'retry:1', runAt: clock.now() },
    { kind: 'broken', key: 'broken:1', runAt: clock.now() },
  ]);
  await w.runDue();
  assert.equal(tries, 1);
  assert.deepEqual(given, ['broken:1']);
  await w.runDue();
  assert.equal(tries, 1, 'not again before the backoff');
  clock.advance(1_000);
  await w.runDue();
  assert.equal(tries, 2, 'retried after 1 s');
  clock.advance(2_000);
  await w.runDue();
  assert.equal(tries, 3, 'retried after 2 s more');
  assert.deepEqual(given, ['broken:1', 'retry:1'], 'given up after 3 attempts');
  const { rows } = await db.pool.query<{ last_error: string }>(
    "SELECT last_error FROM jobs WHERE key = 'retry:1'",
  );
  assert.equal(rows[0]!.last_error, 'vendor down');
});

test('a lost listening connection: due jobs still run, and the worker listens again', async () => {
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  const ran: string[] = [];
  const w = new Worker(db.pool, clock, {
    pollMs: 50,
    handlers: {
      x: async (job) => {
        ran.push(job.key);
      },
    },
  });
  await w.start();
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(ok(), what);
  };
  try {
    assert.equal(w.listening, true);
    const before = w.listenerPid;
    assert.ok(before);
    // Every other connection to the database ends, the worker's listening one among them.
    await db.pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await enqueue(db.pool, [{ kind: 'x', key: 'after-loss:1', runAt: clock.now() }]);
    await until('the job ran', () => ran.includes('after-loss:1'));
    // The re-listen may come before any check could see the gap: compare backends instead.
    await until('listening again, on a new backend', () => w.listening && w.listenerPid !== before);
    await enqueue(db.pool, [{ kind: 'x', key: 'after-loss:2', runAt: clock.now() }]);
    await until('and the next job ran too', () => ran.includes('after-loss:2'));
  } finally {
    await w.stop();
  }
});

test(
  'running jobs never hold every pool connection: a job may still query the pool',
  { timeout: 30_000 },
  async () => {
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    const small = createPool(db.url, 4);
    let running = 0;
    let most = 0;
    const w = new Worker(small, clock, {
      handlers: {
        // Holds a transaction and then asks the pool for a second connection, as a careless job might.
        x: (job) =>
          withTransaction(small, async (tx) => {
            most = Math.max(most, ++running);
            await tx.query('SELECT pg_sleep(0.02)', []);
            await small.query('SELECT $1::text AS key', [job.key]);
            running--;
          }),
      },
    });
    try {
      await enqueue(
        small,
        Array.from({ length: 12 }, (_, i) => ({ kind: 'x', key: `nested:${i}`, runAt: clock.now() })),
      );
      assert.equal(await w.runDue(), 12);
      assert.equal(most, 2, 'at most the pool size less two at once');
    } finally {
      await w.stop();
      await small.end();
    }
  },
);

/** Waits up to `ms` for `ok()`. */
async function within(ms: number, ok: () => boolean | Promise<boolean>): Promise<boolean> {
  for (const end = Date.now() + ms; !(await ok()) && Date.now() < end;) await sleep(20);
  return ok();
}

/** Whether the job with `key` is done. */
async function done(key: string): Promise<boolean> {
  const { rows } = await db.pool.query<{ done: boolean }>(
    'SELECT done_at IS NOT NULL AS done FROM jobs WHERE key = $1',
    [key],
  );
  return rows[0]?.done ?? false;
}

test(
  'a running job keeps its lease: another instance does not take it meanwhile',
  { timeout: 30_000 },
  async () => {
    let runs = 0;
    const slow = async () => {
      runs++;
      await sleep(1_500);
    };
    // Leases of 300 ms, renewed every 100 ms, on a job that runs five times as long.
    const a = new Worker(db.pool, systemClock, { leaseMs: 300, pollMs: 50, handlers: { slow } });
    const b = new Worker(db.pool, systemClock, { leaseMs: 300, pollMs: 50, handlers: { slow } });
    try {
      await enqueue(db.pool, [{ kind: 'slow', key: 'lease:kept', runAt: new Date() }]);
      await a.start();
      assert.ok(await within(5_000, () => runs === 1), 'started');
      await b.start();
      assert.ok(await within(10_000, () => done('lease:kept')), 'done');
      assert.equal(runs, 1, 'run once');
    } finally {
      await a.stop();
      await b.stop();
    }
  },
);

test(
  'a job held by a dead instance runs elsewhere as soon as its lease ends',
  { timeout: 30_000 },
  async () => {
    const ran: number[] = [];
    const w = new Worker(db.pool, systemClock, {
      handlers: { orphan: async () => void ran.push(Date.now()) },
    });
    // Claimed by an instance that then died: leased for 1.5 s more, and never renewed.
    const start = Date.now();
    await db.pool.query(
      `INSERT INTO jobs (kind, key, run_at, attempts, locked_until, started_at)
     VALUES ('orphan', 'lease:orphan', now(), 1, now() + interval '1.5 seconds', now())`,
    );
    try {
      await w.start();
      assert.ok(await within(6_000, () => ran.length > 0), 'taken over');
      const after = ran[0]! - start;
      assert.ok(after >= 1_400, `not before the lease ended (${after} ms)`);
      assert.ok(after < 3_000, `within moments of the lease's end, not at the next poll (${after} ms)`);
    } finally {
      await w.stop();
    }
  },
);

test(
  'the database lost while a job runs: nothing rejects unhandled, and the job runs again once it is back',
  { timeout: 30_000 },
  async () => {
    const target = new URL(db.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const pool = createPool(proxy.via(db.url), 4);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const errors: unknown[] = [];
    let runs = 0;
    const w = new Worker(pool, systemClock, {
      leaseMs: 600,
      pollMs: 100,
      onError: (err) => void errors.push(err),
      handlers: {
        cut: async () => {
          if (++runs > 1) return;
          // The database goes away under the running job, which then fails: its retry cannot be recorded.
          await proxy.cut();
          throw new Error('vendor down');
        },
      },
    });
    try {
      await enqueue(db.pool, [{ kind: 'cut', key: 'outage:1', runAt: new Date() }]);
      await w.start();
      assert.ok(await within(5_000, () => runs === 1), 'ran once');
      await sleep(1_000);
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
      assert.ok(errors.length > 0, 'the failure to record was reported');
      await proxy.restore();
      assert.ok(await within(10_000, () => runs === 2), 'ran again after the outage');
      assert.ok(await within(5_000, () => done('outage:1')), 'and is done');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await w.stop();
      await pool.end();
      await proxy.close();
    }
  },
);
