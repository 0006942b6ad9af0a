/**
 * The conclusion from the command line: `expedite link <ref> <url>` attaches a pull request, ticket
 * or document; `expedite conclusion <ref>` shows the three parts (sent or not, recipients) and
 * `--send team|reporter|status-page` sends one with its prefilled text (or `--text`), `--preview`
 * showing it without sending.
 */
import { opt, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import { usageError } from '../errors.ts';
import { when } from '../format.ts';

const kinds: Record<string, string> = { pr: 'pull-request', ticket: 'ticket', doc: 'document' };

/** The parts as the command names them, and as the API does. */
const parts: Record<string, { part: string; label: string }> = {
  team: { part: 'team-summary', label: 'Summary to the team' },
  reporter: { part: 'origin-notice', label: 'Notice to the reporter' },
  'status-page': { part: 'status-resolved', label: 'Resolved on the status pages' },
};

interface Conclusion {
  resolved: boolean;
  links: { kind: string; title: string; url: string }[];
  parts: {
    part: string;
    recipients: string[];
    subject: string | null;
    text: string;
    problem: string | null;
    sentAt: string | null;
    sentBy: string | null;
  }[];
}
type Part = Conclusion['parts'][number];

export const linkCommand: CommandSpec = {
  name: 'link',
  args: '<ref> <url>',
  summary: 'Attach a pull request, ticket or document to an incident',
  description: 'Kinds: pr, ticket, doc (else other). The title is the address unless --title gives one.',
  examples: ['expedite link 12 https://git.example.com/shop/pull/7 --title "Fix export" --kind pr'],
  options: {
    title: { type: 'string', value: 'text', help: 'What the link is' },
    kind: { type: 'string', value: 'kind', help: 'pr, ticket or doc' },
  },
  min: 2,
  max: 2,
  async run(ctx, input) {
    const [ref, url] = input.positionals as [string, string];
    const kindName = opt(input, 'kind')?.toLowerCase();
    if (kindName !== undefined && !kinds[kindName])
      throw usageError('--kind must be one of pr, ticket, doc', 'link');
    const body = {
      url,
      title: opt(input, 'title') ?? url.slice(0, 300),
      kind: kindName ? kinds[kindName] : 'other',
    };
    const link = await ctx.api<{ kind: string; title: string }>('POST', `${refPath(ref)}/links`, { body });
    if (ctx.json) return ctx.printJson(link);
    ctx.out(`Link added (${link.kind}): ${link.title}`);
  },
};

/** One part in a line: its name, sent or not, and to whom (or why it cannot go). */
function partLine(name: string, p: Part): string {
  const to = p.recipients.join(', ');
  const state = p.sentAt
    ? `sent ${when(p.sentAt)}${p.sentBy ? ` by ${p.sentBy}` : ''} to ${to}`
    : p.problem
      ? `not sent: ${p.problem}`
      : `not sent; goes to ${to}`;
  return `${name}: ${parts[name]!.label}, ${state}`;
}

export const conclusionCommand: CommandSpec = {
  name: 'conclusion',
  args: '<ref>',
  summary: "Show a resolved incident's conclusion, or --send one part of it",
  description:
    'Parts: team (summary email to the team, with the links), reporter (notice to whoever reported it),\n' +
    'status-page (the resolved update on the status pages). Each is sent once, with its prefilled text\n' +
    'unless --text gives another; --preview shows it and sends nothing.',
  examples: [
    'expedite conclusion 12',
    'expedite conclusion 12 --send team --preview',
    'expedite conclusion 12 --send reporter --text "Exports work again; thank you for telling us."',
  ],
  options: {
    send: { type: 'string', value: 'part', help: 'team, reporter or status-page' },
    text: { type: 'string', value: 'text', help: 'The words to send instead of the prefilled ones' },
    preview: { type: 'boolean', help: 'With --send: show what would go; send nothing' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const [ref] = input.positionals as [string];
    const name = opt(input, 'send')?.toLowerCase();
    if (name !== undefined && !parts[name])
      throw usageError('--send must be one of team, reporter, status-page', 'conclusion');
    if (name === undefined && (input.values.preview || opt(input, 'text') !== undefined))
      throw usageError('--preview and --text go with --send', 'conclusion');
    const path = `${refPath(ref)}/conclusion`;
    const c = await ctx.api<Conclusion>('GET', path);
    const nameOf = (p: Part) => Object.keys(parts).find((k) => parts[k]!.part === p.part)!;
    if (name === undefined) {
      if (ctx.json) return ctx.printJson(c);
      ctx.out(
        c.resolved ? 'Resolved: the conclusion can be sent.' : 'Not resolved yet: nothing can be sent.',
      );
      for (const p of c.parts) ctx.out(partLine(nameOf(p), p));
      ctx.out(c.links.length ? 'Links:' : 'No links.');
      for (const l of c.links) ctx.out(`  ${l.kind}  ${l.title}  ${l.url}`);
      return;
    }
    const part = c.parts.find((p) => p.part === parts[name]!.part)!;
    const text = opt(input, 'text') ?? part.text;
    if (input.values.preview) {
      if (ctx.json) return ctx.printJson({ ...part, text });
      ctx.out(partLine(name, part));
      if (part.subject) ctx.out(part.subject);
      ctx.out(text);
      return;
    }
    const after = await ctx.api<Conclusion>('POST', `${path}/${part.part}`, { body: { text } });
    if (ctx.json) return ctx.printJson(after);
    const sent = after.parts.find((p) => p.part === part.part)!;
    ctx.out(`Sent: ${parts[name]!.label.toLowerCase()} to ${sent.recipients.join(', ')}.`);
  },
};
