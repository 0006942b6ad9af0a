/**
 * audited(): an administrative change and its audit entry commit together or not at all, and an
 * entry made from the change's result names what the change made.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { audited } from '../../src/audit/audited.ts';
import { listAudit } from '../../src/audit/store.ts';
import type { Queryable } from '../../src/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

const at = new Date('2026-03-01T12:00:00Z');
const setting = async (key: string) =>
  (await db.pool.query('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value as unknown;
const put = (key: string, value: unknown) => async (tx: Queryable) => {
  await tx.query('INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)', [
    key,
    JSON.stringify(value),
    at,
  ]);
  return key;
};

test('the change and its entry commit together; the entry may be made from the result', async () => {
  const key = await audited(db.pool, put('audited.one', { n: 1 }), (k) => ({
    at,
    actorId: null,
    action: 'test.put',
    target: `setting:${k}`,
    data: { n: 1 },
  }));
  assert.equal(key, 'audited.one');
  assert.deepEqual(await setting('audited.one'), { n: 1 });
  const [entry] = await listAudit(db.pool, { prefix: 'test.', limit: 10 });
  assert.equal(entry?.target, 'setting:audited.one');
  assert.deepEqual(entry?.data, { n: 1 });
});

test('a change that fails leaves neither the change nor an entry', async () => {
  const failing = async (tx: Queryable) => {
    await put('audited.two', { n: 2 })(tx);
    throw new Error('refused');
  };
  await assert.rejects(audited(db.pool, failing, { at, actorId: null, action: 'test.fail' }), /refused/);
  assert.equal(await setting('audited.two'), undefined);
  assert.deepEqual(await listAudit(db.pool, { prefix: 'test.fail', limit: 10 }), []);
});

test('an entry that cannot be written undoes the change', async () => {
  await assert.rejects(
    audited(db.pool, put('audited.three', { n: 3 }), { at, actorId: 'not-a-uuid', action: 'test.bad' }),
  );
  assert.equal(await setting('audited.three'), undefined);
});

test('an entry function answering null records nothing and keeps the change', async () => {
  await audited(db.pool, put('audited.four', { n: 4 }), () => null);
  assert.deepEqual(await setting('audited.four'), { n: 4 });
  assert.equal((await listAudit(db.pool, { prefix: 'test.', limit: 10 })).length, 1);
});
