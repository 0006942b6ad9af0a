/**
 * The embedded database survives the ways a server dies: kill -9 of Expedite (its PostgreSQL is
 * orphaned), kill -9 of both (crash recovery), a second server on the same data dir, and a
 * graceful SIGTERM that leaves nothing running.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { isAlive, waitForExit } from '../../src/db/embedded/process.ts';
import { spawnServer, waitHealthy, type ServerProcess } from '../helpers/server-process.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-recovery-'));
const env = {
  EXPEDITE_DATA_DIR: dataDir,
  EXPEDITE_ADMIN_EMAIL: 'admin@example.com',
  EXPEDITE_ADMIN_PASSWORD: 'admin-password',
};
const running: ServerProcess[] = [];

after(async () => {
  for (const s of running) s.child.kill('SIGKILL');
  const pid = postmasterPid();
  if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

async function start(): Promise<ServerProcess> {
  const s = await spawnServer(env);
  running.push(s);
  await waitHealthy(s);
  return s;
}

async function token(s: ServerProcess): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password' }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function titles(s: ServerProcess): Promise<string[]> {
  const res = await fetch(`${s.url}/api/v1/incidents?limit=200`, {
    headers: { authorization: `Bearer ${await token(s)}` },
  });
  return ((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title).sort();
}

async function declare(s: ServerProcess, title: string): Promise<void> {
  const res = await fetch(`${s.url}/api/v1/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(s)}` },
    body: JSON.stringify({ title }),
  });
  assert.equal(res.status, 201);
}

test(
  'kill -9, orphaned PostgreSQL, kill -9 of both, second server, SIGTERM',
  { timeout: 240_000 },
  async () => {
    const first = await start();
    await declare(first, 'Before the first crash');

    // A second server on the same data dir refuses with a clear message.
    const second = await spawnServer(env);
    running.push(second);
    assert.notEqual(await second.exited, 0);
    assert.match(second.output(), /already using the data directory/);
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first server is untouched');

    // kill -9 of the server alone leaves its PostgreSQL running, orphaned.
    first.child.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid()!;
    assert.ok(isAlive(orphan), 'the postmaster outlived its server');
    const afterOrphan = await start();
    assert.match(afterOrphan.output(), /orphaned PostgreSQL/);
    assert.ok(!isAlive(orphan) || postmasterPid() !== orphan);
    assert.deepEqual(await titles(afterOrphan), ['Before the first crash']);
    await declare(afterOrphan, 'Before the second crash');

    // kill -9 of both: PostgreSQL's crash recovery brings every committed row back.
    const pm = postmasterPid()!;
    afterOrphan.child.kill('SIGKILL');
    process.kill(pm, 'SIGKILL');
    await afterOrphan.exited;
    await waitForExit(pm, 10_000);
    const recovered = await start();
    assert.deepEqual(await titles(recovered), ['Before the first crash', 'Before the second crash']);

    // SIGTERM: a graceful stop that leaves no PostgreSQL and no lock behind.
    const pm3 = postmasterPid()!;
    recovered.child.kill('SIGTERM');
    assert.equal(await recovered.exited, 0);
    assert.ok(!isAlive(pm3), 'PostgreSQL stopped with the server');
    assert.ok(!existsSync(path.join(dataDir, 'expedite.lock')), 'the data-dir lock is released');
  },
);
