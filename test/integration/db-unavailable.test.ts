/**
 * The database out of reach (connections refused and reset, as in a restart or a failover): requests
 * answer 503 with Retry-After in the one error shape, not 500, and the app serves again once it is back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createPool } from '../../src/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

let db: TestDatabase;
let proxy: TcpProxy;
let app: FastifyInstance;
const pools: { end(): Promise<void> }[] = [];

before(async () => {
  db = await createTestDatabase();
  const target = new URL(db.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const pool = createPool(proxy.via(db.url), 4);
  pools.push(pool);
  const config = loadConfig({
    EXPEDITE_DATA_DIR: '/nonexistent',
    DATABASE_URL: db.url,
    EXPEDITE_WEB_DIR: '',
  });
  app = await buildApp({ pool, clock: new ManualClock(new Date('2026-03-01T09:00:00Z')), config });
  await app.ready();
});
after(async () => {
  await app.close();
  for (const p of pools) await p.end();
  await proxy.close();
  await db.drop();
});

test('the database out of reach: 503 with Retry-After, then served again', async () => {
  // A new key each time: keys are remembered briefly per instance.
  let n = 0;
  const hook = () =>
    app.inject({
      method: 'POST',
      url: `/api/v1/hooks/exi_unknown${++n}`,
      headers: { 'content-type': 'application/json' },
      payload: { title: 'Disk full', dedup_key: 'disk' },
    });
  assert.equal((await hook()).statusCode, 404, 'an unknown key, asked of the database');
  await proxy.cut();
  const res = await hook();
  assert.equal(res.statusCode, 503);
  assert.equal(res.headers['retry-after'], '5');
  assert.deepEqual(res.json(), {
    error: { code: 'unavailable', message: 'The database is unavailable; retry shortly' },
  });
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 503);
  await proxy.restore();
  assert.equal((await hook()).statusCode, 404, 'served again');
});
