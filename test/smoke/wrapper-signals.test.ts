/**
 * `bin/expedite.js` started by an older Node re-runs the server on the project's Node 24 as a
 * child. Signals sent to the command (a service manager's SIGTERM, a closed terminal's SIGHUP)
 * must reach that child, which then stops its PostgreSQL; the command ends with its status.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { freePort } from '../../src/db/embedded/postgres.ts';
import { isAlive, waitForExit } from '../../src/db/embedded/process.ts';

/** The system's Node (the Debian `nodejs` package), when it is older than 24. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['-v'], { encoding: 'utf8' }).trim();
    if (Number(/^v(\d+)/.exec(version)?.[1]) < 24) return candidate;
  }
  return undefined;
}

const node = olderNode();
const skip = !node && !process.env.CI ? 'no Node older than 24 installed (Debian package nodejs)' : false;
if (skip) console.log(`# skipped: ${skip}`);

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  test(
    `${signal} to the wrapper stops the server and its PostgreSQL`,
    { skip, timeout: 180_000 },
    async () => {
      assert.ok(node, 'a Node older than 24 is needed to exercise the wrapper');
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-wrapper-'));
      const port = await freePort();
      const wrapper = spawn(node, ['bin/expedite.js', 'serve'], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          EXPEDITE_DATA_DIR: dataDir,
          PORT: String(port),
          LOG_LEVEL: 'info',
          EXPEDITE_ADMIN_EMAIL: 'admin@example.com',
          EXPEDITE_ADMIN_PASSWORD: 'admin-password',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      wrapper.stdout.on('data', (d: Buffer) => (out += d.toString()));
      wrapper.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        wrapper.on('exit', (code, sig) => resolve({ code, signal: sig })),
      );
      let server: number | undefined;
      let postmaster: number | undefined;
      try {
        const deadline = Date.now() + 120_000;
        while (!/Expedite is ready/.test(out)) {
          assert.ok(Date.now() < deadline, `server not ready:\n${out}`);
          assert.equal(wrapper.exitCode, null, `wrapper exited:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        server = children(wrapper.pid!)[0];
        assert.ok(server && isAlive(server), 'the server runs as the wrapper’s child');
        postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
        assert.ok(isAlive(postmaster), 'PostgreSQL runs');

        wrapper.kill(signal);
        const result = await exited;
        assert.deepEqual(result, { code: 0, signal: null }, out);
        assert.equal(await waitForExit(server, 10_000), true, 'the server has stopped');
        assert.equal(await waitForExit(postmaster, 10_000), true, 'its PostgreSQL has stopped');
        assert.match(out, new RegExp(`"signal":"${signal}"`));
      } finally {
        for (const pid of [wrapper.pid, server, postmaster])
          if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
}
