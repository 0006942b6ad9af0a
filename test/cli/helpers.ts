/**
 * A real server on a fresh database and the real `expedite` binary, for CLI tests: `cli()` runs
 * bin/expedite.js in a child process and returns its exit code, stdout and stderr.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { promisify } from 'node:util';
import { fakesAllowEnv } from '../helpers/fakes/allow.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const execFileAsync = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'admin-password-1';

/** What one run of the binary did. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A running server with a scratch directory for config files. */
export interface CliServer {
  url: string;
  dir: string;
  /** A config file path of one's own inside the scratch directory. */
  configFile(name: string): string;
  stop(): Promise<void>;
}

/** Starts Expedite on a fresh database, listening on a free port, with the first admin. */
export async function startCliServer(): Promise<CliServer> {
  const db: TestDatabase = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-cli-'));
  let server: RunningServer;
  try {
    server = await startServer(
      loadConfig({
        DATABASE_URL: db.url,
        PORT: '0',
        HOST: '127.0.0.1',
        EXPEDITE_ADMIN_EMAIL: ADMIN_EMAIL,
        EXPEDITE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: 'silent',
        EXPEDITE_DATA_DIR: path.join(dir, 'data'),
        ...fakesAllowEnv,
      }),
    );
  } catch (err) {
    await db.drop();
    throw err;
  }
  return {
    url: server.url,
    dir,
    configFile: (name) => path.join(dir, name, 'config.json'),
    async stop() {
      await server.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `expedite …args` with `env` on top of a clean environment (no EXPEDITE_* from the caller's
 * shell, no colour); `input` is written to stdin, which is then closed.
 */
export async function cli(
  args: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['EXPEDITE_URL', 'EXPEDITE_TOKEN', 'EXPEDITE_CONFIG']) delete base[key];
  const pending = execFileAsync(process.execPath, ['bin/expedite.js', ...args], {
    cwd: root,
    env: { ...base, ...env },
    timeout: 30_000,
  });
  pending.child.stdin?.end(input);
  try {
    const { stdout, stderr } = await pending;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A direct API call, to set up what the CLI does not do (e.g. adding people). */
export async function api(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A server with the admin signed in through the CLI, for the tests of one file. */
export interface AdminCli {
  readonly server: CliServer;
  /** The admin's environment: their stored login and the server's URL. */
  readonly env: Record<string, string>;
  /** Runs `expedite …args` as the admin. */
  run: (...args: string[]) => Promise<CliResult>;
}

/** Starts the server and signs the admin in before the file's tests; stops it after them. */
export function adminCli(): AdminCli {
  let server: CliServer | undefined;
  let env: Record<string, string> = {};
  before(async () => {
    server = await startCliServer();
    env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
    const res = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
    assert.equal(res.code, 0, res.stderr);
  });
  after(async () => server?.stop());
  return {
    get server() {
      if (!server) throw new Error('the server starts before the tests');
      return server;
    },
    get env() {
      return env;
    },
    run: (...args) => cli(args, env),
  };
}
