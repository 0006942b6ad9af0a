/**
 * `expedite update <ref> --stage S --audience A[,A…]`: sends an update to its audiences (internal,
 * stakeholders, clients, public), with the stage's template filled from the incident for any text
 * not given; `--preview` shows what each audience would receive and sends nothing.
 */
import { opt, required, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import { usageError } from '../errors.ts';

const stages = ['investigating', 'identified', 'fixing', 'monitoring', 'resolved'];
const audiences = ['internal', 'stakeholders', 'clients', 'public'];

interface Drafts {
  drafts: Record<string, { technical: string; plain: string }>;
}
interface Preview {
  audiences: {
    audience: string;
    recipients: string[];
    subject: string | null;
    text: string;
    problem: string | null;
  }[];
}

export const updateCommand: CommandSpec = {
  name: 'update',
  args: '<ref>',
  summary: 'Send an update to its audiences (or --preview what each receives)',
  description:
    'Stages: investigating, identified, fixing, monitoring, resolved ("we are back"). Audiences: internal\n' +
    '(technical, the team), stakeholders (plain, email lists), clients (the client’s contacts), public\n' +
    '(status pages). A text not given is the stage’s template filled from the incident.',
  examples: [
    'expedite update 12 --stage identified --audience internal,stakeholders --plain "Payments fail; fix under way"',
    'expedite update 12 --stage resolved --audience internal,stakeholders,public --data-loss "None" --preview',
  ],
  options: {
    stage: { type: 'string', value: 'stage', help: 'The stage (required)' },
    audience: { type: 'string', value: 'list', help: 'Comma-separated audiences (required)' },
    technical: { type: 'string', value: 'text', help: 'Words for the team' },
    plain: { type: 'string', value: 'text', help: 'Plain words for stakeholders, clients, status pages' },
    outstanding: { type: 'string', value: 'text', help: 'Known outstanding issues' },
    'data-loss': { type: 'string', value: 'text', help: 'Any data loss' },
    preview: { type: 'boolean', help: 'Show what each audience would receive; send nothing' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const [ref] = input.positionals as [string];
    const stage = required(input, 'stage', 'update').toLowerCase();
    if (!stages.includes(stage)) throw usageError(`--stage must be one of ${stages.join(', ')}`, 'update');
    const chosen = required(input, 'audience', 'update')
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean);
    const unknown = chosen.find((a) => !audiences.includes(a));
    if (unknown) throw usageError(`unknown audience "${unknown}": use ${audiences.join(', ')}`, 'update');
    const technical = opt(input, 'technical');
    const plain = opt(input, 'plain');
    const draft =
      technical === undefined || plain === undefined
        ? (await ctx.api<Drafts>('GET', `${refPath(ref)}/updates`)).drafts[stage]
        : undefined;
    const body = {
      stage,
      audiences: chosen,
      technical: technical ?? draft?.technical ?? '',
      plain: plain ?? draft?.plain ?? '',
      ...(opt(input, 'outstanding') ? { outstanding: opt(input, 'outstanding') } : {}),
      ...(opt(input, 'data-loss') ? { dataLoss: opt(input, 'data-loss') } : {}),
    };
    if (input.values.preview) {
      const p = await ctx.api<Preview>('POST', `${refPath(ref)}/updates/preview`, { body });
      if (ctx.json) return ctx.printJson(p);
      for (const a of p.audiences) {
        ctx.out(`== ${a.audience}: ${a.problem ?? `to ${a.recipients.join(', ')}`}`);
        if (a.subject) ctx.out(a.subject);
        ctx.out(`${a.text}\n`);
      }
      return;
    }
    const sent = await ctx.api<{ id: string; audiences: string[] }>('POST', `${refPath(ref)}/updates`, {
      body,
    });
    if (ctx.json) return ctx.printJson(sent);
    ctx.out(`Update sent (${stage}) to ${sent.audiences.join(', ')}.`);
  },
};
