/**
 * The pool on a real database: parameterised statements are prepared once per connection whether
 * they run on the pool or in a transaction, and work after a commit runs only after it. A
 * connection lost inside a transaction fails that transaction only, and the pool serves again once
 * the database is back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { startTcpProxy } from '../../test/helpers/tcp-proxy.ts';
import { afterCommit, createPool, isDatabaseUnavailable, withTransaction } from './pool.ts';

let db: TestDatabase;
let single: pg.Pool;
before(async () => {
  db = await createTestDatabase();
  single = createPool(db.url, 1); // one connection: every query below runs on it
});
after(async () => {
  await single.end();
  await db.drop();
});

/** Statements prepared on the pool's one connection (asked without parameters: not prepared itself). */
async function prepared(): Promise<string[]> {
  const { rows } = await single.query<{ statement: string }>(
    "SELECT statement FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'",
  );
  return rows.map((r) => r.statement).sort();
}

test('statements with parameters are prepared once per connection, on the pool and in transactions', async () => {
  for (let i = 0; i < 3; i++) {
    assert.equal((await single.query<{ n: number }>('SELECT $1::int + 1 AS n', [i])).rows[0]!.n, i + 1);
  }
  await withTransaction(single, async (tx) => {
    await tx.query('SELECT $1::text AS s', ['in a transaction']);
  });
  assert.deepEqual(await prepared(), ['SELECT $1::int + 1 AS n', 'SELECT $1::text AS s']);
});

test('after-commit work runs once the change is visible to others, never after a rollback', async () => {
  await db.pool.query('CREATE TABLE marks (v text)');
  const seen: string[] = [];
  await withTransaction(single, async (tx) => {
    await tx.query('INSERT INTO marks VALUES ($1)', ['committed']);
    await afterCommit(tx, async () => {
      // Asked on another connection: sees the row only once it is committed.
      const { rows } = await db.pool.query('SELECT 1 FROM marks WHERE v = $1', ['committed']);
      seen.push(rows.length ? 'after commit' : 'before commit');
    });
    seen.push('body done');
  });
  await withTransaction(single, async (tx) => {
    await afterCommit(tx, async () => void seen.push('after a rollback'));
    throw new Error('roll back');
  }).catch(() => {});
  await afterCommit(single, async () => void seen.push('outside a transaction: at once'));
  await withTransaction(single, async (tx) => {
    await afterCommit(tx, () => Promise.reject(new Error('announcement failed')));
  });
  assert.deepEqual(seen, ['body done', 'after commit', 'outside a transaction: at once']);
});

test('a connection lost inside a transaction fails it, the process carries on, and the pool recovers', async () => {
  const target = new URL(db.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const pool = createPool(proxy.via(db.url), 2);
  try {
    const failed = await withTransaction(pool, async (tx) => {
      await tx.query('SELECT $1::int AS n', [1]);
      // The backend is cut off while this transaction holds its client between two statements:
      // the client emits `error` with nothing of ours waiting on a query.
      await proxy.cut();
      await sleep(200);
      await tx.query('SELECT $1::int AS n', [2]);
    }).then(
      () => null,
      (err: unknown) => err,
    );
    assert.ok(failed instanceof Error, 'the transaction failed');
    assert.equal(isDatabaseUnavailable(failed), true, `told as unavailable: ${String(failed)}`);
    const refused = await pool.query('SELECT 1').then(
      () => null,
      (err: unknown) => err,
    );
    assert.equal(isDatabaseUnavailable(refused), true, `refused while cut: ${String(refused)}`);
    await proxy.restore();
    assert.equal((await pool.query<{ n: number }>('SELECT $1::int AS n', [3])).rows[0]!.n, 3);
  } finally {
    await pool.end();
    await proxy.close();
  }
});

test('only a database out of reach counts as unavailable, not a statement it refused', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const terminated = new pg.DatabaseError('terminating connection due to administrator command', 0, 'error');
  terminated.severity = 'FATAL';
  terminated.code = '57P01';
  const notAccepting = new pg.DatabaseError(
    'database "x" is not currently accepting connections',
    0,
    'error',
  );
  notAccepting.severity = 'FATAL';
  notAccepting.code = '55000';
  const syntax = new pg.DatabaseError('syntax error at or near "SELEC"', 0, 'error');
  syntax.severity = 'ERROR';
  syntax.code = '42601';
  assert.deepEqual(
    [
      refused,
      new Error('Connection terminated unexpectedly'),
      terminated,
      notAccepting,
      syntax,
      new Error('boom'),
      'text',
    ].map(isDatabaseUnavailable),
    [true, true, true, true, false, false, false],
  );
});
