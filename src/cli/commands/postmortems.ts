/**
 * `expedite postmortem <ref> [show|create|invite|review|approve|publish]` and `expedite actions
 * [list|done <id>]`: an incident's post-mortem (its document, flagged sentences, meeting, reviewers
 * and action items) and the action items agreed in post-mortems.
 */
import type { Action, Postmortem } from '../../postmortems/schema.ts';
import { sections, sectionTitles } from '../../postmortems/outline.ts';
import { opt, required, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function show(ctx: Context, pm: Postmortem, prefix?: string) {
  if (ctx.json) return ctx.printJson(pm);
  if (prefix) ctx.out(prefix);
  ctx.out(
    `Post-mortem of #${pm.incident.number} ${pm.incident.title}`,
    `Status: ${pm.status} · owner ${pm.owner.name} · due ${pm.dueOn} · needed: ${pm.requiredBy}`,
  );
  if (pm.meeting)
    ctx.out(`Meeting: ${pm.meeting.startsAt} with ${pm.meeting.participants.map((p) => p.email).join(', ')}`);
  if (pm.reviewers.length)
    ctx.out(
      `Reviewers: ${pm.reviewers.map((r) => `${r.name}${r.approvedAt ? ' (approved)' : ''}`).join(', ')}`,
    );
  for (const s of sections) {
    const body = pm.document[s].trim();
    if (body) ctx.out('', `## ${sectionTitles[s]}`, body);
  }
  if (pm.actions.length) {
    ctx.out('', '## Action items');
    for (const a of pm.actions)
      ctx.out(
        `- [${a.status === 'done' ? 'x' : ' '}] ${a.title} (${a.kind}, ${a.owner.name}, due ${a.dueOn})`,
      );
  }
  for (const f of pm.findings)
    ctx.out(
      '',
      `! May attribute blame (${f.phrases.join(', ')}): "${f.sentence}"`,
      `  Consider: "${f.suggestion}"`,
    );
}

/** `expedite postmortem`. */
export const postmortemCommand: CommandSpec = {
  name: 'postmortem',
  args: '<ref> [show|create|invite|review|approve|publish]',
  summary: "An incident's post-mortem: show, start, invite to its meeting, review, publish",
  description:
    'show prints the document, the meeting, reviewers, action items and sentences that may\n' +
    'attribute blame. invite emails each participant a calendar invitation (--at, --with, --minutes).\n' +
    'review names reviewers (--reviewers); approve is for a named reviewer; publish shares it with\n' +
    '--audience team,management (default both), each emailed a link.',
  examples: [
    'expedite postmortem 12',
    'expedite postmortem 12 create',
    'expedite postmortem 12 invite --at 2026-03-05T14:00:00Z --with ana@example.com,bob@example.com',
    'expedite postmortem 12 review --reviewers grace@example.com',
    'expedite postmortem 12 publish --audience management',
  ],
  options: {
    at: { type: 'string', value: 'time', help: 'With invite: when the meeting starts (ISO 8601)' },
    with: { type: 'string', value: 'emails', help: 'With invite: the participants, comma-separated' },
    minutes: { type: 'string', value: 'n', help: 'With invite: how long (default 60)' },
    reviewers: { type: 'string', value: 'emails', help: 'With review: who approves, comma-separated' },
    audience: { type: 'string', value: 'list', help: 'With publish: team, management or both' },
  },
  min: 1,
  max: 2,
  async run(ctx, input) {
    const [ref, action = 'show'] = input.positionals as [string, string?];
    const path = `${refPath(ref)}/postmortem`;
    switch (action) {
      case 'show':
        return show(ctx, await ctx.api<Postmortem>('GET', path));
      case 'create':
        return show(ctx, await ctx.api<Postmortem>('POST', path, { body: {} }), 'Started the post-mortem.');
      case 'invite': {
        const minutes = opt(input, 'minutes');
        const body = {
          at: required(input, 'at', 'postmortem'),
          with: list(required(input, 'with', 'postmortem')),
          ...(minutes ? { minutes: Number(minutes) } : {}),
        };
        const pm = await ctx.api<Postmortem>('POST', `${path}/invite`, { body });
        return show(ctx, pm, `Invited ${body.with.length} people.`);
      }
      case 'review': {
        const body = { reviewers: list(required(input, 'reviewers', 'postmortem')) };
        return show(ctx, await ctx.api<Postmortem>('POST', `${path}/review`, { body }), 'In review.');
      }
      case 'approve':
        return show(ctx, await ctx.api<Postmortem>('POST', `${path}/approve`), 'Approved.');
      case 'publish': {
        const audience = list(opt(input, 'audience') ?? 'team,management');
        return show(
          ctx,
          await ctx.api<Postmortem>('POST', `${path}/publish`, { body: { audience } }),
          'Published.',
        );
      }
      default:
        throw usageError(
          `unknown action "${action}"; expected show, create, invite, review, approve or publish`,
          'postmortem',
        );
    }
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `expedite actions`. */
export const actionsCommand: CommandSpec = {
  name: 'actions',
  args: '[list|done <id>]',
  summary: 'Action items agreed in post-mortems: the open ones by due date, marking one done',
  description: 'done takes the item id or its first characters, as list shows them.',
  examples: ['expedite actions', 'expedite actions list --mine', 'expedite actions done 3f2a9c1b'],
  options: { mine: { type: 'boolean', help: 'Only the items I own' } },
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', arg] = input.positionals as [string?, string?];
    const mine = input.values.mine === true;
    const open = async () =>
      (await ctx.api<{ items: Action[] }>('GET', `/actions${mine ? '?mine=true' : ''}`)).items;
    if (action === 'list') {
      if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'actions');
      const items = await open();
      if (ctx.json) return ctx.printJson({ items });
      if (!items.length) return ctx.note('No open action items.');
      if (!ctx.tty)
        return ctx.out(
          ...tsv(
            items.map((a) => [
              a.id,
              a.dueOn,
              a.overdue ? 'overdue' : 'open',
              a.owner.email,
              `#${a.incident.number}`,
              a.title,
            ]),
          ),
        );
      const rows = items.map((a) => [
        a.id.slice(0, 8),
        a.dueOn,
        a.overdue ? 'overdue' : 'open',
        a.owner.name,
        `#${a.incident.number}`,
        a.title,
      ]);
      const columns = [
        { header: 'ID' },
        { header: 'DUE' },
        { header: 'STATE', style: (v: string) => (v === 'overdue' ? ('red' as const) : undefined) },
        { header: 'OWNER' },
        { header: 'INCIDENT' },
        { header: 'ACTION' },
      ];
      return ctx.out(...table(columns, rows, ctx.style, ctx.width));
    }
    if (action === 'done') {
      if (!arg) throw usageError('missing <id>', 'actions');
      let id = arg;
      if (!UUID.test(arg)) {
        if (arg.length < 4) throw usageError('give at least 4 characters of the id', 'actions');
        const matches = (await open()).filter((a) => a.id.startsWith(arg.toLowerCase()));
        if (!matches.length) throw new CliError(`No open action item ${arg}`, exitCodes.notFound);
        if (matches.length > 1)
          throw usageError(`${matches.length} items start with ${arg}; give more of the id`, 'actions');
        id = matches[0]!.id;
      }
      const done = await ctx.api<Action>('PATCH', `/actions/${id}`, { body: { status: 'done' } });
      if (ctx.json) return ctx.printJson(done);
      return ctx.out(`Done: ${done.title}`);
    }
    throw usageError(`unknown action "${action}"; expected list or done`, 'actions');
  },
};
