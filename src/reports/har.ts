/**
 * Reading HAR files (HTTP Archive 1.2, as saved by browser devtools) that support agents attach to
 * reports: validate, redact secrets (see har-redact.ts) and summarise what went wrong — failing
 * and slow requests and page errors — so responders see the problem without opening the file.
 *
 * HAR has no standard place for console errors. We read these browser/tool extensions, all
 * optional: `log._errors` and `log.pages[i]._errors` (every item is an error), and
 * `log._consoleMessages`, `log._console`, `log.pages[i]._consoleMessages` / `_consoleLog` (items
 * whose `level`, `type` or `severity` is error/exception/assert). An item is a string or an object
 * with `message`, `text` or `description`, and optionally `timestamp`, `time`, `startedDateTime`
 * or `at` (ISO string, epoch ms or epoch seconds).
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import {
  isRecord,
  nestsDeeperThan,
  redactAllStrings,
  redactEntry,
  type RedactCounter,
} from './har-redact.ts';

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

/** Options of `parseHar`. */
export interface ParseHarOptions {
  /** A request slower than this is listed as slow (default 3000 ms). */
  slowMs?: number;
  /** Keep only this many entries (default 20 000); the summary says `truncated`. */
  maxEntries?: number;
}

/** A file that is not a HAR we can read; the message says why and can be shown to the uploader. */
export class HarError extends AppError {
  constructor(message: string) {
    super('invalid_request', message);
    this.name = 'HarError';
  }
}

/** Result of `parseHar`: the redacted HAR (safe to store) and its summary. */
export interface ParsedHar {
  redacted: object;
  summary: HarSummary;
}

const listCap = 100;
const maxDepth = 200;

/**
 * Parses, redacts and summarises a HAR file. Throws HarError for anything that is not a readable
 * HAR, and never anything else, whatever the input.
 */
export function parseHar(raw: Buffer | string, opts: ParseHarOptions = {}): ParsedHar {
  try {
    return parse(raw, opts);
  } catch (err) {
    if (err instanceof HarError) throw err;
    throw new HarError('could not read the HAR file');
  }
}

function decodeText(raw: unknown): string {
  if (typeof raw === 'string') return raw.replace(/^\uFEFF/, '');
  if (!(raw instanceof Uint8Array)) throw new HarError('not a HAR file: expected text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new HarError('not a HAR file: it is not UTF-8 text');
  }
}

function parse(raw: Buffer | string, opts: ParseHarOptions): ParsedHar {
  const text = decodeText(raw);
  if (text.trim() === '') throw new HarError('not a HAR file: it is empty');
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw new HarError('not a HAR file: it is not valid JSON');
  }
  if (!isRecord(root)) throw new HarError('not a HAR file: expected a JSON object with a "log"');
  const log = root.log;
  if (!isRecord(log)) throw new HarError('not a HAR file: log is missing');
  if (!Array.isArray(log.entries)) throw new HarError('not a HAR file: log.entries is missing');
  if (nestsDeeperThan(root, maxDepth)) throw new HarError(`HAR file is nested deeper than ${maxDepth}`);

  const total = log.entries.length;
  const maxEntries = positive(opts.maxEntries) ?? 20_000;
  let truncated = false;
  if (total > maxEntries) {
    log.entries = log.entries.slice(0, maxEntries);
    truncated = true;
  }
  const entries = (log.entries as unknown[]).filter(isRecord);
  const counter: RedactCounter = { count: 0 };
  for (const entry of entries) redactEntry(entry, counter);
  redactAllStrings(root, counter);

  const slowMs = positive(opts.slowMs) ?? 3000;
  const failing: HarRequestLine[] = [];
  const slow: HarRequestLine[] = [];
  const span = new Span();
  for (const entry of entries) {
    const line = requestLine(entry);
    const start = dateMs(entry.startedDateTime);
    span.add(start, start === null ? null : start + line.timeMs);
    if (line.status >= 400 || line.status < 100 || line.error !== null)
      truncated = push(failing, line) || truncated;
    if (line.timeMs > slowMs) truncated = push(slow, line) || truncated;
  }
  const pages = Array.isArray(log.pages) ? log.pages.filter(isRecord) : [];
  for (const page of pages) {
    const start = dateMs(page.startedDateTime);
    const onLoad = isRecord(page.pageTimings) ? num(page.pageTimings.onLoad) : null;
    span.add(start, start !== null && onLoad !== null && onLoad >= 0 ? start + onLoad : null);
  }
  const errors = pageErrors(log, pages);
  if (errors.length > listCap) truncated = true;

  const summary: HarSummary = {
    entries: total,
    pages: pages.length,
    startedAt: span.start === null ? null : iso(span.start),
    durationMs: span.start === null || span.end === null ? null : Math.round(span.end - span.start),
    failing,
    slow,
    pageErrors: errors.slice(0, listCap),
    redactions: counter.count,
    truncated,
  };
  return { redacted: root, summary };
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

function positive(v: unknown): number | null {
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

/** Page errors from the extensions listed at the top of this file, in file order. */
function pageErrors(
  log: Record<string, unknown>,
  pages: Record<string, unknown>[],
): HarSummary['pageErrors'] {
  const out: HarSummary['pageErrors'] = [];
  for (const holder of [log, ...pages]) {
    for (const key of ['_errors', '_consoleMessages', '_console', '_consoleLog']) {
      const list = holder[key];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const error = pageError(item, key === '_errors');
        if (error) out.push(error);
      }
    }
  }
  // Earliest first; errors without a time keep their file order after the timed ones.
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
