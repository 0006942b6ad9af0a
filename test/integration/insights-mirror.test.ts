/**
 * The incident facts mirrored in memory for the insights: a change committed after the mirror last
 * read is in its next read, even when its transaction began before a change the mirror has already
 * seen (commit order is not start order).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InsightsMirror } from '../../src/insights/mirror.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let first: string;
let second: string;

const incident = async (title: string) =>
  (
    await db.pool.query<{ id: string }>(
      `INSERT INTO incidents (title, tagline, scope, criticality, area, urgency, decision, status, created_at, updated_at)
       VALUES ($1, $1, 'ALL', 'FBLOCK', 'BE', 'P3', 'expedite', 'triage', $2, $2) RETURNING id`,
      [title, '2026-02-02T10:00:00Z'],
    )
  ).rows[0]!.id;

before(async () => {
  db = await createTestDatabase();
  first = await incident('Checkout down');
  second = await incident('Search empty');
});
after(() => db.drop());

/** The urgency of the first and the second incident as the mirror holds them. */
async function urgencies(mirror: InsightsMirror): Promise<string[]> {
  const cols = (await mirror.current()).incidents;
  const names = cols.dictionaries.urgency.names;
  return [first, second].map((id) => names[cols.category.urgency[cols.row(id)]!] ?? 'none');
}

test('a transaction begun before one already mirrored is mirrored once it commits', async () => {
  const mirror = new InsightsMirror(db.pool);
  assert.deepEqual(await urgencies(mirror), ['P3', 'P3']);
  const slow = await db.pool.connect();
  let committed = false;
  try {
    await slow.query('BEGIN');
    await slow.query(`UPDATE incidents SET urgency = 'P1' WHERE id = $1`, [first]);
    // Begun later, committed first, and read by the mirror while the first is still open.
    await db.pool.query(`UPDATE incidents SET urgency = 'P2' WHERE id = $1`, [second]);
    assert.deepEqual(await urgencies(mirror), ['P3', 'P2']);
    await slow.query('COMMIT');
    committed = true;
  } finally {
    // A connection left inside its transaction is not given back to the pool.
    slow.release(!committed);
  }
  assert.deepEqual(await urgencies(mirror), ['P1', 'P2']);
});

test('reads asked for while one runs are all answered with the changes made before them', async () => {
  const mirror = new InsightsMirror(db.pool);
  const reading = mirror.current();
  await db.pool.query(`UPDATE incidents SET urgency = 'P4' WHERE id = $1`, [second]);
  const [, after] = await Promise.all([reading, urgencies(mirror)]);
  assert.deepEqual(after, ['P1', 'P4']);
});

test('a first read of more incidents and pages than one statement reads holds them all', async () => {
  await db.pool.query(
    `INSERT INTO incidents (title, tagline, scope, criticality, area, urgency, decision, status, created_at, updated_at)
     SELECT 'Bulk ' || g, 'Bulk ' || g, 'ALL', 'FBLOCK', 'BE', 'P4', 'expedite', 'triage', $1, $1
       FROM generate_series(1, 5100) g`,
    ['2026-02-03T10:00:00Z'],
  );
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO escalations (incident_id, policy, state, started_at)
     VALUES ($1, '{}', 'acknowledged', now()) RETURNING id`,
    [first],
  );
  await db.pool.query(
    `INSERT INTO messages (idempotency_key, escalation_id, incident_id, channel, address, status, created_at, sent_at)
     SELECT 'page:' || g, $1, $2, 'email', 'x', 'sent', now(), now() FROM generate_series(1, 5100) g`,
    [rows[0]!.id, first],
  );
  const { incidents, pages } = await new InsightsMirror(db.pool).current();
  assert.deepEqual([incidents.size, pages.size], [5102, 5100]);
  const row = incidents.row(first);
  assert.equal(pages.incident[pages.size - 1], row, 'each page knows its incident’s row');
});
