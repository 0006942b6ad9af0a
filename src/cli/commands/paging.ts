/** Paging from the terminal: page for an incident, acknowledge the page, escalate now or to a level. */
import { opt, text, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import { usageError } from '../errors.ts';
import { refLabel } from '../present.ts';

const refHelp = 'ref is the incident number (12 or #12) or its id.';

/** `expedite ack <ref>`: stops the escalation; you own the incident if nobody did. */
export const ackCommand: CommandSpec = {
  name: 'ack',
  args: '<ref>',
  summary: 'Acknowledge the page for an incident',
  description: `${refHelp} Stops its escalation; you become owner if there is none. Exit 1 when nothing is paging.`,
  examples: ['expedite ack 12'],
  min: 1,
  max: 1,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const res = await ctx.api<{ escalations: number }>('POST', `${refPath(ref)}/acknowledge`);
    if (ctx.json) return ctx.printJson(res);
    ctx.out(`Acknowledged ${refLabel(ref)}: the escalation has stopped.`);
  },
};

/** `expedite page <ref> <reason>`: starts escalating by the policies of its service or area. */
export const pageCommand: CommandSpec = {
  name: 'page',
  args: '<ref> <reason>',
  summary: 'Page the people responsible for an incident',
  description: `${refHelp} Uses the escalation policy of its service, or of the teams answering for its area.`,
  examples: ['expedite page 12 "Checkout is down for everyone"'],
  min: 2,
  max: Infinity,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const res = await ctx.api<{ ok: true }>('POST', `${refPath(ref)}/page`, {
      body: { reason: text(input, 1) },
    });
    if (ctx.json) return ctx.printJson(res);
    ctx.out(`Paging for ${refLabel(ref)}.`);
  },
};

/** `expedite escalate <ref> [--level N]`: the next level now, or jump to a level. */
export const escalateCommand: CommandSpec = {
  name: 'escalate',
  args: '<ref>',
  summary: 'Escalate now, or jump to a level',
  description: `${refHelp} Without --level, pages the next level at once.`,
  examples: ['expedite escalate 12', 'expedite escalate 12 --level 3'],
  options: { level: { type: 'string', value: 'n', help: 'Level to jump to (1 is the first)' } },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const raw = opt(input, 'level');
    const level = raw === undefined ? undefined : Number(raw);
    if (level !== undefined && (!Number.isInteger(level) || level < 1 || level > 10))
      throw usageError('--level must be a whole number from 1 to 10');
    const res = await ctx.api<{ escalations: number }>('POST', `${refPath(ref)}/escalate`, {
      body: level === undefined ? {} : { level },
    });
    if (ctx.json) return ctx.printJson(res);
    ctx.out(
      level === undefined
        ? `Escalated ${refLabel(ref)} to its next level.`
        : `Jumped ${refLabel(ref)} to level ${level}.`,
    );
  },
};

const responderKinds = ['person', 'schedule', 'team', 'policy'] as const;

/** `expedite add-responder <ref> --person|--schedule|--team|--policy <id>`: pages them now too. */
export const addResponderCommand: CommandSpec = {
  name: 'add-responder',
  args: '<ref>',
  summary: 'Page a chosen person, schedule, team or policy for an incident now',
  description:
    `${refHelp} Beside the covering policy; one acknowledgement stops it all. A person by id or email, ` +
    'the others by id. Exit 1 when nobody there can be reached (nothing is sent).',
  examples: ['expedite add-responder 12 --person grace@example.com', 'expedite add-responder 12 --team <id>'],
  options: {
    person: { type: 'string', value: 'id|email', help: 'A person' },
    schedule: { type: 'string', value: 'id', help: 'Whoever the schedule has on call now' },
    team: { type: 'string', value: 'id', help: "The team's members" },
    policy: { type: 'string', value: 'id', help: 'An escalation policy (its first level now)' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const chosen = responderKinds.filter((k) => opt(input, k) !== undefined);
    if (chosen.length !== 1) throw usageError('give exactly one of --person, --schedule, --team, --policy');
    const kind = chosen[0]!;
    let id = opt(input, kind)!;
    if (kind === 'person' && id.includes('@')) {
      const { items } = await ctx.api<{ items: { id: string; email: string }[] }>('GET', '/users');
      const found = items.find((u) => u.email.toLowerCase() === id.toLowerCase());
      if (!found) throw usageError(`no person ${id}`);
      id = found.id;
    }
    const res = await ctx.api<{
      people: { name: string; reachable: boolean; methods: { kind: string }[] }[];
    }>('POST', `${refPath(ref)}/responders`, {
      body: { target: { type: kind === 'person' ? 'user' : kind, id } },
    });
    if (ctx.json) return ctx.printJson(res);
    const reached = res.people.filter((p) => p.reachable);
    ctx.out(
      `Paging for ${refLabel(ref)}: ${reached.map((p) => `${p.name} (${p.methods.map((m) => m.kind).join(', ')})`).join(', ')}.`,
    );
  },
};
