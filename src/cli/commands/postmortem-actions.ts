/**
 * `expedite actions [list|add <ref>|set <id>|done <id>]`: the action items agreed in post-mortems,
 * the open ones by due date; adding one to an incident's post-mortem with its kind, owner and due
 * date; changing one's title, owner or due date; marking one done.
 */
import type { Action } from '../../postmortems/schema.ts';
import { opt, required, type CommandSpec, type Input } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const kinds = ['technical', 'training', 'policy'];

const openItems = async (ctx: Context, mine: boolean) =>
  (await ctx.api<{ items: Action[] }>('GET', `/actions${mine ? '?mine=true' : ''}`)).items;

/** The full id of an item given whole, or by the first characters of an open one. */
async function idOf(ctx: Context, arg: string | undefined): Promise<string> {
  if (!arg) throw usageError('missing <id>', 'actions');
  if (UUID.test(arg)) return arg;
  if (arg.length < 4) throw usageError('give at least 4 characters of the id', 'actions');
  const matches = (await openItems(ctx, false)).filter((a) => a.id.startsWith(arg.toLowerCase()));
  if (!matches.length) throw new CliError(`No open action item ${arg}`, exitCodes.notFound);
  if (matches.length > 1)
    throw usageError(`${matches.length} items start with ${arg}; give more of the id`, 'actions');
  return matches[0]!.id;
}

function line(a: Action): string {
  return `${a.title} (${a.kind}, ${a.owner.name}, due ${a.dueOn}) [${a.id.slice(0, 8)}]`;
}

async function list(ctx: Context, mine: boolean) {
  const items = await openItems(ctx, mine);
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

async function add(ctx: Context, input: Input, ref: string | undefined) {
  if (!ref) throw usageError('missing <ref> of the incident', 'actions');
  const kind = required(input, 'kind', 'actions');
  if (!kinds.includes(kind)) throw usageError(`--kind must be one of ${kinds.join(', ')}`, 'actions');
  const body = {
    kind,
    title: required(input, 'title', 'actions'),
    owner: required(input, 'owner', 'actions'),
    dueOn: required(input, 'due', 'actions'),
  };
  const a = await ctx.api<Action>('POST', `${refPath(ref)}/postmortem/actions`, { body });
  if (ctx.json) return ctx.printJson(a);
  return ctx.out(`Added: ${line(a)}`);
}

async function set(ctx: Context, input: Input, arg: string | undefined) {
  const id = await idOf(ctx, arg);
  const [title, owner, dueOn] = [opt(input, 'title'), opt(input, 'owner'), opt(input, 'due')];
  if (title === undefined && owner === undefined && dueOn === undefined)
    throw usageError('give --title, --owner or --due', 'actions');
  const body = {
    ...(title !== undefined ? { title } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(dueOn !== undefined ? { dueOn } : {}),
  };
  const a = await ctx.api<Action>('PATCH', `/actions/${id}`, { body });
  if (ctx.json) return ctx.printJson(a);
  return ctx.out(`Changed: ${line(a)}`);
}

/** `expedite actions`. */
export const actionsCommand: CommandSpec = {
  name: 'actions',
  args: '[list|add <ref>|set <id>|done <id>]',
  summary: 'Action items agreed in post-mortems: the open ones by due date, adding, changing, marking done',
  description:
    "add puts an item on the incident's post-mortem (--kind, --title, --owner, --due, all needed).\n" +
    'set changes an item (--title, --owner, --due). set and done take the item id or its first\n' +
    'characters, as list shows them.',
  examples: [
    'expedite actions',
    'expedite actions list --mine',
    'expedite actions add 12 --kind technical --title "Load test large changes" --owner ana@example.com --due 2026-03-20',
    'expedite actions set 3f2a9c1b --owner bob@example.com --due 2026-03-27',
    'expedite actions done 3f2a9c1b',
  ],
  options: {
    mine: { type: 'boolean', help: 'Only the items I own' },
    kind: { type: 'string', value: 'kind', help: 'With add: technical, training or policy' },
    title: { type: 'string', value: 'text', help: 'With add or set: the action agreed' },
    owner: { type: 'string', value: 'email', help: 'With add or set: who does it' },
    due: { type: 'string', value: 'day', help: 'With add or set: when it is due (YYYY-MM-DD)' },
  },
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', arg] = input.positionals as [string?, string?];
    switch (action) {
      case 'list':
        if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'actions');
        return list(ctx, input.values.mine === true);
      case 'add':
        return add(ctx, input, arg);
      case 'set':
        return set(ctx, input, arg);
      case 'done': {
        const id = await idOf(ctx, arg);
        const done = await ctx.api<Action>('PATCH', `/actions/${id}`, { body: { status: 'done' } });
        if (ctx.json) return ctx.printJson(done);
        return ctx.out(`Done: ${done.title}`);
      }
      default:
        throw usageError(`unknown action "${action}"; expected list, add, set or done`, 'actions');
    }
  },
};
