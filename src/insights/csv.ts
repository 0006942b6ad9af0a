/**
 * The insights' figures as one CSV table (RFC 4180): a line for the whole period, one per step of
 * time and one per group, each with the same columns, minutes rounded to one decimal.
 */
import type { Figures, Insights, Stat } from './schema.ts';

const statColumns = (name: string) => ['count', 'mean', 'median', 'p90'].map((c) => `${name}_${c}_minutes`);

/** The header of the CSV. */
export const csvHeader = [
  'row',
  'key',
  'label',
  'incidents',
  'resolved',
  ...statColumns('mtta'),
  ...statColumns('mttr'),
  ...statColumns('verification'),
  'hours',
  'deviations',
].map((h) => h.replace('_count_minutes', '_count'));

/** A field quoted when it must be, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const stat = (s: Stat) => [s.count, round(s.mean), round(s.median), round(s.p90)];
const line = (kind: string, key: string | null, label: string, f: Figures) =>
  [
    kind,
    key,
    label,
    f.incidents,
    f.resolved,
    ...stat(f.mtta),
    ...stat(f.mttr),
    ...stat(f.verification),
    round(f.hours),
    f.deviations,
  ]
    .map(csvField)
    .join(',');

/** The CSV text of the insights, lines ending in CRLF. */
export function insightsCsv(x: Insights): string {
  const lines = [
    csvHeader.join(','),
    line('total', null, `${x.from} – ${x.to}`, x.total),
    ...x.overTime.map((t) => line(x.bucket, t.start, t.start.slice(0, 10), t)),
    ...x.groups.map((g) => line(x.groupBy ?? 'group', g.key, g.label, g)),
  ];
  return lines.join('\r\n') + '\r\n';
}
