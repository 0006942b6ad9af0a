/** The SQL of hotfixes: repositories (with their token, read only by checks), hotfixes and branch states. */
import type { Queryable } from '../db/pool.ts';
import type { BranchState, Hotfix, Provider, Repository } from './schema.ts';

/** A repository as checks need it, token included. */
export interface RepositoryRow {
  id: string;
  name: string;
  clone_url: string;
  provider: Provider;
  api_project: string | null;
  api_url: string | null;
  token: string | null;
  branches: string[];
  checked_at: Date | null;
  check_error: string | null;
}

/** A clone URL as shown: a password in it (https://user:secret@host/…) masked. */
export function maskedUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

/** The API's view of a repository: never the token, nor a password in the clone URL. */
export function presentRepository(r: RepositoryRow): Repository {
  return {
    id: r.id,
    name: r.name,
    cloneUrl: maskedUrl(r.clone_url),
    provider: r.provider,
    apiProject: r.api_project,
    apiUrl: r.api_url,
    hasToken: r.token !== null,
    branches: r.branches,
    checkedAt: r.checked_at?.toISOString() ?? null,
    checkError: r.check_error,
  };
}

const repoColumns =
  'id, name, clone_url, provider, api_project, api_url, token, branches, checked_at, check_error';

/** Every repository, by name. */
export async function listRepositories(db: Queryable): Promise<RepositoryRow[]> {
  const { rows } = await db.query<RepositoryRow>(
    `SELECT ${repoColumns} FROM hotfix_repositories ORDER BY name`,
  );
  return rows;
}

/** The repository with this id or name, or null. */
export async function findRepository(db: Queryable, idOrName: string): Promise<RepositoryRow | null> {
  const { rows } = await db.query<RepositoryRow>(
    `SELECT ${repoColumns} FROM hotfix_repositories
      WHERE name = $1 OR ($1 ~ '^[0-9a-fA-F-]{36}$' AND id::text = lower($1))`,
    [idOrName],
  );
  return rows[0] ?? null;
}

/** Adds a repository; null when the name is taken. */
export async function insertRepository(
  db: Queryable,
  r: Omit<RepositoryRow, 'id' | 'checked_at' | 'check_error'>,
  at: Date,
): Promise<RepositoryRow | null> {
  const { rows } = await db.query<RepositoryRow>(
    `INSERT INTO hotfix_repositories (name, clone_url, provider, api_project, api_url, token, branches, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING RETURNING ${repoColumns}`,
    [r.name, r.clone_url, r.provider, r.api_project, r.api_url, r.token, r.branches, at],
  );
  return rows[0] ?? null;
}

/** Saves a repository's settings. */
export async function saveRepository(db: Queryable, r: RepositoryRow): Promise<void> {
  await db.query(
    `UPDATE hotfix_repositories SET clone_url = $2, provider = $3, api_project = $4, api_url = $5,
            token = $6, branches = $7 WHERE id = $1`,
    [r.id, r.clone_url, r.provider, r.api_project, r.api_url, r.token, r.branches],
  );
}

/** Notes the outcome of a check: the time, and why it failed (null when it worked). */
export async function markChecked(db: Queryable, id: string, at: Date, error: string | null): Promise<void> {
  await db.query('UPDATE hotfix_repositories SET checked_at = $2, check_error = $3 WHERE id = $1', [
    id,
    at,
    error,
  ]);
}

/** Adds a hotfix; returns its id. */
export async function insertHotfix(
  db: Queryable,
  h: {
    incidentId: string;
    repositoryId: string;
    branch: string;
    commits: string[];
    links: string[];
    by: string;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO hotfixes (incident_id, repository_id, branch, commits, links, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [h.incidentId, h.repositoryId, h.branch, h.commits, h.links, h.by, h.at],
  );
  return rows[0]!.id;
}

/** A hotfix as a check needs it. */
export interface HotfixRow {
  id: string;
  incident_id: string;
  repository_id: string;
  commits: string[];
  recorded_at: Date;
  merged_back_at: Date | null;
}

/** The hotfixes of a repository not yet merged back everywhere (all of them with `all`). */
export async function hotfixesToCheck(
  db: Queryable,
  repositoryId: string,
  all = false,
): Promise<HotfixRow[]> {
  const { rows } = await db.query<HotfixRow>(
    `SELECT id, incident_id, repository_id, commits, recorded_at, merged_back_at FROM hotfixes
      WHERE repository_id = $1 AND ($2 OR merged_back_at IS NULL) ORDER BY recorded_at`,
    [repositoryId, all],
  );
  return rows;
}

/** Repositories with a hotfix outstanding. */
export async function repositoriesOutstanding(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ repository_id: string }>(
    'SELECT DISTINCT repository_id FROM hotfixes WHERE merged_back_at IS NULL',
  );
  return rows.map((r) => r.repository_id);
}

