/**
 * The summary of a HAR file responders read instead of the file: counts, time span, failing and
 * slow requests, page errors. Built one entry at a time while the file is read (see har.ts).
 *
 * HAR has no standard place for console errors. We read these browser/tool extensions, all
 * optional: `log._errors` and `log.pages[i]._errors` (every item is an error), and
 * `log._consoleMessages`, `log._console`, `log.pages[i]._consoleMessages` / `_consoleLog` (items
 * whose `level`, `type` or `severity` is error/exception/assert). An item is a string or an object
 * with `message`, `text` or `description`, and optionally `timestamp`, `time`, `startedDateTime`
 * or `at` (ISO string, epoch ms or epoch seconds).
 */
import { z } from 'zod';
import { isRecord } from './har-redact.ts';

/** One request in a summary list; `url` is already redacted. */
export const harRequestLineSchema = z
  .object({
    method: z.string(),
    url: z.string().describe('Redacted; cut to 2048 characters'),
    status: z.number().int().describe('0 when the request never got a response'),
    statusText: z.string(),
    error: z.string().nullable().describe('Browser network error, e.g. net::ERR_CONNECTION_REFUSED'),
    timeMs: z.number().int(),
    startedAt: z.iso.datetime().nullable(),
    resourceType: z.string().nullable().describe('Chrome resource type: document, xhr, fetch, script, …'),
  })
  .meta({ id: 'HarRequestLine' });

/** What the API shows about a HAR file: counts, time span, what failed, what was slow, page errors. */
export const harSummarySchema = z
  .object({
    entries: z.number().int().describe('Requests in the file'),
    pages: z.number().int(),
    startedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    failing: z.array(harRequestLineSchema).describe('Status >= 400 or a network error'),
    slow: z.array(harRequestLineSchema).describe('Requests slower than the slow threshold'),
    pageErrors: z.array(z.object({ message: z.string(), at: z.iso.datetime().nullable() })),
    redactions: z.number().int().describe('Values redacted before the file was stored'),
    truncated: z.boolean().describe('Some lists or entries were cut'),
  })
  .meta({ id: 'HarSummary' });

export type HarRequestLine = z.infer<typeof harRequestLineSchema>;
export type HarSummary = z.infer<typeof harSummarySchema>;

const listCap = 100;
const errorKeys = ['_errors', '_consoleMessages', '_console', '_consoleLog'];

/** Collects the summary from entries and `log` members as they are read, in any order. */
export class SummaryBuilder {
  entries = 0;
  truncated = false;
  redactions = 0;
  private readonly slowMs: number;
  private readonly failing: HarRequestLine[] = [];
  private readonly slow: HarRequestLine[] = [];
  private readonly span = new Span();
  private pages = 0;
  // Page errors by where they come from, so they keep the order log first, then each page.
  private readonly logErrors = new Map<string, HarSummary['pageErrors']>();
  private readonly pageErrors: HarSummary['pageErrors'] = [];

  constructor(slowMs: number) {
    this.slowMs = slowMs;
  }

  /** A redacted entry. */
  addEntry(entry: Record<string, unknown>): void {
    const line = requestLine(entry);
    const start = dateMs(entry.startedDateTime);
    this.span.add(start, start === null ? null : start + line.timeMs);
    if (line.status >= 400 || line.status < 100 || line.error !== null)
      this.truncated = push(this.failing, line) || this.truncated;
    if (line.timeMs > this.slowMs) this.truncated = push(this.slow, line) || this.truncated;
  }

  /** A redacted member of `log` other than entries. */
  addLogMember(key: string, value: unknown): void {
    if (errorKeys.includes(key)) this.logErrors.set(key, errorsOf(value, key === '_errors'));
    if (key !== 'pages') return;
    const pages = Array.isArray(value) ? value.filter(isRecord) : [];
    this.pages = pages.length;
    this.pageErrors.length = 0;
    for (const page of pages) {
      const start = dateMs(page.startedDateTime);
      const onLoad = isRecord(page.pageTimings) ? num(page.pageTimings.onLoad) : null;
      this.span.add(start, start !== null && onLoad !== null && onLoad >= 0 ? start + onLoad : null);
      for (const k of errorKeys) this.pageErrors.push(...errorsOf(page[k], k === '_errors'));
    }
  }

