/**
 * `expedite knowledge <words>` and `expedite knowledge --like <ref>`: have we seen this before?
 * Past (resolved, closed) incidents matching the words, or like an incident, each with what fixed it.
 */
import type { PastIncident } from '../../knowledge/schema.ts';
import type { CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import { usageError } from '../errors.ts';
import { tsv, when } from '../format.ts';

export const knowledgeCommand: CommandSpec = {
  name: 'knowledge',
  args: '[words…]',
  summary: 'Search past incidents and what fixed them; --like 12 for those like an incident',
  description:
    'Searches resolved and closed incidents: their words and resolution summary, their notes, their\n' +
    'resolution reports and published post-mortems ("a phrase", -word). --like shows past incidents\n' +
    'like an incident (by its title, description and service). Piped: tab-separated lines (number,\n' +
    'status, resolved at, title, fix).',
  examples: ['expedite knowledge "connection pool exhausted"', 'expedite knowledge --like 12'],
  options: {
    like: { type: 'string', value: 'ref', help: 'Past incidents like this incident' },
    limit: { type: 'string', value: 'n', help: 'At most this many (default 10)' },
  },
  min: 0,
  max: 50,
  async run(ctx, input) {
    const words = input.positionals.join(' ').trim();
    const like = input.values.like as string | undefined;
    if (!words === !like) throw usageError('give either words to search or --like <ref>', 'knowledge');
    const limit = (input.values.limit as string | undefined) ?? '10';
    const { items } = like
      ? await ctx.api<{ items: PastIncident[] }>('GET', `${refPath(like)}/seen-before`)
      : await ctx.api<{ items: PastIncident[] }>('GET', '/knowledge', { query: { q: words, limit } });
    if (ctx.json) return ctx.printJson({ items });
    if (!items.length)
      return ctx.note(like ? 'Nothing like it was seen before.' : 'No past incident matches.');
    if (!ctx.tty)
      return ctx.out(
        ...tsv(
          items.map((p) => [
            String(p.incident.number),
            p.incident.status,
            p.incident.resolvedAt ?? '-',
            p.incident.title,
            p.fix ?? '-',
          ]),
        ),
      );
    for (const p of items) {
      const i = p.incident;
      const resolved = i.resolvedAt ? `, resolved ${when(i.resolvedAt)}` : '';
      ctx.out(`${ctx.style('bold', `#${i.number} ${i.title}`)} (${i.status}${resolved})`);
      ctx.out(`  fixed by: ${p.fix ?? 'no resolution summary was written'}`);
      if (p.postmortem) ctx.out(`  post-mortem: ${p.postmortem.status}`);
      if (p.snippet) ctx.out(`  ${p.snippet.replaceAll('«', '').replaceAll('»', '')}`);
    }
  },
};
