/**
 * Announcements on a real database: a transaction's timeline entries arrive together after its
 * commit, a rolled-back change announces nothing, and large batches are split under the limit.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { withTransaction } from '../db/pool.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { EVENTS_CHANNEL, payloads, type TimelineEvent } from './announce.ts';

let db: TestDatabase;
let listener: pg.PoolClient;
const received: string[] = [];
let incidentId: string;
before(async () => {
  db = await createTestDatabase();
  listener = await db.pool.connect();
  listener.on('notification', (msg) => received.push(msg.payload ?? ''));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO incidents (title, tagline, decision, status, created_at, updated_at)
     VALUES ('Announced', 'Announced', 'product-owner', 'triage', now(), now()) RETURNING id`,
  );
  incidentId = rows[0]!.id;
});
after(async () => {
  listener.release(true);
  await db.drop();
});

const entry = (kind: string) => ({ incidentId, at: new Date(), actorId: null, kind });

/** Waits until `count` notifications have arrived (or 5 s passed); returns and clears them. */
async function take(count: number): Promise<TimelineEvent[][]> {
  for (let waited = 0; received.length < count && waited < 5_000; waited += 10) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return received.splice(0).map((p) => JSON.parse(p) as TimelineEvent[]);
}

test("a transaction's entries are announced together, after the commit", async () => {
  let seenBeforeCommit = -1;
  await withTransaction(db.pool, async (tx) => {
    await appendTimeline(tx, entry('note'));
    await appendTimeline(tx, entry('status'));
    await new Promise((r) => setTimeout(r, 50));
    seenBeforeCommit = received.length;
  });
  const [batch, ...more] = await take(1);
  assert.equal(seenBeforeCommit, 0);
  assert.deepEqual(more, []);
  assert.deepEqual(
    batch!.map((e) => [e.type, e.incidentId, e.kind]),
    [
      ['timeline', incidentId, 'note'],
      ['timeline', incidentId, 'status'],
    ],
  );
  assert.ok(batch![0]!.entryId < batch![1]!.entryId);
  const { rows } = await db.pool.query<{ id: number }>(
    'SELECT id FROM timeline_entries WHERE incident_id = $1 ORDER BY id',
    [incidentId],
  );
  assert.deepEqual(
    batch!.map((e) => e.entryId),
    rows.map((r) => r.id),
  );
});

test('a rolled-back change announces nothing; one outside a transaction at once', async () => {
  await assert.rejects(
    withTransaction(db.pool, async (tx) => {
      await appendTimeline(tx, entry('note'));
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  await appendTimeline(db.pool, entry('alone'));
  const first = await take(1);
  await new Promise((r) => setTimeout(r, 100)); // room for a wrong extra one to arrive
  const batches = [...first, ...(await take(0))];
  assert.deepEqual(
    batches.map((b) => b.map((e) => e.kind)),
    [['alone']],
  );
});

test('a large batch is split into payloads PostgreSQL accepts, none lost', () => {
  const events: TimelineEvent[] = Array.from({ length: 500 }, (_, i) => ({
    type: 'timeline',
    incidentId: '0b9c2c53-6f0e-4a43-9d64-8f2f1f1e0c11',
    entryId: i + 1,
    kind: 'alerts',
  }));
  const parts = payloads(events);
  assert.ok(parts.length > 1);
  for (const p of parts) assert.ok(Buffer.byteLength(p) < 8_000, `${Buffer.byteLength(p)} bytes`);
  assert.deepEqual(
    parts.flatMap((p) => JSON.parse(p) as TimelineEvent[]),
    events,
  );
  assert.deepEqual(payloads([]), []);
});
