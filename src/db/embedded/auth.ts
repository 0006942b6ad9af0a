/**
 * Authentication of the embedded PostgreSQL (ADR 0020). Every connection, local ones included,
 * proves a password (SCRAM): otherwise any account on the machine could read password hashes,
 * token hashes and signing secrets. The password is generated once and kept in the data dir,
 * readable by Expedite's account only; pg_hba.conf allows nothing else.
 *
 * Clusters made before this (initdb --auth=trust) are upgraded on start, before PostgreSQL accepts
 * any connection: the password is set in single-user mode, then pg_hba.conf is rewritten.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { RunAs } from './process.ts';

/** The only PostgreSQL role Expedite uses. */
export const EMBEDDED_USER = 'postgres';

/** The rules written to pg_hba.conf: TCP on the loopback address, with a password. */
export const HBA_RULES =
  '# Written by Expedite: every connection proves the password kept in ../postgres.password (SCRAM).\n' +
  '# No trust, no Unix socket; rewritten on start if changed.\n' +
  'host all all 127.0.0.1/32 scram-sha-256\n';

/** Where the password is kept: beside the cluster, owned by Expedite's account, mode 0600. */
export function passwordFile(dataDir: string): string {
  return path.join(dataDir, 'postgres.password');
}

/**
 * The password of the embedded cluster under `dataDir`, made on first use. `created` is true when
 * it was made now: the cluster does not know it yet.
 */
export function embeddedPassword(dataDir: string): { password: string; created: boolean } {
  const file = passwordFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
      return { password: readPassword(file), created: true };
    } catch (err) {
      // Another process (a benchmark preparing its URL, say) made it first: use that one.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { password: readPassword(file), created: false };
}

function readPassword(file: string): string {
  const password = readFileSync(file, 'utf8').trim();
  if (!/^[\x21-\x7e]{16,}$/.test(password))
    throw new Error(`${file} does not hold a usable password; remove it and restart to make a new one`);
  return password;
}

/** Connection URL of `database` in the embedded cluster under `dataDir`, listening on `port`. */
export function embeddedUrl(dataDir: string, port: number, database: string): string {
  const { password } = embeddedPassword(dataDir);
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** True when pg_hba.conf differs from HBA_RULES (a trusting cluster from before, or edited). */
export function hbaOutdated(pgdata: string): boolean {
  try {
    return readFileSync(path.join(pgdata, 'pg_hba.conf'), 'utf8') !== HBA_RULES;
  } catch {
    return true;
  }
}

/** Replaces pg_hba.conf with HBA_RULES (atomically, owned by PostgreSQL's account, mode 0600). */
export function writeHba(pgdata: string, runAs: RunAs | undefined): void {
  const file = path.join(pgdata, 'pg_hba.conf');
  const scratch = `${file}.new`;
  writeFileSync(scratch, HBA_RULES, { mode: 0o600 });
  if (runAs) chownSync(scratch, runAs.uid, runAs.gid);
  renameSync(scratch, file);
}

/**
 * Sets the role's password with PostgreSQL in single-user mode: no server is listening, so no
 * connection can slip in under the old rules. The statement goes through stdin, never argv.
 */
export function setPasswordOffline(
  postgresBin: string,
  pgdata: string,
  password: string,
  runAs: RunAs | undefined,
  logFd: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(postgresBin, ['--single', '-D', pgdata, '-c', 'log_statement=none', 'postgres'], {
      stdio: ['pipe', logFd, logFd],
      uid: runAs?.uid,
      gid: runAs?.gid,
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`setting the PostgreSQL password failed (exit ${code})`)),
    );
    const literal = password.replaceAll("'", "''");
    child.stdin?.end(`ALTER ROLE ${EMBEDDED_USER} WITH PASSWORD '${literal}';\n`);
  });
}
