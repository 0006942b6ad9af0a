/**
 * The resolution report from the command line: `expedite report <ref>` shows one version (technical
 * by default, `--version plain`) with where it stands and any jargon in the plain words;
 * `--markdown` prints the Markdown alone (to save or pipe); `--share team,stakeholders` shares it
 * through the update paths (technical to the team, plain to the others).
 */
import { opt, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import { usageError } from '../errors.ts';
import { when } from '../format.ts';

interface Report {
  technical: string;
  plain: string;
  saved: boolean;
  editedBy: { name: string } | null;
  updatedAt: string | null;
  sharedAt: string | null;
  resolved: boolean;
  warnings: { kind: string; text: string; message: string }[];
}

const versions = ['technical', 'plain'] as const;
const audiences = ['team', 'stakeholders', 'clients', 'public'];

/** Where the report stands, in a line. */
function stateLine(r: Report): string {
  const saved =
    r.saved && r.updatedAt
      ? `edited${r.editedBy ? ` by ${r.editedBy.name}` : ''} ${when(r.updatedAt)}`
      : 'generated from the incident (not saved)';
  const shared = r.sharedAt ? `shared ${when(r.sharedAt)}` : r.resolved ? 'not shared' : 'not resolved yet';
  return `Resolution report: ${saved}; ${shared}.`;
}

export const reportCommand: CommandSpec = {
  name: 'report',
  args: '<ref>',
  summary: "Show an incident's resolution report, or --share it",
  description:
    'Versions: technical (for the team) and plain (for stakeholders and clients). --markdown prints the\n' +
    'Markdown alone. --share takes a comma-separated list of team, stakeholders, clients, public: the\n' +
    'technical version goes to the team, the plain one to the others. Edit the report in the web app.',
  examples: [
    'expedite report 12',
    'expedite report 12 --version plain --markdown > report.md',
    'expedite report 12 --share team,stakeholders',
  ],
  options: {
    version: { type: 'string', value: 'version', help: 'technical (default) or plain' },
    markdown: { type: 'boolean', help: 'Print only the Markdown of the version' },
    share: { type: 'string', value: 'audiences', help: 'Share with team, stakeholders, clients, public' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const [ref] = input.positionals as [string];
    const version = (opt(input, 'version') ?? 'technical').toLowerCase();
    if (!versions.includes(version as (typeof versions)[number]))
      throw usageError('--version must be technical or plain', 'report');
    const path = `${refPath(ref)}/resolution-report`;
    const share = opt(input, 'share');
    if (share !== undefined) {
      const chosen = share
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      const unknown = chosen.find((a) => !audiences.includes(a));
      if (!chosen.length || unknown !== undefined)
        throw usageError(`--share takes ${audiences.join(', ')} (comma-separated)`, 'report');
      const shared = await ctx.api<Report>('POST', `${path}/share`, { body: { audiences: chosen } });
      if (ctx.json) return ctx.printJson(shared);
      ctx.out(`Shared with ${chosen.join(', ')}.`);
      return;
    }
    const r = await ctx.api<Report>('GET', path);
    if (ctx.json) return ctx.printJson(r);
    const text = r[version as (typeof versions)[number]];
    if (input.values.markdown) {
      ctx.out(text.trimEnd());
      return;
    }
    ctx.out(stateLine(r), '');
    ctx.out(text.trimEnd());
    if (r.warnings.length) {
      ctx.note('');
      ctx.note('Jargon in the plain version:');
      for (const w of r.warnings) ctx.note(`  "${w.text}": ${w.message}`);
    }
  },
};
