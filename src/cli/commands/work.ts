/**
 * Working an incident: take ownership, hand over, give roles, move its status, resolve it, write
 * notes and log time. Each change lands on the incident's timeline.
 */
import type { Incident } from '../../incidents/schema.ts';
import { opt, required, text, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { printIncident, refLabel } from '../present.ts';

const refHelp = 'ref is the incident number (12 or #12) or its id.';

/** `expedite own <ref>`: "first contact takes ownership". */
export const ownCommand: CommandSpec = {
  name: 'own',
  args: '<ref>',
  summary: 'Take ownership of an incident',
  description: `${refHelp} If someone else owns it, they hand it over instead.`,
  examples: ['expedite own 12'],
  min: 1,
  max: 1,
  async run(ctx, input) {
    const incident = await ctx.api<Incident>('POST', `${refPath(input.positionals[0]!)}/ownership`);
    printIncident(ctx, incident, 'You own');
  },
};

/** `expedite handover <ref> <to-email> --note N`: passes ownership on with a note. */
export const handoverCommand: CommandSpec = {
  name: 'handover',
  args: '<ref> <to-email>',
  summary: 'Hand an incident over to another person, with a note',
  description: `${refHelp} Only the owner (or an admin) can hand over.`,
  examples: ['expedite handover 12 grace@example.com --note "Rollback done; please watch the error rate"'],
  options: { note: { type: 'string', value: 'text', help: 'What the new owner needs to know (required)' } },
  min: 2,
  max: 2,
  async run(ctx, input) {
    const [ref, to] = input.positionals as [string, string];
    const note = required(input, 'note', 'handover');
    const incident = await ctx.api<Incident>('POST', `${refPath(ref)}/handover`, { body: { to, note } });
    printIncident(ctx, incident, `Handed over to ${incident.owner?.name ?? to}:`);
  },
};

/** `expedite role <ref> <email> <role>`: gives (or with --remove takes away) a role on the incident. */
export const roleCommand: CommandSpec = {
  name: 'role',
  args: '<ref> <email> <role>',
  summary: 'Give a person a role on an incident',
  description: `${refHelp} Roles: comms-lead, developer, reviewer, tester, designer, product-owner, observer.`,
  examples: [
    'expedite role 12 grace@example.com comms-lead',
    'expedite role 12 grace@example.com tester --remove',
  ],
  options: { remove: { type: 'boolean', help: 'Take the role away instead' } },
  min: 3,
  max: 3,
  async run(ctx, input) {
    const [ref, person, role] = input.positionals as [string, string, string];
    const incident = input.values.remove
      ? await ctx.api<Incident>(
          'DELETE',
          `${refPath(ref)}/roles/${encodeURIComponent(role)}/${encodeURIComponent(person)}`,
        )
      : await ctx.api<Incident>('POST', `${refPath(ref)}/roles`, { body: { person, role } });
    printIncident(
      ctx,
      incident,
      input.values.remove ? `${person} is no longer ${role} on` : `${person} is ${role} on`,
    );
  },
};

/** `expedite status <ref> <status>`: moves an incident along its lifecycle. */
export const statusCommand: CommandSpec = {
  name: 'status',
  args: '<ref> <status>',
  summary: 'Change the status of an incident',
  description:
    `${refHelp} Statuses: triage, investigating, fixing, monitoring, resolved, closed, backlogged,\n` +
    'declined. Resolving needs --summary (or use "expedite resolve").',
  examples: ['expedite status 12 fixing --note "Cause found: bad cache key"'],
  options: {
    note: { type: 'string', value: 'text', help: 'Why, for the timeline' },
    summary: { type: 'string', value: 'text', help: 'Resolution summary (when resolving)' },
    'override-reason': {
      type: 'string',
      value: 'text',
      help: 'Why the move goes past an overridable hold (e.g. a fix not yet verified); recorded',
    },
  },
  min: 2,
  max: 2,
  async run(ctx, input) {
    const [ref, status] = input.positionals as [string, string];
    const incident = await ctx.api<Incident>('POST', `${refPath(ref)}/status`, {
      body: {
        status: status.toLowerCase(),
        note: opt(input, 'note'),
        summary: opt(input, 'summary'),
        overrideReason: opt(input, 'override-reason'),
      },
    });
    printIncident(ctx, incident, `Now ${incident.status}:`);
  },
};

/** `expedite resolve <ref> --summary S`: resolves with the summary the resolution report starts from. */
export const resolveCommand: CommandSpec = {
  name: 'resolve',
  args: '<ref>',
  summary: 'Resolve an incident, with a summary of the fix',
  description: refHelp,
  examples: [
    'expedite resolve 12 --summary "Rolled back release 4.2.1; user details load again"',
    'expedite resolve 12 --summary "Cache key fixed" --override-reason "Checked by hand with the customer"',
  ],
  options: {
    summary: { type: 'string', value: 'text', help: 'What was fixed and how (required)' },
    note: { type: 'string', value: 'text', help: 'An extra note for the timeline' },
    'override-reason': {
      type: 'string',
      value: 'text',
      help: 'Why it resolves although the fix is not verified on its metric; recorded',
    },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const summary = required(input, 'summary', 'resolve');
    const incident = await ctx.api<Incident>('POST', `${refPath(input.positionals[0]!)}/status`, {
      body: {
        status: 'resolved',
        summary,
        note: opt(input, 'note'),
        overrideReason: opt(input, 'override-reason'),
      },
    });
    printIncident(ctx, incident, 'Resolved');
  },
};

/** `expedite note <ref> <text>`: writes down what happened ("write down everything"). */
export const noteCommand: CommandSpec = {
  name: 'note',
  args: '<ref> <text>',
  summary: 'Add a note to the timeline',
  description: `${refHelp} Notes are never edited; correct one with a new note.`,
  examples: ['expedite note 12 "Error rate back to normal after rollback"'],
  min: 2,
  max: Infinity,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const res = await ctx.api<{ ok: true }>('POST', `${refPath(ref)}/notes`, {
      body: { text: text(input, 1) },
    });
    if (ctx.json) return ctx.printJson(res);
    ctx.out(`Noted on ${refLabel(ref)}.`);
  },
};

