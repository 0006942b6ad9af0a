/** Types and validation of hotfixes: the repositories looked in, hotfixes on incidents, merge-back states. */
import { z } from 'zod';

/** A commit SHA as people paste it: 7 to 64 hex digits (SHA-1 or SHA-256, full or abbreviated). */
export const shaPattern = /^[0-9a-f]{7,64}$/;
/** A branch name git accepts, never starting with `-` (it would read as an option). */
export const branchPattern = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/+-]{1,200}$/;
/** A long-lived branch or a pattern of them: `main`, `release/*`. */
const branchGlob = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\/$)[A-Za-z0-9._/+*-]{1,200}$/;
// https://host/…, ssh://…, git://…, file://…, git@host:path, or an absolute local path.
const cloneUrlPattern = /^(?:(?:https?|ssh|git|file):\/\/\S+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\S+|\/\S*)$/;

export const providers = ['git', 'github', 'gitlab'] as const;
export type Provider = (typeof providers)[number];

/** The states of one long-lived branch for a hotfix. */
export const branchStates = ['merged', 'missing', 'unknown'] as const;
export type BranchState = (typeof branchStates)[number];

const sha = z
  .string()
  .trim()
  .toLowerCase()
  .regex(shaPattern, 'a commit SHA: 7 to 64 hex digits')
  .describe('A commit SHA (hex)');
const branch = z
  .string()
  .trim()
  .regex(branchPattern, 'a branch name (letters, digits, . _ / + -; not starting with -)')
  .describe('A branch name');
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'an http(s) URL');

const repositoryFields = {
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a short name: letters, digits, . _ -')
    .describe('Short name people use, e.g. `api`'),
  cloneUrl: z
    .string()
    .trim()
    .max(500)
    .regex(cloneUrlPattern, 'a clone URL (https://, ssh://, git@host:path) or an absolute path')
    .describe('Where Expedite clones it from: a URL or a local path'),
  provider: z.enum(providers).describe('git asks the clone; github and gitlab ask their API'),
  apiProject: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'owner/repo on GitHub, the project id or path on GitLab')
    .nullable()
    .describe('owner/repo on GitHub; the project id or group/project on GitLab'),
  apiUrl: httpUrl
    .nullable()
    .describe('The API base for GitHub Enterprise or a self-hosted GitLab; empty: the public service'),
  token: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .nullable()
    .describe('Sent to the API (GitHub: Bearer; GitLab: PRIVATE-TOKEN); stored, never shown again'),
  branches: z
    .array(z.string().trim().regex(branchGlob, 'a branch or a pattern such as release/*'))
    .min(1)
    .max(30)
    .describe('The long-lived branches a hotfix must reach; * matches within one path part'),
};

function needsProject(v: { provider?: Provider; apiProject?: string | null }, ctx: z.RefinementCtx) {
  if (v.provider && v.provider !== 'git' && !v.apiProject)
    ctx.addIssue({
      code: 'custom',
      path: ['apiProject'],
      message: `a ${v.provider} repository needs its API project (${v.provider === 'github' ? 'owner/repo' : 'project id'})`,
    });
}

export const repositoryBody = z
  .object({
    ...repositoryFields,
    provider: repositoryFields.provider.default('git'),
    apiProject: repositoryFields.apiProject.optional(),
    apiUrl: repositoryFields.apiUrl.optional(),
    token: repositoryFields.token.optional(),
  })
  .superRefine(needsProject)
  .meta({
    example: {
      name: 'api',
      cloneUrl: 'https://github.com/acme/api.git',
      provider: 'github',
      apiProject: 'acme/api',
      token: 'github_pat_…',
      branches: ['main', 'develop', 'release/*'],
    },
  });
export type RepositoryBody = z.output<typeof repositoryBody>;

export const repositoryPatch = z
  .object({
    cloneUrl: repositoryFields.cloneUrl.optional(),
    provider: repositoryFields.provider.optional(),
    apiProject: repositoryFields.apiProject.optional(),
    apiUrl: repositoryFields.apiUrl.optional(),
    token: repositoryFields.token.optional().describe('A new token; null removes it'),
    branches: repositoryFields.branches.optional(),
  })
  .meta({ example: { branches: ['main', 'develop'] } });
export type RepositoryPatch = z.output<typeof repositoryPatch>;

export const repositorySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    cloneUrl: z.string(),
    provider: z.enum(providers),
    apiProject: z.string().nullable(),
    apiUrl: z.string().nullable(),
    hasToken: z.boolean().describe('A token is stored (it is never shown)'),
    branches: z.array(z.string()),
    checkedAt: z.iso.datetime().nullable().describe('When it was last checked'),
    checkError: z.string().nullable().describe('Why the last check failed; null when it worked'),
  })
  .meta({ id: 'HotfixRepository' });
export type Repository = z.infer<typeof repositorySchema>;

export const hotfixBody = z
  .object({
    repository: z.string().trim().min(1).max(100).describe('The repository, by name or id'),
    branch: branch.describe('The branch the fix was made on, e.g. hotfix/login'),
    commits: z.array(sha).min(1).max(50).describe('The commits of the fix'),
    links: z.array(httpUrl).max(10).default([]).describe('Pull/merge requests of the fix'),
  })
  .meta({
    example: {
      repository: 'api',
      branch: 'hotfix/login',
      commits: ['3f2c9e1a7b'],
      links: ['https://github.com/acme/api/pull/412'],
    },
  });
export type HotfixBody = z.output<typeof hotfixBody>;

export const branchStateSchema = z
  .object({
    branch: z.string(),
    state: z.enum(branchStates).describe('merged: every commit is there; unknown: it could not be told'),
    missing: z.array(z.string()).describe('Commits the branch does not hold'),
    detail: z.string().nullable(),
    checkedAt: z.iso.datetime(),
    mergedAt: z.iso.datetime().nullable().describe('When the merge was first seen'),
  })
  .meta({ id: 'HotfixBranch' });
export type BranchStateRow = z.infer<typeof branchStateSchema>;

export const hotfixSchema = z
  .object({
    id: z.uuid(),
    incident: z.object({ id: z.uuid(), number: z.number().int(), tagline: z.string() }),
    repository: z.object({ id: z.uuid(), name: z.string() }),
    branch: z.string(),
    commits: z.array(z.string()),
    links: z.array(z.string()),
    recordedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    recordedAt: z.iso.datetime(),
    branches: z.array(branchStateSchema).describe('Each long-lived branch, as last checked'),
    outstanding: z.boolean().describe('Not yet merged back into every long-lived branch'),
    mergedBackAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Hotfix' });
export type Hotfix = z.infer<typeof hotfixSchema>;

export const hotfixListQuery = z.object({
  outstanding: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only hotfixes not yet merged back everywhere'),
});

/** True when `name` is one of the long-lived branches `patterns` describe (`*` within one path part). */
export function matchesPatterns(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return re.test(name);
  });
}
