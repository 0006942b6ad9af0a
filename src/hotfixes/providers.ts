/**
 * How a check asks whether a branch holds a commit: git on the clone, or the provider's API through
 * the outbound policy. GitHub: `GET /repos/{owner}/{repo}/compare/{branch}...{sha}`, where status
 * `behind` or `identical` means the branch holds the commit; GitLab:
 * `GET /projects/:id/repository/commits/:sha/refs?type=branch`, the branches holding it.
 */
import type { Outbound } from '../outbound/index.ts';
import {
  branchesContaining,
  branchHasSameChange,
  branchTip,
  clonePath,
  fetchClone,
  remoteBranches,
  resolveCommit,
} from './git.ts';
import type { RepositoryRow } from './store.ts';

/** Asked of one repository during one check. */
export interface Asker {
  /** Every branch of the repository. */
  branches(): Promise<string[]>;
  /** Whether `branch` holds commit `sha`; null when the repository has no such commit. */
  holds(sha: string, branch: string): Promise<boolean | null>;
  /** The commit at the tip of `branch`, when known. */
  tip(branch: string): Promise<string | null>;
  /** Whether `branch` holds the change of `sha` under another commit (cherry-picked); git only. */
  sameChange?(sha: string, branch: string): Promise<boolean>;
}

/** A provider's API answered something else than expected. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

const timeoutMs = 15_000;
const maxPages = 10;

/** The asker for a plain git repository: fetches the clone under `dataDir` first. */
export async function gitAsker(repo: RepositoryRow, dataDir: string): Promise<Asker> {
  const dir = clonePath(dataDir, repo.id);
  await fetchClone(dir, repo.clone_url);
  // `git branch -r --contains <sha>`: the branches holding it, once per commit.
  const holding = new Map<string, Set<string> | null>();
  return {
    branches: () => remoteBranches(dir),
    async holds(sha, branch) {
      if (!holding.has(sha))
        holding.set(
          sha,
          (await resolveCommit(dir, sha)) === null ? null : new Set(await branchesContaining(dir, sha)),
        );
      const set = holding.get(sha);
      return set ? set.has(branch) : null;
    },
    tip: (branch) => branchTip(dir, branch),
    sameChange: (sha, branch) => branchHasSameChange(dir, sha, branch),
  };
}

async function getJson(
  outbound: Outbound,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown; next: string | null }> {
  const res = await outbound.send(url, { method: 'GET', headers }, { timeoutMs });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const link = res.headers.get('link') ?? '';
  const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null;
  return { status: res.status, body, next };
}

function failure(what: string, status: number, body: unknown): ProviderError {
  const message = body && typeof body === 'object' && 'message' in body ? String(body.message) : '';
  return new ProviderError(`${what} answered ${status}${message ? `: ${message.slice(0, 200)}` : ''}`);
}

async function allPages<T>(
  outbound: Outbound,
  first: string,
  headers: Record<string, string>,
  what: string,
): Promise<T[]> {
  const out: T[] = [];
  let url: string | null = first;
  for (let page = 0; url && page < maxPages; page++) {
    const res = await getJson(outbound, url, headers);
    if (res.status !== 200 || !Array.isArray(res.body)) throw failure(what, res.status, res.body);
    out.push(...(res.body as T[]));
    url = res.next;
  }
  return out;
}

const base = (url: string | null, fallback: string) => (url ?? fallback).replace(/\/+$/, '');

/** The asker for a GitHub repository (`apiProject` is owner/repo). */
export function githubAsker(repo: RepositoryRow, outbound: Outbound): Asker {
  const root = `${base(repo.api_url, 'https://api.github.com')}/repos/${repo.api_project ?? ''}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'Expedite',
    ...(repo.token ? { authorization: `Bearer ${repo.token}` } : {}),
  };
  const tips = new Map<string, string>();
  return {
    async branches() {
      const list = await allPages<{ name: string; commit?: { sha?: string } }>(
        outbound,
        `${root}/branches?per_page=100`,
        headers,
        'GitHub (branches)',
      );
      for (const b of list) if (b.commit?.sha) tips.set(b.name, b.commit.sha);
      return list.map((b) => b.name);
    },
    async holds(sha, branch) {
      const basehead = `${encodeURIComponent(branch)}...${sha}`;
      const res = await getJson(outbound, `${root}/compare/${basehead}?per_page=1`, headers);
      if (res.status === 404) return null;
      if (res.status !== 200) throw failure('GitHub (compare)', res.status, res.body);
      const status = (res.body as { status?: unknown } | null)?.status;
      if (status === 'behind' || status === 'identical') return true;
      if (status === 'ahead' || status === 'diverged') return false;
      throw new ProviderError(`GitHub (compare) answered an unknown status "${String(status)}"`);
    },
    tip: async (branch) => tips.get(branch) ?? null,
  };
}

/** The asker for a GitLab project (`apiProject` is its id or group/project path). */
export function gitlabAsker(repo: RepositoryRow, outbound: Outbound): Asker {
  const root = `${base(repo.api_url, 'https://gitlab.com/api/v4')}/projects/${encodeURIComponent(repo.api_project ?? '')}`;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(repo.token ? { 'private-token': repo.token } : {}),
  };
  const holding = new Map<string, Set<string> | null>();
  const tips = new Map<string, string>();
  return {
    async branches() {
      const list = await allPages<{ name: string; commit?: { id?: string } }>(
        outbound,
        `${root}/repository/branches?per_page=100`,
        headers,
        'GitLab (branches)',
      );
      for (const b of list) if (b.commit?.id) tips.set(b.name, b.commit.id);
      return list.map((b) => b.name);
    },
    async holds(sha, branch) {
      if (!holding.has(sha)) {
        const url = `${root}/repository/commits/${sha}/refs?type=branch&per_page=100`;
        const first = await getJson(outbound, url, headers);
        if (first.status === 404) holding.set(sha, null);
        else if (first.status !== 200 || !Array.isArray(first.body))
          throw failure('GitLab (commit refs)', first.status, first.body);
        else {
          const refs = first.body as { name: string }[];
          if (first.next)
            refs.push(
              ...(await allPages<{ name: string }>(outbound, first.next, headers, 'GitLab (commit refs)')),
            );
          holding.set(sha, new Set(refs.map((r) => r.name)));
        }
      }
      const set = holding.get(sha);
      return set ? set.has(branch) : null;
    },
    tip: async (branch) => tips.get(branch) ?? null,
  };
}