/** The id of the incident's tech-debt item `idOrPrefix` names (as `debt list` shows 8 characters). */
async function debtItemOf(ctx: Context, ref: string, idOrPrefix: string | undefined) {
  if (idOrPrefix === undefined || /^[0-9a-f-]{36}$/i.test(idOrPrefix)) return idOrPrefix;
  const { items } = await ctx.api<{ items: { id: string }[] }>('GET', `${refPath(ref)}/deviations`);
  const matches = items.filter((i) => i.id.startsWith(idOrPrefix.toLowerCase()));
  if (idOrPrefix.length < 4 || matches.length !== 1)
    throw usageError(
      `--debt: no one tech-debt item of ${refLabel(ref)} starts with "${idOrPrefix}"`,
      'log-time',
    );
  return matches[0]!.id;
}

/** `expedite log-time <ref> <hours> <description>`: hours spent, for the resolution report. */
export const logTimeCommand: CommandSpec = {
  name: 'log-time',
  args: '<ref> <hours> <description>',
  summary: 'Log time spent on an incident',
  description: `${refHelp} hours may have two decimals (1.25).`,
  examples: [
    'expedite log-time 12 1.5 "Investigated logs and rolled back" --person grace@example.com',
    'expedite log-time 12 3 "Tests for the hotfix" --debt 3f2a9c1b',
  ],
  options: {
    person: { type: 'string', value: 'email', help: 'Who spent it (default: you)' },
    debt: { type: 'string', value: 'id', help: 'The tech-debt item it was spent on (id or its start)' },
  },
  min: 3,
  max: Infinity,
  async run(ctx, input) {
    const [ref, raw] = input.positionals as [string, string];
    const hours = Number(raw.replace(/h$/i, ''));
    if (!/^\d*\.?\d+h?$/i.test(raw) || !(hours > 0))
      throw usageError(`<hours> must be a positive number such as 1.5, got "${raw}"`, 'log-time');
    const res = await ctx.api<{ ok: true }>('POST', `${refPath(ref)}/time`, {
      body: {
        hours,
        description: text(input, 2),
        person: opt(input, 'person'),
        techDebtId: await debtItemOf(ctx, ref, opt(input, 'debt')),
      },
    });
    if (ctx.json) return ctx.printJson(res);
    ctx.out(`Logged ${hours} h on ${refLabel(ref)}.`);
  },
};
