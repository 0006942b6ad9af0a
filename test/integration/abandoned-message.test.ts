/**
 * A page left `sending` by an instance that died before recording it: when its notify job runs
 * again and finds the escalation over, the message is settled (marked failed, saying the outcome
 * is unknown) instead of staying `sending` for good.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('a message left sending by a dead instance is settled when the escalation has ended', async () => {
  const declared = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Checkout down', area: 'BE', scope: 'ALL', criticality: 'ALLBLOCK' },
  });
  assert.equal(declared.status, 201, JSON.stringify(declared.body));
  const incidentId: string = declared.body.id;
  const userId = t.users.responder.id;
  const now = t.clock.now();
  // The escalation ran out while the instance sending its page was dead.
  const { rows } = await t.db.pool.query<{ id: string }>(
    `INSERT INTO escalations (incident_id, policy, state, started_at, ended_at)
     VALUES ($1, '{}', 'exhausted', $2, $2) RETURNING id`,
    [incidentId, now],
  );
  const escalationId = rows[0]!.id;
  const key = `esc:${escalationId}:notify:0:0:${userId}:0`;
  await t.db.pool.query(
    `INSERT INTO messages (idempotency_key, escalation_id, incident_id, user_id, channel, address, status, attempts, created_at)
     VALUES ($1, $2, $3, $4, 'email', 'responder@example.com', 'sending', 1, $5)`,
    [key, escalationId, incidentId, userId, now],
  );
  await enqueue(t.db.pool, [
    {
      kind: 'notify',
      key,
      runAt: now,
      payload: {
        escalationId,
        incidentId,
        userId,
        methodId: '00000000-0000-4000-8000-000000000000',
        round: 0,
        level: 0,
        index: 0,
      },
    },
  ]);
  await t.app.worker.runDue();
  const { rows: after } = await t.db.pool.query<{ status: string; error: string | null }>(
    'SELECT status, error FROM messages WHERE idempotency_key = $1',
    [key],
  );
  assert.deepEqual(after, [
    {
      status: 'failed',
      error: 'outcome unknown (the sending instance stopped), not sent again: the escalation is exhausted',
    },
  ]);
});
