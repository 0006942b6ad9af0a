/**
 * Paging ends with the procedure: an incident resolved or moved to the Backlog while its escalation
 * runs (nobody owning it, nobody acknowledging) stops paging at once: the escalation is cancelled, the
 * next level is never paged, and the timeline says why. Real database, real SMTP sink.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { pagingScene, type PagingScene } from '../helpers/paging-scene.ts';
import { runJobs } from '../helpers/jobs.ts';

let scene: PagingScene;
let t: TestApp;

before(async () => {
  scene = await pagingScene([['admin'], ['hana']]);
  t = scene.t;
});
after(() => scene.close());

const run = () => runJobs(t);
const reached = (number: number) => scene.reached(number);

/** A P2 Ops incident paged by hand: level 1 (the admin) is paged, nobody owns it. */
async function paged(title: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      area: 'DEVOPS',
      scope: 'ALL',
      criticality: 'FBEHAV',
      page: false,
      noPageReason: 'later',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  const page = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/page`,
    payload: { reason: 'queue stuck' },
  });
  assert.equal(page.status, 202, JSON.stringify(page.body));
  await run();
  assert.deepEqual(reached(inc.body.number), [1, 0]);
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function move(id: string, status: string, summary?: string) {
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/status`,
    payload: { status, ...(summary ? { summary } : {}) },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await run();
}

async function stoppedEntries(id: string) {
  const { rows } = await t.db.pool.query<{ data: Record<string, unknown> }>(
    "SELECT data FROM timeline_entries WHERE incident_id = $1 AND kind = 'paging-stopped'",
    [id],
  );
  return rows.map((r) => r.data);
}

const states = async (id: string) =>
  (
    await t.db.pool.query<{ state: string }>('SELECT state FROM escalations WHERE incident_id = $1', [id])
  ).rows.map((r) => r.state);

test('resolved while level 1 is paged: the escalation is cancelled and level 2 is never paged', async () => {
  const inc = await paged('Queue stuck');
  await move(inc.id, 'investigating');
  assert.deepEqual(await states(inc.id), ['active'], 'investigating still pages');
  await move(inc.id, 'resolved', 'Restarted the consumer.');
  assert.deepEqual(await states(inc.id), ['cancelled']);
  assert.deepEqual(await stoppedEntries(inc.id), [{ by: 'status', status: 'resolved', escalations: 1 }]);
  t.clock.advance(90 * 60_000);
  await run();
  assert.deepEqual(reached(inc.number), [1, 0], 'nobody paged after the incident was resolved');
});

test('moved to the Backlog while paging: paging stops; pulled back, it can be paged again', async () => {
  const inc = await paged('Report export slow');
  await move(inc.id, 'backlogged');
  assert.deepEqual(await states(inc.id), ['cancelled']);
  assert.deepEqual(await stoppedEntries(inc.id), [{ by: 'status', status: 'backlogged', escalations: 1 }]);
  t.clock.advance(90 * 60_000);
  await run();
  assert.deepEqual(reached(inc.number), [1, 0]);
  await move(inc.id, 'triage');
  const again = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.id}/page`,
    payload: { reason: 'customers complain' },
  });
  assert.equal(again.status, 202, JSON.stringify(again.body));
  await run();
  assert.deepEqual(reached(inc.number), [2, 0]);
  assert.deepEqual(await states(inc.id), ['cancelled', 'active']);
});
