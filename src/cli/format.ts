/**
 * Output for people and for pipes: aligned tables and colour on a terminal, tab-separated lines
 * (no header, no colour) when stdout is a pipe, plus short ages and timestamps.
 */
import { styleText } from 'node:util';

/** A style name or list accepted by node:util styleText, e.g. 'bold' or ['red', 'bold']. */
export type Style = Parameters<typeof styleText>[0];

/** Applies a style, or returns the text unchanged when colour is off. */
export type Styler = (style: Style, text: string) => string;

/** A styler that colours only when `enabled` (stdout is a terminal and NO_COLOR is unset). */
export function makeStyler(enabled: boolean): Styler {
  return (style, text) => (enabled && text ? styleText(style, text, { validateStream: false }) : text);
}

/** The style for an urgency: P1 stands out most. */
export function urgencyStyle(urgency: string | null): Style {
  if (urgency === 'P1') return ['red', 'bold'];
  if (urgency === 'P2') return 'red';
  if (urgency === 'P3') return 'yellow';
  return 'dim';
}

/** The style for a status: open work in colour, finished work dimmed. */
export function statusStyle(status: string): Style {
  if (status === 'triage') return 'magenta';
  if (status === 'investigating' || status === 'fixing') return 'cyan';
  if (status === 'monitoring') return 'blue';
  if (status === 'resolved') return 'green';
  return 'dim';
}

function clean(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

/** Rows as tab-separated lines, for `cut` and `awk`. */
export function tsv(rows: string[][]): string[] {
  return rows.map((row) => row.map(clean).join('\t'));
}

/** A column of a table: its header and an optional style per value. */
export interface Column {
  header: string;
  style?: (value: string) => Style | undefined;
}

/**
 * Rows aligned under bold headers; the last column is cut to `width` (the terminal's) so that
 * each row stays on one line.
 */
export function table(columns: Column[], rows: string[][], style: Styler, width = 0): string[] {
  const cells = rows.map((row) => row.map(clean));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const last = columns.length - 1;
  if (width > 0) {
    const before = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
    widths[last] = Math.max(10, Math.min(widths[last]!, width - before));
  }
  const fit = (text: string, i: number) => {
    const w = widths[i]!;
    const cut = text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text;
    return i === last ? cut : cut.padEnd(w);
  };
  const header = columns.map((c, i) => fit(c.header, i)).join('  ');
  const lines = [style('bold', header.trimEnd())];
  for (const row of cells) {
    const parts = columns.map((c, i) => {
      const value = row[i] ?? '';
      const s = c.style?.(value);
      const text = fit(value, i);
      return s ? style(s, text) : text;
    });
    lines.push(parts.join('  ').trimEnd());
  }
  return lines;
}

/** How long ago, shortly: 45s, 12m, 3h, 5d, 8w. */
export function age(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  if (seconds < 86_400 * 14) return `${Math.floor(seconds / 86_400)}d`;
  return `${Math.floor(seconds / (86_400 * 7))}w`;
}

/** A timestamp in local time, to the minute: 2026-03-01 09:05. */
export function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Hours as people write them: 1.5 h. */
export function hours(n: number): string {
  return `${Math.round(n * 100) / 100} h`;
}
