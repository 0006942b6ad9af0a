/** `expedite show <ref>`: an incident with its classification, team, timeline, tasks and time. */
import { labels } from '../../classification/codes.ts';
import type { Incident, TimelineEntry } from '../../incidents/schema.ts';
import type { Task, TimeEntry } from '../../incidents/work-schema.ts';
import type { CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { hours, when } from '../format.ts';
import { describeEntry, headline, verdict } from '../present.ts';

const PAGE = 1000;

/** Every timeline entry, following `after` while pages come back full. */
async function timeline(ctx: Context, ref: string): Promise<TimelineEntry[]> {
  const all: TimelineEntry[] = [];
  for (;;) {
    const after = all.at(-1)?.id;
    const page = await ctx.api<{ items: TimelineEntry[] }>('GET', `${refPath(ref)}/timeline`, {
      query: { after, limit: PAGE },
    });
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
  }
}

function coded<K extends 'scope' | 'criticality' | 'area'>(
  kind: K,
  value: keyof (typeof labels)[K] | null,
): string {
  if (value === null) return 'unknown';
  return `${String(value)} (${(labels[kind] as Record<string, string>)[value as string]})`;
}

/** `expedite show <ref>`. */
export const showCommand: CommandSpec = {
  name: 'show',
  args: '<ref>',
  summary: 'Show an incident, its timeline, tasks and time spent',
  description: 'ref is the incident number (12 or #12) or its id.',
  examples: ['expedite show 12', 'expedite show 12 --json | jq .timeline'],
  min: 1,
  max: 1,
  async run(ctx, input) {
    const ref = input.positionals[0]!;
    const incident = await ctx.api<Incident>('GET', refPath(ref));
    const id = incident.id;
    const [entries, tasks, time] = await Promise.all([
      timeline(ctx, id),
      ctx.api<{ items: Task[] }>('GET', `${refPath(id)}/tasks`),
      ctx.api<{ items: TimeEntry[]; totalHours: number }>('GET', `${refPath(id)}/time`),
    ]);
    if (ctx.json) return ctx.printJson({ incident, timeline: entries, tasks: tasks.items, time });

    const { style } = ctx;
    const i = incident;
    const label = (l: string) => style('bold', `${l}:`.padEnd(13));
    const level = (v: string | null) => v ?? 'unknown';
    const lines = [headline(i, style), verdict(i, style), ''];
    lines.push(`${label('Owner')}${i.owner ? `${i.owner.name} <${i.owner.email}>` : 'nobody yet'}`);
    if (i.roles.length)
      lines.push(`${label('Team')}${i.roles.map((r) => `${r.person.name} (${r.role})`).join(', ')}`);
    lines.push(
      `${label('Scope')}${coded('scope', i.scope)}`,
      `${label('Criticality')}${coded('criticality', i.criticality)}`,
      `${label('Area')}${coded('area', i.area)}`,
      `${label('Impact')}conversion ${level(i.impact.conversion)}, experience ${level(i.impact.experience)}, revenue ${level(i.impact.revenue)}`,
      `${label('Declared')}${when(i.createdAt)}`,
    );
    if (i.resolvedAt) lines.push(`${label('Resolved')}${when(i.resolvedAt)}`);
    if (i.description) lines.push('', ...i.description.split('\n').map((l) => `  ${l}`));
    if (i.resolutionSummary) lines.push('', style('bold', 'Resolution'), `  ${i.resolutionSummary}`);

    lines.push('', style('bold', `Timeline (${entries.length})`));
    const kindWidth = Math.max(0, ...entries.map((e) => e.kind.length));
    for (const e of entries) {
      const who = e.actor?.name ?? 'Expedite';
      lines.push(`  ${when(e.at)}  ${style('cyan', e.kind.padEnd(kindWidth))}  ${who}: ${describeEntry(e)}`);
    }

    const open = tasks.items.filter((t) => !t.done).length;
    lines.push('', style('bold', `Tasks (${open} open of ${tasks.items.length})`));
    for (const t of tasks.items) {
      const who = t.assignee ? ` (${t.assignee.name})` : '';
      lines.push(`  [${t.done ? 'x' : ' '}] ${style('dim', t.id.slice(0, 8))}  ${t.text}${who}`);
    }

    lines.push('', style('bold', `Time spent: ${hours(time.totalHours)}`));
    for (const e of time.items)
      lines.push(`  ${hours(e.hours).padStart(8)}  ${e.person.name}: ${e.description}`);
    ctx.out(...lines);
  },
};
