/**
 * Process facts used by the embedded database manager: is a pid alive, when did it start (to
 * tell a reused pid from the original), and which unprivileged account to run PostgreSQL as when
 * Expedite itself runs as root (PostgreSQL refuses to run as root).
 */
import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The process start time in clock ticks since boot (Linux), or undefined where /proc is absent. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) are space-separated; start time is #22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** True when `pid` names a running (not zombie) process. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** The command line of `pid`, or '' when unknown. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Waits until `pid` has exited, polling; resolves false if it is still alive after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isAlive(pid);
}

/** An account to run PostgreSQL as. */
export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

/**
 * When running as root, picks the account PostgreSQL runs as: `chosen` (EXPEDITE_PG_USER), else
 * `postgres` if it exists, else `nobody`. Returns undefined when not root (PostgreSQL runs as us).
 */
export function unprivilegedAccount(chosen?: string): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    throw new Error('Running as root, but /etc/passwd cannot be read to find an account for PostgreSQL');
  }
  const accounts = new Map<string, RunAs>();
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user && uid && gid) accounts.set(user, { user, uid: Number(uid), gid: Number(gid) });
  }
  const wanted = chosen ? [chosen] : ['postgres', 'nobody'];
  for (const name of wanted) {
    const account = accounts.get(name);
    if (account && account.uid !== 0) return account;
  }
  throw new Error(
    `Running as root, and PostgreSQL refuses root: no unprivileged account (${wanted.join(', ')}) was found. ` +
      'Set EXPEDITE_PG_USER to an existing non-root account.',
  );
}

/**
 * When PostgreSQL runs as another account, it must be able to reach `<dataDir>/pg`: the data dir
 * is made traversable (not readable) and every ancestor is checked, with a clear error otherwise.
 */
export function ensureReachable(dataDir: string, runAs: RunAs): void {
  const mode = statSync(dataDir).mode & 0o7777;
  if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o011);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = statSync(dir);
    const reachable =
      st.uid === runAs.uid ? st.mode & 0o100 : st.gid === runAs.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!reachable) {
      throw new Error(
        `PostgreSQL runs as "${runAs.user}" (Expedite runs as root) and cannot enter ${dir}. ` +
          'Choose an EXPEDITE_DATA_DIR outside it, or run Expedite as a normal user.',
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}
