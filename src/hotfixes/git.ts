/**
 * Asking git itself, on Expedite's own clone of a repository, which long-lived branches hold a
 * commit. Git runs through `execFile` (no shell), with a timeout, never prompting for credentials;
 * every argument that comes from a person is checked first (a SHA is hex, a branch name never starts
 * with `-`) and placed after `--` where git allows it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { branchPattern, shaPattern } from './schema.ts';

/** A git command that failed or ran out of time, with what git said. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** Per command; a fetch of a large repository gets longer. */
const timeouts = { fetch: 120_000, query: 20_000 };

// Never ask anyone for a password or a host key: fail instead. Only the usual transports.
const safety = [
  '-c',
  'core.askPass=true',
  '-c',
  'credential.helper=',
  '-c',
  'core.sshCommand=ssh -o BatchMode=yes',
  '-c',
  'protocol.ext.allow=never',
  '-c',
  'core.hooksPath=/dev/null',
];

/** Runs git with `args` in `dir`; resolves with stdout and the exit code (0 or 1: the caller decides). */
function git(
  dir: string,
  args: string[],
  timeoutMs = timeouts.query,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...safety, '-C', dir, ...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (e.killed) return reject(new GitError(`git ${args[0]} took longer than ${timeoutMs / 1000} s`));
        if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
        reject(new GitError(`git could not run: ${e.message}`));
      },
    );
  });
}

function checkSha(sha: string): string {
  if (!shaPattern.test(sha)) throw new GitError(`"${sha}" is not a commit SHA`);
  return sha;
}

function checkBranch(branch: string): string {
  if (!branchPattern.test(branch)) throw new GitError(`"${branch}" is not a branch name`);
  return branch;
}

/** Where the clone of repository `id` lives under the data directory. */
export function clonePath(dataDir: string, id: string): string {
  return path.join(dataDir, 'repositories', `${id}.git`);
}

/** The fetch running or queued per clone: one at a time, as git's own locks refuse a second. */
const fetching = new Map<string, Promise<void>>();

/**
 * Brings the clone up to date with `url` (created on first use): `git fetch --prune` of every branch
 * into `refs/remotes/origin/*`, so that `git branch -r` sees them. Fetches of one clone run one
 * after the other, each starting after it was asked for, so none misses a push made before it.
 */
export function fetchClone(dir: string, url: string): Promise<void> {
  const previous = fetching.get(dir) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => fetchNow(dir, url));
  fetching.set(dir, mine);
  const forget = () => {
    if (fetching.get(dir) === mine) fetching.delete(dir);
  };
  mine.then(forget, forget);
  return mine;
}

async function fetchNow(dir: string, url: string): Promise<void> {
  if (url.startsWith('-')) throw new GitError('the clone URL may not start with "-"');
  if (!existsSync(path.join(dir, 'HEAD'))) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new GitError(`the clone's directory cannot be made: ${(err as Error).message}`);
    }
    const init = await git(dir, ['init', '--bare', '--quiet']);
    if (init.code !== 0) throw new GitError(`git init failed: ${lastLine(init.stderr)}`);
  }
  const res = await git(
    dir,
    ['fetch', '--prune', '--no-tags', '--quiet', '--', url, '+refs/heads/*:refs/remotes/origin/*'],
    timeouts.fetch,
  );
  if (res.code !== 0) throw new GitError(`git fetch failed: ${lastLine(res.stderr)}`);
}

/** What git said that matters: its fatal or error line, else its last line. */
function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[lines.length - 1] ?? '';
  return line.slice(0, 300) || 'no message';
}

/** The branches of the clone (names without `origin/`). */
export async function remoteBranches(dir: string): Promise<string[]> {
  const res = await git(dir, ['for-each-ref', '--format=%(refname:lstrip=3)', 'refs/remotes/origin/']);
  if (res.code !== 0) throw new GitError(`git for-each-ref failed: ${lastLine(res.stderr)}`);
  return res.stdout.split('\n').filter((b) => b && b !== 'HEAD');
}

/** The full SHA of commit `sha` in the clone, or null when the clone has no such commit. */
export async function resolveCommit(dir: string, sha: string): Promise<string | null> {
  const res = await git(dir, ['rev-parse', '--verify', '--quiet', `${checkSha(sha)}^{commit}`]);
  return res.code === 0 ? res.stdout.trim() : null;
}

/** The branches (without `origin/`) that hold commit `sha`: `git branch -r --contains`. */
export async function branchesContaining(dir: string, sha: string): Promise<string[]> {
  const res = await git(dir, ['branch', '-r', '--format=%(refname:lstrip=3)', '--contains', checkSha(sha)]);
  if (res.code !== 0) throw new GitError(`git branch --contains failed: ${lastLine(res.stderr)}`);
  return res.stdout.split('\n').filter((b) => b && b !== 'HEAD');
}

/**
 * Whether `branch` holds the same change as commit `sha` under another commit (cherry-picked
 * rather than merged): `git cherry` marks a commit "-" when its patch is already upstream.
 */
export async function branchHasSameChange(dir: string, sha: string, branch: string): Promise<boolean> {
  const full = await resolveCommit(dir, sha);
  if (full === null) return false;
  const upstream = `refs/remotes/origin/${checkBranch(branch)}`;
  // Only the commit itself: from its parent (a first commit has none: everything up to it).
  const parent = await git(dir, ['rev-parse', '--verify', '--quiet', `${full}^`]);
  const res = await git(dir, [
    'cherry',
    upstream,
    full,
    ...(parent.code === 0 ? [parent.stdout.trim()] : []),
  ]);
  if (res.code !== 0) throw new GitError(`git cherry failed: ${lastLine(res.stderr)}`);
  return res.stdout.split('\n').some((line) => line.trim() === `- ${full}`);
}

/** The commit at the tip of `branch`. */
export async function branchTip(dir: string, branch: string): Promise<string | null> {
  const res = await git(dir, [
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/remotes/origin/${checkBranch(branch)}`,
  ]);
  return res.code === 0 ? res.stdout.trim() : null;
}