/** The stored state of each branch of a hotfix. */
export async function branchStatesOf(
  db: Queryable,
  hotfixId: string,
): Promise<Map<string, { state: BranchState; mergedAt: Date | null }>> {
  const { rows } = await db.query<{ branch: string; state: BranchState; merged_at: Date | null }>(
    'SELECT branch, state, merged_at FROM hotfix_branches WHERE hotfix_id = $1',
    [hotfixId],
  );
  return new Map(rows.map((r) => [r.branch, { state: r.state, mergedAt: r.merged_at }]));
}

/** Replaces the branch states of a hotfix with those of a check. */
export async function saveBranchStates(
  db: Queryable,
  hotfixId: string,
  states: {
    branch: string;
    state: BranchState;
    missing: string[];
    detail: string | null;
    mergedAt: Date | null;
  }[],
  at: Date,
): Promise<void> {
  await db.query(`DELETE FROM hotfix_branches WHERE hotfix_id = $1 AND NOT (branch = ANY ($2::text[]))`, [
    hotfixId,
    states.map((s) => s.branch),
  ]);
  await db.query(
    `INSERT INTO hotfix_branches (hotfix_id, branch, position, state, missing, detail, checked_at, merged_at)
     SELECT $1, x.branch, x.position, x.state, x.missing, x.detail, $3, x.merged_at
       FROM jsonb_to_recordset($2::jsonb)
         AS x(branch text, position int, state text, missing text[], detail text, merged_at timestamptz)
     ON CONFLICT (hotfix_id, branch) DO UPDATE SET position = excluded.position, state = excluded.state, missing = excluded.missing,
       detail = excluded.detail, checked_at = excluded.checked_at, merged_at = excluded.merged_at`,
    [hotfixId, JSON.stringify(states.map((s) => ({ ...s, merged_at: s.mergedAt }))), at],
  );
}

/** Marks a hotfix merged back everywhere (or not, with null). */
export async function setMergedBack(db: Queryable, hotfixId: string, at: Date | null): Promise<void> {
  await db.query('UPDATE hotfixes SET merged_back_at = $2 WHERE id = $1', [hotfixId, at]);
}

/** Hotfixes as shown: of one incident, or all (outstanding only with `outstanding`), oldest outstanding first. */
export async function listHotfixes(
  db: Queryable,
  opts: { incidentId?: string; outstanding?: boolean; id?: string },
): Promise<Hotfix[]> {
  const { rows } = await db.query<{
    id: string;
    incident_id: string;
    number: string;
    tagline: string;
    repository_id: string;
    repository_name: string;
    branch: string;
    commits: string[];
    links: string[];
    recorded_by: string | null;
    recorded_name: string | null;
    recorded_at: Date;
    merged_back_at: Date | null;
    states: {
      branch: string;
      state: BranchState;
      missing: string[];
      detail: string | null;
      checked_at: string;
      merged_at: string | null;
    }[];
  }>(
    `SELECT h.id, h.incident_id, i.number, i.tagline, h.repository_id, r.name AS repository_name, h.branch,
            h.commits, h.links, h.recorded_by, u.name AS recorded_name, h.recorded_at, h.merged_back_at,
            coalesce((SELECT json_agg(b ORDER BY b.position, b.branch) FROM hotfix_branches b WHERE b.hotfix_id = h.id), '[]') AS states
       FROM hotfixes h
       JOIN incidents i ON i.id = h.incident_id
       JOIN hotfix_repositories r ON r.id = h.repository_id
       LEFT JOIN users u ON u.id = h.recorded_by
      WHERE ($1::uuid IS NULL OR h.incident_id = $1)
        AND (NOT $2 OR h.merged_back_at IS NULL)
        AND ($3::uuid IS NULL OR h.id = $3)
      ORDER BY (h.merged_back_at IS NULL) DESC, h.recorded_at, h.id
      LIMIT 500`,
    [opts.incidentId ?? null, opts.outstanding ?? false, opts.id ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    incident: { id: r.incident_id, number: Number(r.number), tagline: r.tagline },
    repository: { id: r.repository_id, name: r.repository_name },
    branch: r.branch,
    commits: r.commits,
    links: r.links,
    recordedBy: r.recorded_by ? { id: r.recorded_by, name: r.recorded_name ?? '' } : null,
    recordedAt: r.recorded_at.toISOString(),
    branches: r.states.map((s) => ({
      branch: s.branch,
      state: s.state,
      missing: s.missing,
      detail: s.detail,
      checkedAt: new Date(s.checked_at).toISOString(),
      mergedAt: s.merged_at ? new Date(s.merged_at).toISOString() : null,
    })),
    outstanding: r.merged_back_at === null,
    mergedBackAt: r.merged_back_at?.toISOString() ?? null,
  }));
}
