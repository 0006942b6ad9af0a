/**
 * `expedite deviation` records that process is broken (why, what is skipped, the justification),
 * usually with the tech-debt item that brings the temporary fix to standard; `expedite debt`
 * lists, shows, adds and changes tech-debt items, with hours spent against their budget.
 */
import type { DebtItem, Deviation } from '../../techdebt/schema.ts';
import { opt, required, type CommandSpec, type Input } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../errors.ts';
import { hours, table, tsv } from '../format.ts';
import { refLabel } from '../present.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const filters = ['open', 'overrun', 'overdue', 'mine', 'all'];

/** Comma-separated words of an option: "speed,temporary-fix". */
function words(input: Input, name: string, command: string): string[] {
  return required(input, name, command)
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
}

/** A budget in hours from --budget; exit 2 unless a positive number. */
function budget(input: Input, command: string): number | undefined {
  const raw = opt(input, 'budget');
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(/h$/i, ''));
  if (!/^\d*\.?\d+h?$/i.test(raw) || !(n > 0))
    throw usageError(`--budget must be a positive number of hours such as 6, got "${raw}"`, command);
  return n;
}

/** The item fields of --debt/--title, --budget, --owner, --due, --details. */
function itemFields(input: Input, title: string, command: string) {
  const b = budget(input, command);
  if (b === undefined) throw usageError('--budget is required with a tech-debt item', command);
  return {
    title,
    budgetHours: b,
    owner: required(input, 'owner', command),
    dueOn: required(input, 'due', command),
    ...(opt(input, 'details') ? { details: opt(input, 'details') } : {}),
  };
}

/** One line about an item: its state, hours against budget, owner and due day. */
export function itemLine(i: DebtItem): string {
  const flags = [i.overrun ? `overrun by ${hours(i.overrunHours)}` : '', i.overdue ? 'overdue' : '']
    .filter(Boolean)
    .join(', ');
  return (
    `${i.id.slice(0, 8)} ${i.status}: ${i.title} (#${i.incident.number}) — ` +
    `${hours(i.spentHours)} of ${hours(i.budgetHours)}, ${i.owner.name}, due ${i.dueOn}` +
    (flags ? ` [${flags}]` : '')
  );
}

