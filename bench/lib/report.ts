/** Figures, targets and the printed summary table shared by every benchmark. */

/** How a figure is shown. */
export type Unit = 'ms' | 'MB' | 'KB' | 'req/s' | 'alerts/s' | 'count';

/** A target: the measured value must be at most (`<=`) or at least (`>=`) the limit. */
export interface Target {
  op: '<=' | '>=';
  limit: number;
}

/** One measured figure with its same-run baseline and target. */
export interface Metric {
  name: string;
  unit: Unit;
  value: number;
  baseline?: number;
  target?: Target;
  /** Extra context printed below the table (e.g. PSS, status codes). */
  note?: string;
}

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A value with its unit, rounded for reading. */
export function format(value: number, unit: Unit): string {
  if (unit === 'count') return String(Math.round(value));
  const digits = unit === 'ms' && value < 100 ? 1 : 0;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** Measured ÷ baseline, e.g. "3.4×"; '—' without a baseline. */
export function ratio(m: Metric): string {
  if (m.baseline === undefined || m.baseline === 0) return '—';
  const r = m.value / m.baseline;
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

/** True/false against the target; undefined when there is none. */
export function passes(m: Metric): boolean | undefined {
  if (!m.target) return undefined;
  return m.target.op === '<=' ? m.value <= m.target.limit : m.value >= m.target.limit;
}

function row(m: Metric): string[] {
  const verdict = passes(m);
  return [
    m.name,
    format(m.value, m.unit),
    m.baseline === undefined ? '—' : format(m.baseline, m.unit),
    ratio(m),
    m.target ? `${m.target.op === '<=' ? '≤' : '≥'} ${format(m.target.limit, m.unit)}` : '—',
    verdict === undefined ? '' : verdict ? 'PASS' : 'MISS',
  ];
}

/** Prints one figure as a line, as soon as it is measured. */
export function printMetric(m: Metric): void {
  const [name, value, baseline, r, target, verdict] = row(m);
  console.log(`  ${name}: ${value} (baseline ${baseline}, ratio ${r}; target ${target} ${verdict})`);
}

/** Prints the summary table (ratio = Expedite ÷ baseline) and the notes under it. */
export function printSummary(metrics: Metric[]): void {
  const rows = [['Benchmark', 'Expedite', 'Baseline', 'Ratio', 'Target', 'Result'], ...metrics.map(row)];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(`\n${line(rows[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
  const verdicts = metrics.map(passes).filter((v) => v !== undefined);
  console.log(
    `\n${verdicts.filter(Boolean).length}/${verdicts.length} targets met (ratio = Expedite ÷ baseline)`,
  );
  for (const m of metrics.filter((x) => x.note)) console.log(`  ${m.name}: ${m.note}`);
}
