/**
 * The status page cache across two app instances on one database: a public update published on
 * one instance shows on the other within a second (LISTEN/NOTIFY), and when the second instance's
 * database goes away (a TCP proxy cuts every connection) its page still answers from its cache,
 * with its age, instead of an error.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createPool } from '../../src/db/pool.ts';
import { enqueue } from '../../src/engine/jobs.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

let t: TestApp;
let proxy: TcpProxy;
let second: FastifyInstance;
let secondPool: ReturnType<typeof createPool>;
let incidentId: string;

before(async () => {
  t = await createTestApp();
  const target = new URL(t.db.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  secondPool = createPool(proxy.via(t.db.url), 4);
  const config = loadConfig({
    DATABASE_URL: proxy.via(t.db.url),
    EXPEDITE_DATA_DIR: '/nonexistent',
    EXPEDITE_WEB_DIR: '',
  });
  second = await buildApp({ pool: secondPool, clock: t.clock, config });
  await second.ready();
  const { rows } = await t.db.pool.query<{ id: string }>(
    `INSERT INTO services (name, created_at) VALUES ('checkout-api', now()) RETURNING id`,
  );
  const page = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/status-pages',
    payload: { name: 'Acme', slug: 'acme' },
  });
  assert.equal(page.status, 201);
  const comp = await t.call('admin', {
    method: 'POST',
    url: `/api/v1/status-pages/${page.body.id}/components`,
    payload: { name: 'Checkout', serviceId: rows[0]!.id },
  });
  assert.equal(comp.status, 201);
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title: 'Payments fail',
      area: 'BE',
      urgency: 'P2',
      urgencyReason: 'test',
      service: rows[0]!.id,
      page: false,
      noPageReason: 'test',
    },
  });
  assert.equal(inc.status, 201);
  incidentId = inc.body.id;
});
after(async () => {
  await proxy.restore().catch(() => {});
  await second.close();
  await secondPool.end().catch(() => {});
  await proxy.close();
  await t.close();
});

async function publishOnFirst(body: string) {
  const updateId = randomUUID();
  await enqueue(t.db.pool, [
    {
      kind: 'statuspage-publish',
      key: `statuspage-publish:${updateId}`,
      runAt: t.clock.now(),
      payload: { incidentId, updateId, status: 'identified', body },
    },
  ]);
  while ((await t.app.worker.runDue()) > 0);
}

const onSecond = (url: string) => second.inject({ method: 'GET', url });

test('an update published on one instance shows on the other within a second', async () => {
  const first = await onSecond('/status/acme');
  assert.equal(first.statusCode, 200);
  assert.doesNotMatch(first.body, /Card payments are failing/);
  // Kept now: the second instance serves its copy until told of a change.
  await sleep(300);
  const kept = await onSecond('/status/acme/api/v2/summary.json');
  assert.deepEqual(kept.json().incidents, []);
  await publishOnFirst('Card payments are failing; we found the cause.');
  const started = Date.now();
  let seenAfter = -1;
  while (Date.now() - started < 3_000) {
    const res = await onSecond('/status/acme');
    if (res.body.includes('Card payments are failing; we found the cause.')) {
      seenAfter = Date.now() - started;
      break;
    }
    await sleep(25);
  }
  assert.ok(seenAfter >= 0 && seenAfter < 1_000, `seen after ${seenAfter} ms`);
  const summary = (await onSecond('/status/acme/api/v2/summary.json')).json();
  assert.equal(
    summary.incidents[0].incident_updates[0].body,
    'Card payments are failing; we found the cause.',
  );
  assert.equal(summary.components[0].status, 'partial_outage');
});

test('with the database gone, the page answers from its cache with its age', async () => {
  await proxy.cut();
  await sleep(1_100);
  const started = Date.now();
  const page = await onSecond('/status/acme');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Card payments are failing; we found the cause\./);
  assert.ok(Number(page.headers['age']) >= 1, `age ${page.headers['age']}`);
  const json = await onSecond('/status/acme/api/v2/status.json');
  assert.equal(json.statusCode, 200);
  assert.equal(json.json().status.indicator, 'major');
  assert.ok(Date.now() - started < 4_000, 'answered without waiting for the database');
  // A page never kept cannot be made up: the database is needed for it.
  assert.equal((await onSecond('/status/never-seen')).statusCode, 503);
  await proxy.restore();
});
