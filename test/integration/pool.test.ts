/**
 * The pool's connections: a parameterised query runs as a statement prepared once per connection,
 * and a failed one rejects with the database's error, its stack leading back to the caller.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

test('a parameterised query is prepared once per connection and answers its rows', async () => {
  const client = await db.pool.connect();
  try {
    const sql = 'SELECT $1::int + 1 AS n';
    for (const n of [1, 2]) assert.deepEqual((await client.query(sql, [n])).rows, [{ n: n + 1 }]);
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1',
      [sql],
    );
    assert.equal(rows[0]!.n, 1);
  } finally {
    client.release();
  }
});

test('a failed query rejects with the database error, its stack from the caller', async () => {
  const client = await db.pool.connect();
  try {
    await assert.rejects(
      async function callerOfTheQuery() {
        await client.query('SELECT $1::int / 0', [1]);
      },
      (err: Error & { code?: string }) => {
        assert.equal(err.code, '22012');
        assert.match(err.message, /division by zero/);
        assert.match(err.stack ?? '', /callerOfTheQuery/);
        return true;
      },
    );
    // The connection is still usable.
    assert.deepEqual((await client.query('SELECT $1::text AS t', ['ok'])).rows, [{ t: 'ok' }]);
  } finally {
    client.release();
  }
});
