// The small words every timeline text shares: values as text, numbers, times, a reason line.
import { entryTime } from './incident-model.ts';

/** One entry, described. */
export interface EntryText {
  what: string;
  lines: string[];
  text?: string;
  /** `what` is a whole sentence, shown without the actor ("Client contact Ann reached by SMS"). */
  sentence?: boolean;
}

export type Data = Record<string, unknown>;

export function str(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

export function reasonLine(d: Data): string[] {
  return text(d.reason) ? [`Reason: ${str(d.reason)}`] : [];
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** A time in the timeline's words; anything else as text. */
export function when(v: unknown): string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? entryTime(v) : str(v);
}
