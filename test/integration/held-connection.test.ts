/**
 * The held connection on a real database: the same backend for every use while busy, back to the
 * pool after the hold time, kept after an ordinary statement error, replaced after the database
 * ended it (without crashing the process).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { HeldConnection } from '../../src/db/held-connection.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

const backend = (held: HeldConnection) =>
  held.use(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);

test('every use runs on one connection until it has gone unused for the hold time', async () => {
  // A hold time well above what the steps between uses take on a busy machine.
  const held = new HeldConnection(db.pool, 1_000);
  const first = await backend(held);
  // Other work on the pool in between does not take the held connection.
  await Promise.all([db.pool.query('SELECT 1'), db.pool.query('SELECT pg_sleep(0.01)')]);
  assert.equal(await backend(held), first);
  assert.equal(await backend(held), first);
  const checkedOut = () => db.pool.totalCount - db.pool.idleCount;
  assert.equal(checkedOut(), 1, 'held while in use');
  await sleep(1_500);
  assert.equal(checkedOut(), 0, 'given back after the hold time');
  await held.release();
});

test('a statement error keeps the connection; one the database ended is replaced', async () => {
  const held = new HeldConnection(db.pool, 60_000);
  const first = await backend(held);
  await assert.rejects(
    held.use((c) => c.query('SELECT 1/0')),
    /division by zero/,
  );
  assert.equal(await backend(held), first, 'kept after an ordinary error');

  // Ended while held and unused: the error event is handled, and the next use connects again.
  await db.pool.query('SELECT pg_terminate_backend($1)', [first]);
  await sleep(100);
  const second = await backend(held);
  assert.notEqual(second, first);

  // Ended during a use: that use fails, the next one has a working connection.
  await assert.rejects(
    held.use(async (c) => {
      await db.pool.query('SELECT pg_terminate_backend($1)', [second]);
      await c.query('SELECT pg_sleep(0.05)');
    }),
  );
  const third = await backend(held);
  assert.notEqual(third, second);
  await held.release();
  assert.equal(db.pool.totalCount - db.pool.idleCount, 0, 'nothing left checked out');
});

test('one use at a time', async () => {
  const held = new HeldConnection(db.pool);
  const running = held.use(() => sleep(20));
  await assert.rejects(
    held.use(async () => {}),
    /already in use/,
  );
  await running;
  await held.release();
});
