/**
 * `expedite hotfix <ref> --repo … --branch … --commit …` and `expedite hotfix list`: hotfixes and
 * their merge back into every long-lived branch; `expedite repo add|list|check`: the repositories.
 */
import type { Hotfix, Repository } from '../../hotfixes/schema.ts';
import { opt, required, type CommandSpec, type Input } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';
import { refLabel } from '../present.ts';

/** "main ✓, develop ✗" (a branch not told yet: ?). */
export function mergedBackWords(h: Hotfix): string {
  if (h.branches.length === 0) return 'not checked yet';
  return h.branches
    .map((b) => `${b.branch} ${b.state === 'merged' ? '✓' : b.state === 'missing' ? '✗' : '?'}`)
    .join(', ');
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function listHotfixes(ctx: Context, input: Input) {
  const outstanding = input.values.outstanding === true;
  const { items } = await ctx.api<{ items: Hotfix[] }>('GET', '/hotfixes', {
    query: outstanding ? { outstanding: 'true' } : {},
  });
  if (ctx.json) return ctx.printJson({ items });
  if (!items.length) return ctx.note(outstanding ? 'No hotfix waits to be merged back.' : 'No hotfixes yet.');
  const rows = items.map((h) => [
    `#${h.incident.number}`,
    h.repository.name,
    h.branch,
    h.outstanding ? 'outstanding' : 'merged back',
    mergedBackWords(h),
  ]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  ctx.out(
    ...table(
      [
        { header: 'INCIDENT' },
        { header: 'REPO' },
        { header: 'BRANCH' },
        {
          header: 'STATE',
          style: (v: string) => (v === 'outstanding' ? ('yellow' as const) : ('dim' as const)),
        },
        { header: 'MERGED BACK' },
      ],
      rows,
      ctx.style,
      ctx.width,
    ),
  );
}

/** `expedite hotfix`. */
export const hotfixCommand: CommandSpec = {
  name: 'hotfix',
  args: '<ref|list> [more commits…]',
  summary: 'Record a hotfix on an incident, or list hotfixes and their merge back',
  description:
    'ref is the incident number (12 or #12) or its id. Commits are SHAs (hex), after --commit,\n' +
    'comma-separated or as further arguments. "hotfix list" shows every hotfix with each long-lived\n' +
    'branch: merged back (✓), missing (✗) or not told (?), oldest outstanding first.',
  examples: [
    'expedite hotfix 12 --repo api --branch hotfix/login --commit 3f2c9e1 8a7b6c5 --link https://github.com/acme/api/pull/412',
    'expedite hotfix list --outstanding',
  ],
  options: {
    repo: { type: 'string', value: 'name', help: 'The repository (as "expedite repo list" shows it)' },
    branch: { type: 'string', value: 'branch', help: 'The branch the fix was made on' },
    commit: { type: 'string', value: 'sha,…', help: 'The commits of the fix' },
    link: { type: 'string', value: 'url,…', help: 'Pull or merge requests of the fix' },
    outstanding: { type: 'boolean', help: 'With list: only those not merged back everywhere' },
  },
  min: 1,
  max: Infinity,
  async run(ctx, input) {
    const [ref, ...more] = input.positionals as [string, ...string[]];
    if (ref === 'list') {
      if (more.length) throw usageError(`unexpected argument "${more[0]}"`, 'hotfix');
      return listHotfixes(ctx, input);
    }
    const commits = [...list(opt(input, 'commit')), ...more.flatMap((m) => list(m))];
    if (!commits.length) throw usageError('--commit is required', 'hotfix');
    const body = {
      repository: required(input, 'repo', 'hotfix'),
      branch: required(input, 'branch', 'hotfix'),
      commits,
      links: list(opt(input, 'link')),
    };
    const h = await ctx.api<Hotfix>('POST', `${refPath(ref)}/hotfixes`, { body });
    if (ctx.json) return ctx.printJson(h);
    ctx.out(
      `Recorded the hotfix on ${refLabel(ref)}: ${h.repository.name} ${h.branch}, ${h.commits.length} commit${h.commits.length === 1 ? '' : 's'}.`,
      'Its merge back into every long-lived branch is checked from now on ("expedite hotfix list").',
    );
  },
};

function repoLines(ctx: Context, items: Repository[]) {
  const rows = items.map((r) => [
    r.name,
    r.provider,
    r.branches.join(','),
    r.checkError ? `failed: ${r.checkError}` : r.checkedAt ? `checked ${r.checkedAt}` : 'not checked yet',
    r.cloneUrl,
  ]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  ctx.out(
    ...table(
      [
        { header: 'NAME' },
        { header: 'PROVIDER' },
        { header: 'BRANCHES' },
        { header: 'LAST CHECK' },
        { header: 'CLONE URL' },
      ],
      rows,
      ctx.style,
      ctx.width,
    ),
  );
}

/** `expedite repo`. */
export const repoCommand: CommandSpec = {
  name: 'repo',
  args: '<add|list|check> [name] [clone-url]',
  summary: 'Add, list or check the repositories hotfixes are tracked in',
  description:
    'add (admins) takes a name and a clone URL (or a local path) and the long-lived branches as\n' +
    'patterns. With --provider github or gitlab, their API is asked instead of a clone (--project:\n' +
    'owner/repo on GitHub, the project id on GitLab). check fetches and checks now.',
  examples: [
    'expedite repo add api https://github.com/acme/api.git --branches main,develop,release/*',
    'expedite repo add web https://gitlab.com/acme/web.git --provider gitlab --project 4211 --token glpat-… --branches main,develop',
    'expedite repo list',
    'expedite repo check api',
  ],
  options: {
    branches: {
      type: 'string',
      value: 'patterns',
      help: 'With add: the long-lived branches, comma-separated',
    },
    provider: { type: 'string', value: 'git|github|gitlab', help: 'With add: how to ask (git by default)' },
    project: {
      type: 'string',
      value: 'project',
      help: 'With add: owner/repo (GitHub) or project id (GitLab)',
    },
    'api-url': { type: 'string', value: 'url', help: 'With add: the API of a self-hosted GitHub or GitLab' },
    token: { type: 'string', value: 'token', help: 'With add: the API token (stored, never shown again)' },
  },
  min: 1,
  max: 3,
  async run(ctx, input) {
    const [action, name, cloneUrl] = input.positionals as [string, string?, string?];
    if (action === 'list') {
      if (name) throw usageError(`unexpected argument "${name}"`, 'repo');
      const { items } = await ctx.api<{ items: Repository[] }>('GET', '/repositories');
      if (ctx.json) return ctx.printJson({ items });
      if (!items.length) return ctx.note('No repositories yet; an admin adds one with "expedite repo add".');
      return repoLines(ctx, items);
    }
    if (action === 'check') {
      if (!name) throw usageError('missing [name]', 'repo');
      if (cloneUrl) throw usageError(`unexpected argument "${cloneUrl}"`, 'repo');
      const r = await ctx.api<Repository>('POST', `/repositories/${encodeURIComponent(name)}/check`);
      if (ctx.json) return ctx.printJson(r);
      ctx.out(r.checkError ? `The check of ${r.name} failed: ${r.checkError}` : `Checked ${r.name}.`);
      return;
    }
    if (action === 'add') {
      if (!name || !cloneUrl) throw usageError('add needs a name and a clone URL', 'repo');
      const provider = opt(input, 'provider');
      const body = {
        name,
        cloneUrl,
        branches: list(required(input, 'branches', 'repo')),
        ...(provider ? { provider } : {}),
        ...(opt(input, 'project') ? { apiProject: opt(input, 'project') } : {}),
        ...(opt(input, 'api-url') ? { apiUrl: opt(input, 'api-url') } : {}),
        ...(opt(input, 'token') ? { token: opt(input, 'token') } : {}),
      };
      const r = await ctx.api<Repository>('POST', '/repositories', { body });
      if (ctx.json) return ctx.printJson(r);
      ctx.out(`Added ${r.name} (${r.provider}): long-lived branches ${r.branches.join(', ')}.`);
      return;
    }
    throw usageError(`unknown action "${action}"; expected add, list or check`, 'repo');
  },
};
