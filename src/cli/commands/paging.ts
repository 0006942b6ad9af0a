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
