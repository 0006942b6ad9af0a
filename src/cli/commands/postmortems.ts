/**
 * `expedite postmortem <ref> [show|create|delegate|due|invite|review|approve|publish]`: an
 * incident's post-mortem (its document, flagged sentences, owner and due date, meeting, reviewers and
 * action items). `expedite actions` (the action items agreed in post-mortems) is in postmortem-actions.ts.
 */
import type { Postmortem } from '../../postmortems/schema.ts';
import { sections, sectionTitles } from '../../postmortems/outline.ts';
import { opt, required, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';

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
  args: '<ref> [show|create|delegate <email>|due <YYYY-MM-DD>|invite|review|approve|publish]',
  summary: "An incident's post-mortem: show, start, delegate, invite to its meeting, review, publish",
  description:
    'show prints the document, the meeting, reviewers, action items and sentences that may\n' +
    'attribute blame. delegate hands it to another person (--due also moves its date); due moves\n' +
    'its date only; both go on the timeline. invite emails each participant a calendar invitation (--at, --with, --minutes).\n' +
    'review names reviewers (--reviewers); approve is for a named reviewer; publish shares it with\n' +
    '--audience team,management (default both), each emailed a link.',
  examples: [
    'expedite postmortem 12',
    'expedite postmortem 12 create',
    'expedite postmortem 12 delegate grace@example.com --due 2026-03-20',
    'expedite postmortem 12 due 2026-03-24',
    'expedite postmortem 12 invite --at 2026-03-05T14:00:00Z --with ana@example.com,bob@example.com',
    'expedite postmortem 12 review --reviewers grace@example.com',
    'expedite postmortem 12 publish --audience management',
  ],
  options: {
    due: { type: 'string', value: 'day', help: 'With delegate: the new due date (YYYY-MM-DD)' },
    at: { type: 'string', value: 'time', help: 'With invite: when the meeting starts (ISO 8601)' },
    with: { type: 'string', value: 'emails', help: 'With invite: the participants, comma-separated' },
    minutes: { type: 'string', value: 'n', help: 'With invite: how long (default 60)' },
    reviewers: { type: 'string', value: 'emails', help: 'With review: who approves, comma-separated' },
    audience: { type: 'string', value: 'list', help: 'With publish: team, management or both' },
  },
  min: 1,
  max: 3,
  async run(ctx, input) {
    const [ref, action = 'show', arg] = input.positionals as [string, string?, string?];
    const path = `${refPath(ref)}/postmortem`;
    if (arg !== undefined && action !== 'delegate' && action !== 'due')
      throw usageError(`unexpected argument "${arg}"`, 'postmortem');
    switch (action) {
      case 'show':
        return show(ctx, await ctx.api<Postmortem>('GET', path));
      case 'create':
        return show(ctx, await ctx.api<Postmortem>('POST', path, { body: {} }), 'Started the post-mortem.');
      case 'delegate': {
        if (!arg) throw usageError('missing <email> of the new owner', 'postmortem');
        const due = opt(input, 'due');
        const body = { owner: arg, ...(due ? { dueOn: due } : {}) };
        const pm = await ctx.api<Postmortem>('PATCH', path, { body });
        return show(ctx, pm, `Delegated to ${pm.owner.name}, due ${pm.dueOn}.`);
      }
      case 'due': {
        if (!arg) throw usageError('missing the new due date (YYYY-MM-DD)', 'postmortem');
        const pm = await ctx.api<Postmortem>('PATCH', path, { body: { dueOn: arg } });
        return show(ctx, pm, `Due ${pm.dueOn}.`);
      }
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
          `unknown action "${action}"; expected show, create, delegate, due, invite, review, approve or publish`,
          'postmortem',
        );
    }
  },
};

/** `expedite actions`, in a file of its own. */
export { actionsCommand } from './postmortem-actions.ts';
