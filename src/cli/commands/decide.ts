/**
 * `expedite decide <ref> expedite|backlog|decline --reason R`: records the decision on an incident
 * (the answer to "ask the product owner", or a decision without one), with its reason.
 */
import type { Incident } from '../../incidents/schema.ts';
import { required, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import { usageError } from '../errors.ts';
import { printIncident } from '../present.ts';

const answers = ['expedite', 'backlog', 'decline'];
const done: Record<string, string> = {
  expedite: 'Expedited (paging now):',
  backlog: 'Moved to the Backlog:',
  decline: 'Declined and closed:',
};

export const decideCommand: CommandSpec = {
  name: 'decide',
  args: '<ref> expedite|backlog|decline',
  summary: 'Record the decision: expedite, backlog or decline, with a reason',
  description:
    'ref is the incident number (12 or #12) or its id. expedite pages its chain; backlog moves it to\n' +
    'the Backlog (out of the open lists); decline closes it. Answers the product owner’s question.',
  examples: [
    'expedite decide 12 backlog --reason "Cosmetic; next sprint"',
    'expedite decide 12 expedite --reason "Blocks the spring campaign"',
  ],
  options: { reason: { type: 'string', value: 'text', help: 'Why, for the timeline (required)' } },
  min: 2,
  max: 2,
  async run(ctx, input) {
    const [ref, raw] = input.positionals as [string, string];
    const answer = raw.toLowerCase();
    if (!answers.includes(answer))
      throw usageError(`the decision must be expedite, backlog or decline, got "${raw}"`, 'decide');
    const reason = required(input, 'reason', 'decide');
    const incident = await ctx.api<Incident>('POST', `${refPath(ref)}/decision`, {
      body: { answer, reason },
    });
    printIncident(ctx, incident, done[answer]);
  },
};
