/**
 * Real git repositories made by a test: a bare origin and a working clone of it, with commits,
 * branches, merges and pushes made by the `git` binary of the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An origin (bare) and a working clone. */
export interface GitScene {
  /** The bare origin: what Expedite clones from. */
  origin: string;
  /** Runs git in the working clone; answers its output, trimmed. */
  git(...args: string[]): string;
  /** Commits a change of `file` on the current branch; answers the commit's SHA. */
  commit(file: string, content: string, message: string): string;
  close(): void;
}

/** Makes an origin with `main` and `develop` (one shared first commit), cloned. */
export function createGitScene(): GitScene {
  const root = mkdtempSync(path.join(os.tmpdir(), 'expedite-git-'));
  const origin = path.join(root, 'origin.git');
  const work = path.join(root, 'work');
  const run = (cwd: string, args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args],
      { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();
  run(root, ['init', '--bare', '--quiet', origin]);
  run(root, ['clone', '--quiet', origin, work]);
  const git = (...args: string[]) => run(work, args);
  const commit = (file: string, content: string, message: string) => {
    writeFileSync(path.join(work, file), content);
    git('add', file);
    git('commit', '--quiet', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  git('checkout', '--quiet', '-b', 'main');
  commit('app.txt', 'first\n', 'First');
  git('push', '--quiet', 'origin', 'main');
  git('checkout', '--quiet', '-b', 'develop');
  commit('feature.txt', 'feature\n', 'A feature in development');
  git('push', '--quiet', 'origin', 'develop');
  git('checkout', '--quiet', 'main');
  return { origin, git, commit, close: () => rmSync(root, { recursive: true, force: true }) };
}