  summary(): HarSummary {
    const logErrors = errorKeys.flatMap((k) => this.logErrors.get(k) ?? []);
    const errors = sortErrors([...logErrors, ...this.pageErrors]);
    const { start, end } = this.span;
    return {
      entries: this.entries,
      pages: this.pages,
      startedAt: start === null ? null : iso(start),
      durationMs: start === null || end === null ? null : Math.round(end - start),
      failing: this.failing,
      slow: this.slow,
      pageErrors: errors.slice(0, listCap),
      redactions: this.redactions,
      truncated: this.truncated || errors.length > listCap,
    };
  }
}

/** Appends unless the list is full; returns true when the line did not fit. */
function push(list: HarRequestLine[], line: HarRequestLine): boolean {
  if (list.length >= listCap) return true;
  list.push(line);
  return false;
}

class Span {
  start: number | null = null;
  end: number | null = null;
  add(start: number | null, end: number | null): void {
    if (start !== null && (this.start === null || start < this.start)) this.start = start;
    if (end !== null && (this.end === null || end > this.end)) this.end = end;
  }
}

export function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}

// Dates are kept only between 1970 and 9999 so they print as plain ISO 8601.
const maxDate = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function dateMs(v: unknown): number | null {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return ms >= 0 && ms <= maxDate ? ms : null;
}

function iso(ms: number): string | null {
  return ms >= 0 && ms <= maxDate ? new Date(ms).toISOString() : null;
}

/** Total time of an entry: `time`, else the sum of its non-negative timings. */
function entryTime(entry: Record<string, unknown>): number {
  const time = num(entry.time);
  if (time !== null) return Math.max(0, time);
  if (!isRecord(entry.timings)) return 0;
  return Object.values(entry.timings).reduce<number>((sum, t) => sum + Math.max(0, num(t) ?? 0), 0);
}

function requestLine(entry: Record<string, unknown>): HarRequestLine {
  const req = isRecord(entry.request) ? entry.request : {};
  const res = isRecord(entry.response) ? entry.response : {};
  const status = num(res.status);
  const start = dateMs(entry.startedDateTime);
  return {
    method: str(req.method, 20) ?? '',
    url: str(req.url, 2048) ?? '',
    status: status === null ? 0 : Math.trunc(Math.min(Math.max(status, -1), 999)),
    statusText: str(res.statusText, 200) ?? '',
    error: str(res._error, 500) || null,
    timeMs: Math.round(Math.min(entryTime(entry), 1e12)),
    startedAt: start === null ? null : iso(start),
    resourceType: str(entry._resourceType, 50) || null,
  };
}

const errorLevels = new Set(['error', 'exception', 'assert']);

/** Page errors in one list of the extensions listed at the top of this file, in file order. */
function errorsOf(list: unknown, always: boolean): HarSummary['pageErrors'] {
  if (!Array.isArray(list)) return [];
  const out: HarSummary['pageErrors'] = [];
  for (const item of list) {
    const error = pageError(item, always);
    if (error) out.push(error);
  }
  return out;
}

/** Earliest first; errors without a time keep their file order after the timed ones. */
function sortErrors(out: HarSummary['pageErrors']): HarSummary['pageErrors'] {
  return out.sort((a, b) =>
    a.at === null ? (b.at === null ? 0 : 1) : b.at === null ? -1 : a.at.localeCompare(b.at),
  );
}

function pageError(item: unknown, always: boolean): HarSummary['pageErrors'][number] | null {
  if (typeof item === 'string') return always && item.trim() ? { message: str(item, 2000)!, at: null } : null;
  if (!isRecord(item)) return null;
  const level = [item.level, item.type, item.severity].find((l) => typeof l === 'string');
  if (!always && !(typeof level === 'string' && errorLevels.has(level.toLowerCase()))) return null;
  const message = [item.message, item.text, item.description].find((m) => typeof m === 'string');
  if (typeof message !== 'string' || !message.trim()) return null;
  const when = [item.timestamp, item.time, item.startedDateTime, item.at].find((t) => t != null);
  return { message: str(message, 2000)!, at: when === undefined ? null : timeOf(when) };
}

function timeOf(v: unknown): string | null {
  if (typeof v === 'string') {
    const ms = dateMs(v);
    return ms === null ? null : iso(ms);
  }
  const n = num(v);
  if (n === null) return null;
  return n >= 1e11 ? iso(n) : n >= 1e8 ? iso(n * 1000) : null;
}
