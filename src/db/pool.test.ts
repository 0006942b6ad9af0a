/**
 * The pool on a real database: parameterised statements are prepared once per connection whether
 * they run on the pool or in a transaction, and work after a commit runs only after it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { afterCommit, createPool, withTransaction } from './pool.ts';

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
