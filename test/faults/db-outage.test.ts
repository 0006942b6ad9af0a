/**
 * The fault test of a database outage: a real server process sits behind a TCP proxy in front of a
 * real PostgreSQL while alerts arrive steadily. For 20 s the proxy resets every connection and
 * refuses new ones (as a restart or a failover does). Meanwhile the server answers 503 with
 * Retry-After, never exits, and afterwards serves again by itself; every alert it answered 2xx
 * exists, and no job is left behind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { spawnServer, waitHealthy, type ServerProcess } from '../helpers/server-process.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const OUTAGE_MS = 20_000;
/** One alert every this many ms (an open loop: sent on schedule, whatever the answers). */
const EVERY_MS = 25;

let db: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
let server: ServerProcess | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-db-outage-'));

after(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await proxy?.close();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  key: string;
  sentAt: number;
  status: number;
  retryAfter: string | null;
  answeredAt: number;
}

test(
  'a 20 s database outage under a stream of alerts: 503 with Retry-After, no exit, no 2xx lost, recovery',
  { timeout: 120_000 },
  async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    server = await spawnServer({
      DATABASE_URL: proxy.via(db.url),
      EXPEDITE_DATA_DIR: dataDir,
      EXPEDITE_ADMIN_EMAIL: 'admin@example.com',
      EXPEDITE_ADMIN_PASSWORD: 'admin-password',
      EXPEDITE_WEB_DIR: '',
      EXPEDITE_OUTBOUND_ALLOW: '127.0.0.1,localhost',
      LOG_LEVEL: 'error',
    });
    let exited = false;
    void server.exited.then(() => (exited = true));
    await waitHealthy(server);
    const s = server;
    const login = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password' }),
    });
    const { token } = (await login.json()) as { token: string };
    // Alerts open incidents (a rule classifies them, in 100 groups), so paging jobs run across the outage too.
    const made = await fetch(`${s.url}/api/v1/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Steady source',
        type: 'generic',
        rules: [
          {
            id: 'all',
            name: 'Everything',
            classification: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
            groupBy: ['group'],
          },
        ],
      }),
    });
    const madeText = await made.text();
    assert.equal(made.status, 201, madeText);
    const { key } = JSON.parse(madeText) as { key: string };

    const answers: Answer[] = [];
    const reads: number[] = [];
    let sending = true;
    const inFlight = new Set<Promise<void>>();
    const post = (n: number) => {
      const alertKey = `steady-${n}`;
      const sentAt = Date.now();
      const p = fetch(`${s.url}/api/v1/hooks/${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Steady alert ${n}`,
          dedup_key: alertKey,
          severity: 'critical',
          labels: { group: String(n % 100) },
        }),
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          answers.push({
            key: alertKey,
            sentAt,
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
            answeredAt: Date.now(),
          });
        })
        .catch(
          () =>
            void answers.push({ key: alertKey, sentAt, status: 0, retryAfter: null, answeredAt: Date.now() }),
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    };
    const loop = (async () => {
      for (let n = 0; sending; n++) {
        post(n);
        if (n % 20 === 0) {
          const read = fetch(`${s.url}/api/v1/incidents?limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          })
            .then(async (res) => {
              await res.arrayBuffer();
              reads.push(res.status);
            })
            .catch(() => void reads.push(0));
          inFlight.add(read);
          void read.finally(() => inFlight.delete(read));
        }
        await sleep(EVERY_MS);
      }
    })();

    await sleep(3_000);
    const cutAt = Date.now();
    await proxy.cut();
    await sleep(OUTAGE_MS);
    const restoredAt = Date.now();
    await proxy.restore();
    // Served again by itself: alerts accepted for 3 s in a row.
    let recoveredAt = 0;
    for (const end = Date.now() + 30_000; Date.now() < end; await sleep(200)) {
      const recent = answers.filter((a) => a.sentAt > restoredAt);
      const firstOk = recent.find((a) => a.status === 202);
      if (firstOk && !recoveredAt) recoveredAt = firstOk.sentAt;
      if (recoveredAt && Date.now() - recoveredAt > 3_000) break;
    }
    sending = false;
    await loop;
    await Promise.all(inFlight);

    const output = s.output();
    assert.equal(exited, false, `the server exited:\n${output.slice(-4_000)}`);
    // Sent and answered while the database was away (one sent just before the restore may be held
    // until the database is back and then committed: a 202 that counts below like any other).
    const during = answers.filter((a) => a.sentAt > cutAt + 500 && a.answeredAt < restoredAt);
    const statuses = (list: Answer[]) =>
      [
        ...new Set(list.map((a) => `${a.status}${a.retryAfter ? ` retry-after ${a.retryAfter}` : ''}`)),
      ].sort();
    assert.deepEqual(statuses(during), ['503 retry-after 5'], 'during the outage: 503 with Retry-After only');
    assert.ok(
      answers.every((a) => a.status === 202 || (a.status === 503 && a.retryAfter === '5')),
      `every answer 202 or 503 with Retry-After: ${statuses(answers).join(', ')}`,
    );
    assert.ok(
      reads.every((r) => r === 200 || r === 503),
      `API reads 200 or 503: ${[...new Set(reads)].join(', ')}`,
    );
    assert.ok(recoveredAt > 0, 'alerts accepted again after the outage');
    // Nothing failed as a 500, and no lost connection went unhandled where it happened.
    const unhandled = output.split('\n').filter((l) => /unhandled|uncaught/i.test(l));
    assert.deepEqual(unhandled.slice(0, 3), [], 'no unhandled error in the server output');
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200, 'healthy again');

    const accepted = answers.filter((a) => a.status === 202).map((a) => a.key);
    const { rows } = await db.pool.query<{ dedup_key: string }>(
      'SELECT dedup_key FROM alerts WHERE dedup_key = ANY($1)',
      [accepted],
    );
    const stored = new Set(rows.map((r) => r.dedup_key));
    const lost = accepted.filter((k) => !stored.has(k));
    assert.deepEqual(lost, [], `every alert answered 202 exists (${accepted.length} accepted)`);

    // Jobs due before or during the outage all ran once it was over (the leases are seconds long).
    let left: { key: string; last_error: string | null }[] = [];
    for (const end = Date.now() + 20_000; Date.now() < end; await sleep(250)) {
      ({ rows: left } = await db.pool.query<{ key: string; last_error: string | null }>(
        `SELECT key, last_error FROM jobs WHERE done_at IS NULL AND run_at < $1`,
        [new Date(restoredAt)],
      ));
      if (left.length === 0) break;
    }
    assert.deepEqual(left, [], 'no job left behind');
    const rejected = answers.length - accepted.length;
    console.log(
      `# ${answers.length} alerts sent, ${accepted.length} accepted, ${rejected} answered 503; ` +
        `accepted again ${recoveredAt - restoredAt} ms after the database came back`,
    );
  },
);
