/**
 * `expedite tracker add|list` (admins): where non-expedited work goes (GitHub, GitLab, Jira, or a
 * signed webhook); `expedite handoff <ref>`: hand an incident to its tracker, or show its ticket.
 */
import type { Handoff, Tracker } from '../../trackers/schema.ts';
import { opt, required, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';
import { refLabel } from '../present.ts';
import { askSecret, readFirstLine, stdinIsTerminal } from '../prompt.ts';

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

async function listTrackers(ctx: Context) {
  const res = await ctx.api<{ items: Tracker[] }>('GET', '/trackers');
  if (ctx.json) return ctx.printJson(res);
  if (!res.items.length) return ctx.note('No trackers: "expedite tracker add" sets one up.');
  const rows = res.items.map((t) => [
    t.name,
    t.kind,
    t.project || t.baseUrl,
    t.isDefault ? 'default' : [...t.usedBy.teams, ...t.usedBy.services].map((x) => x.name).join(', ') || '-',
  ]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['NAME', 'KIND', 'PROJECT', 'USED BY'].map((header) => ({ header }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

/** `expedite tracker list | add <name> --kind … --url … [--project …] …`. */
export const trackerCommand: CommandSpec = {
  name: 'tracker',
  args: '<list|add> [name]',
  summary: 'List or add the trackers backlogged work is handed to (admins)',
  description:
    'Kinds: github (Issues; --project owner/repo), gitlab (Issues; --project id or path), jira (Cloud;\n' +
    '--project KEY, --email, --issue-type) and webhook (a signed JSON event; --url is the webhook).\n' +
    'The token (or whsec_ secret) is asked for on a terminal, else read from the first line of stdin;\n' +
    'it is never shown again. --default makes it the default; --teams/--services send theirs here.',
  examples: [
    'expedite tracker list',
    'expedite tracker add "Web backlog" --kind github --url https://api.github.com --project acme/web --default',
    'printf "%s\\n" "$JIRA_TOKEN" | expedite tracker add Ops --kind jira --url https://acme.atlassian.net \\\n' +
      '    --project OPS --email bot@acme.example --issue-type Task --teams Payments',
  ],
  options: {
    kind: { type: 'string', value: 'kind', help: 'github, gitlab, jira or webhook' },
    url: { type: 'string', value: 'url', help: 'The API base, or the webhook URL' },
    project: { type: 'string', value: 'project', help: 'owner/repo, GitLab project, or Jira key' },
    email: { type: 'string', value: 'email', help: 'Jira: the account of the API token' },
    'issue-type': { type: 'string', value: 'type', help: 'Jira: the issue type (e.g. Task, Bug)' },
    labels: { type: 'string', value: 'list', help: 'Comma-separated labels for every ticket' },
    teams: { type: 'string', value: 'list', help: 'Comma-separated teams whose incidents go here' },
    services: { type: 'string', value: 'list', help: 'Comma-separated services whose incidents go here' },
    default: { type: 'boolean', help: 'Make it the default tracker' },
  },
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', name] = input.positionals;
    if (action === 'list') {
      if (name !== undefined) throw usageError(`unexpected argument "${name}"`, 'tracker');
      return listTrackers(ctx);
    }
    if (action !== 'add') throw usageError(`unknown action "${action}"; expected list or add`, 'tracker');
    if (!name) throw usageError('missing <name>, e.g. "Web backlog"', 'tracker');
    const kind = required(input, 'kind', 'tracker');
    const baseUrl = required(input, 'url', 'tracker');
    const secret = stdinIsTerminal() ? await askSecret('Token or secret: ') : await readFirstLine();
    if (!secret) throw usageError('no token or secret given (on stdin, or typed when asked)', 'tracker');
    const made = await ctx.api<Tracker>('POST', '/trackers', {
      body: {
        name,
        kind,
        baseUrl,
        project: opt(input, 'project') ?? '',
        email: opt(input, 'email'),
        issueType: opt(input, 'issue-type'),
        secret,
        labels: list(opt(input, 'labels')),
        teams: list(opt(input, 'teams')),
        services: list(opt(input, 'services')),
        isDefault: input.values.default === true,
      },
    });
    if (ctx.json) return ctx.printJson(made);
    ctx.out(`Added tracker ${made.name} (${made.kind})${made.isDefault ? ', the default' : ''}.`);
  },
};

function describe(ctx: Context, ref: string, h: Handoff) {
  if (h.ticket) {
    const state = h.ticket.state ? ` (${h.ticket.state})` : '';
    ctx.out(
      `${refLabel(ref)} is ${h.ticket.tracker} ${h.ticket.ref}${state}${h.ticket.url ? `: ${h.ticket.url}` : ''}`,
    );
  } else if (h.pending?.done)
    ctx.out(`Handing ${refLabel(ref)} off failed: ${h.pending.lastError ?? 'unknown'}`);
  else if (h.pending) ctx.out(`Handing ${refLabel(ref)} to ${h.tracker?.name ?? 'its tracker'}…`);
  else ctx.out(`${refLabel(ref)} is not handed off${h.tracker ? `; it would go to ${h.tracker.name}` : ''}.`);
}

/** `expedite handoff <ref> [--show]`: hand an incident to its tracker, or show its ticket. */
export const handoffCommand: CommandSpec = {
  name: 'handoff',
  args: '<ref>',
  summary: "Hand an incident to its team's tracker, or show its ticket",
  description:
    'ref is the incident number (12 or #12) or its id. The ticket carries the tagline, classification,\n' +
    'description, steps to reproduce, evidence links and a link back; it is created in the background\n' +
    '(retried if the tracker is down). Backlogged incidents are handed off without asking.',
  examples: ['expedite handoff 12', 'expedite handoff 12 --show'],
  options: { show: { type: 'boolean', help: 'Only show the ticket (or where the hand-off stands)' } },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const h = input.values.show
      ? await ctx.api<Handoff>('GET', `${refPath(ref)}/handoff`)
      : await ctx.api<Handoff>('POST', `${refPath(ref)}/handoff`);
    if (ctx.json) return ctx.printJson(h);
    describe(ctx, ref, h);
  },
};
