/** `expedite insights`: the figures of a period (MTTA, MTTR, SLA, pages, follow-ups), as text, CSV or JSON. */
import { insightsCsv } from '../../insights/csv.ts';
import type { Insights, Stat } from '../../insights/schema.ts';
import { opt, type CommandSpec } from '../args.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';

const DAY = 86_400_000;

/**
 * A date option as the API's instant: a day (YYYY-MM-DD, UTC) starts at its midnight, or the day
 * after it for --to, which includes its day; a full timestamp is passed as it is.
 */
export function instant(value: string | undefined, name: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const t = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(t)) throw usageError(`--${name}: "${value}" is not a date`, 'insights');
    return new Date(name === 'to' ? t + DAY : t).toISOString();
  }
  return value;
}

const min = (m: number | null) =>
  m === null ? '-' : m < 60 ? `${Math.round(m)} min` : `${Math.round((m / 60) * 10) / 10} h`;
const stat = (s: Stat) => `${min(s.median)} (p90 ${min(s.p90)}, n=${s.count})`;

function print(ctx: Context, x: Insights) {
  const t = x.total;
  const lines: [string, string][] = [
    ['Period', `${x.from} – ${x.to}`],
    ['Incidents', `${t.incidents} (${t.resolved} resolved)`],
    ['Time to acknowledge', stat(t.mtta)],
    ['Time to resolve', stat(t.mttr)],
    ['Time to verify', stat(t.verification)],
    ['Pages', `${x.pages.total} (${x.pages.outOfHours} out of hours)`],
    ['Deviations', String(x.deviations.count)],
    ['Tech debt open', `${x.techDebt.open} (${x.techDebt.overdue} overdue)`],
    ['Actions open', `${x.actions.open} (${x.actions.overdue} overdue)`],
    ['Hours logged', String(x.hours.total)],
  ];
  if (!ctx.tty) ctx.out(...tsv(lines));
  else ctx.out(...lines.map(([k, v]) => `${ctx.style('bold', `${k}:`.padEnd(21))} ${v}`));
  if (!x.groupBy) return;
  const rows = x.groups.map((g) => [
    g.label,
    String(g.incidents),
    min(g.mtta.median),
    min(g.mttr.median),
    String(g.hours),
  ]);
  ctx.out('');
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const head = [x.groupBy.toUpperCase(), 'INCIDENTS', 'MTTA (MEDIAN)', 'MTTR (MEDIAN)', 'HOURS'];
  ctx.out(
    ...table(
      head.map((header) => ({ header })),
      rows,
      ctx.style,
      ctx.width,
    ),
  );
}

/** `expedite insights [--from] [--to] [--bucket] [--group-by] [filters] [--csv]`. */
export const insightsCommand: CommandSpec = {
  name: 'insights',
  args: '',
  summary: 'MTTA, MTTR, SLA, pages and follow-ups of a period',
  description:
    'For the incidents declared in the period (default: the last 30 days). Dates are UTC days;\n' +
    '--to includes its day. --csv prints the figures table (period, each step, each group) as CSV.',
  examples: [
    'expedite insights --from 2026-11-01 --to 2026-11-30',
    'expedite insights --from 2026-01-01 --group-by service --bucket month',
    'expedite insights --group-by team --csv > insights.csv',
  ],
  options: {
    from: { type: 'string', value: 'date', help: 'First day (YYYY-MM-DD) or an ISO timestamp' },
    to: { type: 'string', value: 'date', help: 'Last day, included (YYYY-MM-DD) or an ISO timestamp' },
    bucket: { type: 'string', value: 'day|week|month', help: 'Step of the figures over time (default week)' },
    'group-by': {
      type: 'string',
      value: 'what',
      help: 'team, service, client, scope, criticality, area or urgency',
    },
    team: { type: 'string', value: 'id', help: "Only incidents of this team's services" },
    service: { type: 'string', value: 'id', help: 'Only incidents of this service' },
    client: { type: 'string', value: 'id', help: 'Only incidents of this client' },
    urgency: { type: 'string', value: 'P1-P4', help: 'Only incidents of this urgency' },
    csv: { type: 'boolean', help: 'Print CSV' },
  },
  min: 0,
  max: 0,
  async run(ctx, input) {
    const x = await ctx.api<Insights>('GET', '/insights', {
      query: {
        from: instant(opt(input, 'from'), 'from'),
        to: instant(opt(input, 'to'), 'to'),
        bucket: opt(input, 'bucket'),
        groupBy: opt(input, 'group-by'),
        team: opt(input, 'team'),
        service: opt(input, 'service'),
        client: opt(input, 'client'),
        urgency: opt(input, 'urgency'),
      },
    });
    if (ctx.json) return ctx.printJson(x);
    if (input.values.csv) return void process.stdout.write(insightsCsv(x));
    print(ctx, x);
  },
};
