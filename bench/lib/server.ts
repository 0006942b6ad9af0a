/**
 * Servers under test as child processes: the real Expedite (`bin/expedite.js serve`, as
 * `npm start` runs it) and the bare Fastify baseline. Spawns, waits for /healthz, stops with
 * SIGTERM (SIGKILL for it and its postmaster after 30 s), and keeps a registry so that an
 * interrupted run still cleans up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/db/embedded/postgres.ts';
import { isAlive, waitForExit } from '../../src/db/embedded/process.ts';
import { request, requestJson } from './http-client.ts';
import { descendants } from './proc.ts';

/** The repository root, where `bin/expedite.js` lives. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The first admin every benchmark server is started with. */
export const admin = { email: 'bench@example.com', password: 'bench-password-1' };

const STOP_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL = 8_000;

/** A server started by the benchmarks. */
export interface ServerHandle {
  kind: 'expedite' | 'baseline';
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Expedite's data directory (holds `pg/postmaster.pid`). */
  dataDir?: string;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** The last few kB of its stdout and stderr, for error messages. */
  output(): string;
}

const liveServers = new Set<ServerHandle>();
const tempDirs = new Set<string>();

/** A fresh temporary directory, removed by `removeTempDir` or `cleanupAll`. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `expedite-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes a directory made by `makeTempDir`. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A TCP port on 127.0.0.1 that is free right now (the server's own helper). */
export { freePort };

/** Spawns a server; `dataDir` set means Expedite, absent means the bare Fastify baseline. */
export function spawnServer(opts: {
  port: number;
  dataDir?: string;
  env?: Record<string, string>;
  /** Keep DATABASE_URL from `env` (an external PostgreSQL) instead of the embedded one. */
  keepDatabaseUrl?: boolean;
}): ServerHandle {
  const script = opts.dataDir ? ['bin/expedite.js', 'serve'] : ['bench/baseline-server.ts'];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    LOG_LEVEL: 'warn',
    // The young-GC figures are read from /metrics (bench/lib/gc.ts).
    EXPEDITE_METRICS_PUBLIC: 'true',
    ...opts.env,
  };
  if (opts.dataDir) {
    Object.assign(env, {
      EXPEDITE_DATA_DIR: opts.dataDir,
      EXPEDITE_ADMIN_EMAIL: admin.email,
      EXPEDITE_ADMIN_PASSWORD: admin.password,
    });
    if (!opts.keepDatabaseUrl) delete env.DATABASE_URL;
  }
  const spawnedAt = performance.now();
  // Own process group: a Ctrl-C reaches only this process, which then stops the server once, cleanly.
  const child = spawn(process.execPath, script, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const handle: ServerHandle = {
    kind: opts.dataDir ? 'expedite' : 'baseline',
    child,
    pid: child.pid ?? 0,
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    dataDir: opts.dataDir,
    spawnedAt,
    exited,
    output: () => tail,
  };
  liveServers.add(handle);
  void exited.then(() => liveServers.delete(handle));
  return handle;
}

function hasExited(h: ServerHandle): boolean {
  return h.child.exitCode !== null || h.child.signalCode !== null;
}

/** Polls GET /healthz every `pollMs` until 200; returns the ms since spawn. Throws if it exits first. */
export async function waitHealthy(h: ServerHandle, timeoutMs = 120_000, pollMs = 10): Promise<number> {
  const deadline = h.spawnedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (hasExited(h)) throw new Error(`${h.kind} server exited during start:\n${h.output()}`);
    const reply = await request(`${h.url}/healthz`, { timeoutMs: 1_000 }).catch(() => undefined);
    if (reply?.status === 200) return performance.now() - h.spawnedAt;
    await sleep(pollMs);
  }
  throw new Error(`${h.kind} server not healthy after ${timeoutMs} ms:\n${h.output()}`);
}

/** The pid of the embedded PostgreSQL of a data dir (first line of postmaster.pid), if running. */
export function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pids of a server: its node process and, for Expedite, its postmaster with every process below it. */
export function serverProcesses(h: ServerHandle): { node: number[]; postgres: number[] } {
  const postmaster = h.dataDir ? postmasterPid(h.dataDir) : undefined;
  return { node: [h.pid], postgres: postmaster ? [postmaster, ...descendants(postmaster)] : [] };
}

/** SIGTERM and wait; after 30 s SIGKILL the server and its postmaster. Idempotent. */
export async function stopServer(h: ServerHandle): Promise<void> {
  const postmaster = h.dataDir ? postmasterPid(h.dataDir) : undefined;
  let forced = false;
  if (!hasExited(h)) {
    h.child.kill('SIGTERM');
    const timer = sleep(STOP_TIMEOUT_MS, 'timeout', { ref: false });
    if ((await Promise.race([h.exited.then(() => 'exited'), timer])) === 'timeout') {
      forced = true;
      h.child.kill('SIGKILL');
      await h.exited;
    }
  }
  if (postmaster && isAlive(postmaster)) {
    if (forced || !(await waitForExit(postmaster, 5_000))) {
      process.kill(postmaster, 'SIGKILL');
      await waitForExit(postmaster, 5_000);
    }
  }
  liveServers.delete(h);
}

/** Spawns a server and waits until it is healthy; stops it again if it never gets there. */
export async function startServer(
  opts: Parameters<typeof spawnServer>[0],
): Promise<{ server: ServerHandle; ms: number }> {
  const server = spawnServer(opts);
  try {
    return { server, ms: await waitHealthy(server) };
  } catch (err) {
    await stopServer(server);
    throw err;
  }
}

/** Signs the benchmark admin in; returns the bearer token and the user id. */
export async function signIn(h: ServerHandle): Promise<{ token: string; userId: string }> {
  const session = await requestJson<{ token: string; user: { id: string } }>(`${h.url}/api/v1/auth/login`, {
    method: 'POST',
    json: admin,
  });
  return { token: session.token, userId: session.user.id };
}

/** Stops every server still running and removes every temporary directory. */
export async function cleanupAll(): Promise<void> {
  await Promise.all([...liveServers].map((h) => stopServer(h).catch(() => {})));
  for (const dir of tempDirs) removeTempDir(dir);
}
