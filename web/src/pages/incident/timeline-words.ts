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

/** The hand-off entries: an incident or an action item in the team's tracker, and its ticket's state. */
export function handoffNews(kind: string, d: Data): EntryText | undefined {
  const ticket = `${str(d.tracker)} ${str(d.ref)}`;
  const link = text(d.url) ? [`Ticket: ${str(d.url)}`] : [];
  if (kind === 'handed-off')
    return d.actionId
      ? { what: `Action item handed to ${ticket}`, lines: link, sentence: true }
      : { what: `Handed to the tracker: ${ticket}`, lines: link, sentence: true };
  if (kind === 'ticket-state-changed')
    return {
      what:
        d.state === 'closed' ? `Ticket ${ticket} was closed in the tracker` : `Ticket ${ticket} was reopened`,
      lines: link,
      sentence: true,
    };
  return undefined;
}
