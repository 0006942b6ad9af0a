/**
 * Added responders and the incident's one escalation, over HTTP on a real database with a real
 * SMTP sink: added while nothing pages, they start an escalation that the covering policy joins
 * when the incident is paged (paged now, not after the added people's timeout); added while the
 * covering policy pages, they join it; one acknowledgement stops both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { pagingScene, type PagingScene } from '../helpers/paging-scene.ts';
import { runJobs } from '../helpers/jobs.ts';

let scene: PagingScene;
let t: TestApp;
let hana: string;

before(async () => {
  scene = await pagingScene([['admin']]);
  t = scene.t;
  hana = scene.people.hana;
});
after(() => scene.close());

const run = () => runJobs(t);
const reached = (number: number) => scene.reached(number);

/** A P2 incident of Ops, not paged at declaration. */
async function declared(title: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      area: 'DEVOPS',
      scope: 'ALL',
      criticality: 'FBEHAV',
      page: false,
      noPageReason: 'by hand',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  return { id: inc.body.id as string, number: inc.body.number as number };
}

async function call(id: string, what: 'responders' | 'page' | 'acknowledge', payload?: object) {
  const res = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/${what}`, payload });
  assert.ok(res.status === 200 || res.status === 202, JSON.stringify(res.body));
  await run();
  return res.body;
}

const escalations = async (id: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/escalations` })).body.items;

test('added first, then paged: the covering policy joins the added responders’ escalation at once', async () => {
  const inc = await declared('Queue stuck');
  await call(inc.id, 'responders', { target: { type: 'user', id: hana } });
  assert.deepEqual(reached(inc.number), [0, 1]);
  await call(inc.id, 'page', { reason: 'more hands' });
  assert.deepEqual(reached(inc.number), [1, 1], 'the Ops chain now, not after 15 minutes');
  const items = await escalations(inc.id);
  assert.deepEqual(
    items.map((e: { policyName: string; levels: number; state: string }) => [
      e.policyName,
      e.levels,
      e.state,
    ]),
    [['Added responders, with Ops', 2, 'active']],
  );
  // Paging again changes nothing: Ops is part of it already.
  await call(inc.id, 'page', { reason: 'again' });
  assert.deepEqual(reached(inc.number), [1, 1]);
  assert.equal((await call(inc.id, 'acknowledge')).escalations, 1);
  t.clock.advance(60 * 60_000);
  await run();
  assert.deepEqual(reached(inc.number), [1, 1], 'one acknowledgement stopped it all');
});

test('paged first, then added: the added person joins the running escalation', async () => {
  const inc = await declared('Disk full');
  await call(inc.id, 'page', { reason: 'disk' });
  assert.deepEqual(reached(inc.number), [1, 0]);
  await call(inc.id, 'responders', { target: { type: 'user', id: hana } });
  assert.deepEqual(reached(inc.number), [1, 1]);
  assert.equal((await escalations(inc.id)).length, 1);
  assert.equal((await call(inc.id, 'acknowledge')).escalations, 1);
});