/** `expedite deviation <ref> --reason … --skipped … --justification …`. */
export const deviationCommand: CommandSpec = {
  name: 'deviation',
  args: '<ref>',
  summary: 'Record that process is broken, why, and the tech debt it creates',
  description:
    'ref is the incident number (12 or #12) or its id. --reason and --skipped take comma-separated\n' +
    'words: reasons are speed, complexity, lack-of-resources, temporary-fix; skipped is review, tests,\n' +
    'deployment-procedure or your own words. With --debt (and --budget, --owner, --due) the tech-debt\n' +
    'item is created in the same step; without it the incident cannot be closed until one is added\n' +
    '("expedite debt add").',
  examples: [
    'expedite deviation 12 --reason speed,temporary-fix --skipped review,tests --justification "Checkout down; fix now" --debt "Tests and review for the hotfix" --budget 6 --owner grace@example.com --due 2026-12-20',
  ],
  options: {
    reason: { type: 'string', value: 'list', help: 'Why (required): speed, complexity, …' },
    skipped: { type: 'string', value: 'list', help: 'What is skipped (required): review, tests, …' },
    justification: { type: 'string', value: 'text', help: 'Why it is worth it (required)' },
    debt: { type: 'string', value: 'title', help: 'The tech-debt item: what must be brought to standard' },
    budget: { type: 'string', value: 'hours', help: 'With --debt: hours budgeted' },
    owner: { type: 'string', value: 'email', help: 'With --debt: who owns it' },
    due: { type: 'string', value: 'YYYY-MM-DD', help: 'With --debt: when it is due' },
    details: { type: 'string', value: 'text', help: 'With --debt: what is left to do' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const title = opt(input, 'debt');
    const body = {
      reasons: words(input, 'reason', 'deviation'),
      skipped: words(input, 'skipped', 'deviation'),
      justification: required(input, 'justification', 'deviation'),
      ...(title ? { debt: itemFields(input, title, 'deviation') } : {}),
    };
    const d = await ctx.api<Deviation>('POST', `${refPath(ref)}/deviations`, { body });
    if (ctx.json) return ctx.printJson(d);
    ctx.out(`Deviation recorded on ${refLabel(ref)}: skipped ${d.skipped.join(', ')}.`);
    ctx.out(
      d.techDebtId
        ? `Tech-debt item ${d.techDebtId.slice(0, 8)} created.`
        : 'No tech-debt item yet: the incident cannot be closed until one is added.',
    );
  },
};

async function findItem(ctx: Context, idOrPrefix: string): Promise<string> {
  if (UUID.test(idOrPrefix)) return idOrPrefix;
  if (idOrPrefix.length < 4) throw usageError('give at least 4 characters of the item id', 'debt');
  const all = (await ctx.api<{ items: DebtItem[] }>('GET', '/tech-debt', { query: { filter: 'all' } })).items;
  const matches = all.filter((i) => i.id.startsWith(idOrPrefix.toLowerCase()));
  if (matches.length === 1) return matches[0]!.id;
  if (!matches.length) throw new CliError(`No tech-debt item ${idOrPrefix}`, exitCodes.notFound);
  throw usageError(`${matches.length} items start with ${idOrPrefix}; give more of the id`, 'debt');
}

async function list(ctx: Context, input: Input) {
  const filter = opt(input, 'filter') ?? 'open';
  if (!filters.includes(filter)) throw usageError(`--filter must be one of ${filters.join(', ')}`, 'debt');
  const { items } = await ctx.api<{ items: DebtItem[] }>('GET', '/tech-debt', { query: { filter } });
  if (ctx.json) return ctx.printJson({ items });
  if (!items.length) return ctx.note(`No tech-debt items (${filter}).`);
  const row = (i: DebtItem) => [
    i.id.slice(0, 8),
    i.status,
    `#${i.incident.number}`,
    String(i.budgetHours),
    String(i.spentHours),
    i.overrun ? String(i.overrunHours) : '-',
    i.owner.name,
    i.dueOn + (i.overdue ? ' overdue' : ''),
    i.title,
  ];
  if (!ctx.tty) return ctx.out(...tsv(items.map((i) => [i.id, ...row(i).slice(1)])));
  const headers = ['ID', 'STATUS', 'INCIDENT', 'BUDGET H', 'SPENT H', 'OVERRUN H', 'OWNER', 'DUE', 'TITLE'];
  ctx.out(
    ...table(
      headers.map((header) => ({ header })),
      items.map(row),
      ctx.style,
      ctx.width,
    ),
  );
}

/** `expedite debt list|show|add|set`. */
export const debtCommand: CommandSpec = {
  name: 'debt',
  args: '<list|show|add|set> [id|ref]',
  summary: 'List, show, add or change tech-debt items (hours spent against budget)',
  description:
    'list takes --filter open (default), overrun, overdue, mine or all. show and set take the item id\n' +
    'or its first characters. add takes the incident ref, --title, --budget, --owner, --due and\n' +
    '--deviation <id> when it pays back a deviation. set changes --status (open, in-progress, done,\n' +
    'dropped with --drop-reason), --budget, --owner, --due or --title. Log hours against an item\n' +
    'with "expedite log-time <ref> <hours> <text> --debt <id>".',
  examples: [
    'expedite debt list --filter overrun',
    'expedite debt show 3f2a9c1b',
    'expedite debt add 12 --title "Tests for the hotfix" --budget 6 --owner grace@example.com --due 2026-12-20',
    'expedite debt set 3f2a9c1b --status dropped --drop-reason "The export is retired"',
  ],
  options: {
    filter: { type: 'string', value: 'list', help: 'With list: open, overrun, overdue, mine or all' },
    title: { type: 'string', value: 'text', help: 'With add or set: what must be brought to standard' },
    budget: { type: 'string', value: 'hours', help: 'With add or set: hours budgeted' },
    owner: { type: 'string', value: 'email', help: 'With add or set: who owns it' },
    due: { type: 'string', value: 'YYYY-MM-DD', help: 'With add or set: when it is due' },
    details: { type: 'string', value: 'text', help: 'With add or set: what is left to do' },
    deviation: { type: 'string', value: 'id', help: 'With add: the deviation it pays back' },
    status: { type: 'string', value: 'status', help: 'With set: open, in-progress, done or dropped' },
    'drop-reason': { type: 'string', value: 'text', help: 'With set --status dropped: why' },
  },
  min: 1,
  max: 2,
  async run(ctx, input) {
    const [action, arg] = input.positionals as [string, string?];
    if (action === 'list') {
      if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'debt');
      return list(ctx, input);
    }
    if (!arg) throw usageError(`missing the ${action === 'add' ? 'incident ref' : 'item id'}`, 'debt');
    let item: DebtItem;
    if (action === 'show') {
      item = await ctx.api<DebtItem>('GET', `/tech-debt/${await findItem(ctx, arg)}`);
    } else if (action === 'add') {
      const body = { ...itemFields(input, required(input, 'title', 'debt'), 'debt') };
      const deviationId = opt(input, 'deviation');
      item = await ctx.api<DebtItem>('POST', `${refPath(arg)}/tech-debt`, {
        body: deviationId ? { ...body, deviationId } : body,
      });
    } else if (action === 'set') {
      const body = {
        status: opt(input, 'status'),
        dropReason: opt(input, 'drop-reason'),
        title: opt(input, 'title'),
        details: opt(input, 'details'),
        budgetHours: budget(input, 'debt'),
        owner: opt(input, 'owner'),
        dueOn: opt(input, 'due'),
      };
      if (Object.values(body).every((v) => v === undefined))
        throw usageError('say what to change: --status, --budget, --owner, --due, --title', 'debt');
      item = await ctx.api<DebtItem>('PATCH', `/tech-debt/${await findItem(ctx, arg)}`, { body });
    } else throw usageError(`unknown action "${action}": list, show, add or set`, 'debt');
    if (ctx.json) return ctx.printJson(item);
    ctx.out(itemLine(item));
    if (action === 'show') {
      if (item.details) ctx.out(item.details);
      if (item.dropReason) ctx.out(`Dropped because: ${item.dropReason}`);
    }
  },
};
