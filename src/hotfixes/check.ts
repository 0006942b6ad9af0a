/**
 * The merge-back check of one repository: for every outstanding hotfix and every long-lived branch
 * its patterns match, whether the branch holds each commit, asked of git on the clone (after a
 * fetch) or of the provider's API; on the clone, a commit whose change was cherry-picked into the
 * branch counts as held, and the state says so. The states are saved; the first time a branch is seen holding a
 * hotfix, `hotfix-merged-back` goes on the incident's timeline; once every branch holds it, the
 * hotfix is merged back and no longer outstanding.
 */
import { withTransaction } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { OutboundError } from '../outbound/index.ts';
import { GitError } from './git.ts';
import { githubAsker, gitlabAsker, gitAsker, ProviderError, type Asker } from './providers.ts';
import { matchesPatterns, type BranchState } from './schema.ts';
import {
  branchStatesOf,
  findRepository,
  hotfixesToCheck,
  markChecked,
  saveBranchStates,
  setMergedBack,
  type HotfixRow,
  type RepositoryRow,
} from './store.ts';

/** What a check needs: the pool, the clock, the data directory and the outbound policy. */
export type CheckDeps = Pick<DomainContext, 'pool' | 'clock' | 'config' | 'outbound'>;

async function askerFor(deps: CheckDeps, repo: RepositoryRow): Promise<Asker> {
  if (repo.provider === 'github') return githubAsker(repo, deps.outbound);
  if (repo.provider === 'gitlab') return gitlabAsker(repo, deps.outbound);
  return gitAsker(repo, deps.config.dataDir);
}

/**
 * The long-lived branches in the order of the patterns: those the patterns match; a plain name
 * the repository lacks stays, unknown.
 */
function longLived(all: string[], patterns: string[]): { name: string; exists: boolean }[] {
  const out: { name: string; exists: boolean }[] = [];
  for (const p of patterns) {
    const found = all.filter((b) => matchesPatterns(b, [p]) && !out.some((o) => o.name === b)).sort();
    if (!p.includes('*') && found.length === 0 && !out.some((o) => o.name === p))
      out.push({ name: p, exists: false });
    out.push(...found.map((name) => ({ name, exists: true })));
  }
  return out;
}

async function checkHotfix(
  deps: CheckDeps,
  repo: RepositoryRow,
  asker: Asker,
  hotfix: HotfixRow,
  branches: { name: string; exists: boolean }[],
): Promise<void> {
  const states: {
    branch: string;
    position: number;
    state: BranchState;
    missing: string[];
    detail: string | null;
  }[] = [];
  for (const [position, b] of branches.entries()) {
    if (!b.exists) {
      states.push({
        branch: b.name,
        position,
        state: 'unknown',
        missing: [],
        detail: 'No such branch in the repository',
      });
      continue;
    }
    const missing: string[] = [];
    const unknown: string[] = [];
    const picked: string[] = [];
    for (const sha of hotfix.commits) {
      const holds = await asker.holds(sha, b.name);
      if (holds === null) unknown.push(sha);
      else if (!holds && (await asker.sameChange?.(sha, b.name))) picked.push(sha);
      else if (!holds) missing.push(sha);
    }
    const detail = picked.length
      ? `The same change, cherry-picked: ${picked.map((c) => c.slice(0, 10)).join(', ')}`
      : null;
    states.push(
      unknown.length > 0
        ? {
            branch: b.name,
            position,
            state: 'unknown',
            missing: unknown,
            detail: `Commit not found: ${unknown.join(', ')}`,
          }
        : { branch: b.name, position, state: missing.length ? 'missing' : 'merged', missing, detail },
    );
  }
  const tips = new Map<string, string | null>();
  for (const s of states) if (s.state === 'merged') tips.set(s.branch, await asker.tip(s.branch));

  await withTransaction(deps.pool, async (tx) => {
    const now = deps.clock.now();
    const before = await branchStatesOf(tx, hotfix.id);
    const saved = states.map((s) => ({
      ...s,
      mergedAt: s.state === 'merged' ? (before.get(s.branch)?.mergedAt ?? now) : null,
    }));
    await saveBranchStates(tx, hotfix.id, saved, now);
    for (const s of saved) {
      if (s.state !== 'merged' || before.get(s.branch)?.mergedAt) continue;
      const commit = tips.get(s.branch);
      await appendTimeline(tx, {
        incidentId: hotfix.incident_id,
        at: now,
        actorId: null,
        kind: 'hotfix-merged-back',
        data: { hotfixId: hotfix.id, repository: repo.name, target: s.branch, ...(commit ? { commit } : {}) },
      });
    }
    const everywhere = saved.length > 0 && saved.every((s) => s.state === 'merged');
    if (everywhere !== (hotfix.merged_back_at !== null))
      await setMergedBack(tx, hotfix.id, everywhere ? now : null);
  });
}

/** Why a check failed, in words for the admin; other errors are the program's and go up. */
function checkFailure(err: unknown): string | null {
  if (err instanceof GitError || err instanceof ProviderError || err instanceof OutboundError)
    return err.message.slice(0, 500);
  return null;
}

/**
 * Checks repository `idOrName` (its outstanding hotfixes, or only `hotfixId`). Returns why it
 * failed (null when it worked); the failure is kept on the repository for people to see.
 */
export async function checkRepository(
  deps: CheckDeps,
  idOrName: string,
  only?: { hotfixId: string },
): Promise<string | null> {
  const repo = await findRepository(deps.pool, idOrName);
  if (!repo) throw new AppError('not_found', `no repository "${idOrName}"`);
  const hotfixes = (await hotfixesToCheck(deps.pool, repo.id)).filter((h) => !only || h.id === only.hotfixId);
  // A provider's API is asked only when there is something to ask; a clone is fetched regardless.
  if (hotfixes.length === 0 && repo.provider !== 'git') {
    await markChecked(deps.pool, repo.id, deps.clock.now(), null);
    return null;
  }
  try {
    const asker = await askerFor(deps, repo);
    const branches = longLived(await asker.branches(), repo.branches);
    for (const h of hotfixes) await checkHotfix(deps, repo, asker, h, branches);
    await markChecked(deps.pool, repo.id, deps.clock.now(), null);
    return null;
  } catch (err) {
    const why = checkFailure(err);
    if (why === null) throw err;
    await markChecked(deps.pool, repo.id, deps.clock.now(), why);
    return why;
  }
}
