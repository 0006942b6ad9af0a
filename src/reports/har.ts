/**
 * Reading HAR files (HTTP Archive 1.2, as saved by browser devtools) that support agents attach to
 * reports: validate, redact secrets (see har-redact.ts) and summarise what went wrong (see
 * har-summary.ts), so responders see the problem without opening the file.
 *
 * The file is read as a stream: bytes are decoded (UTF-8, or UTF-16 LE/BE, with or without a byte
 * order mark), split into entries and the other members of `log` (har-split.ts), and each piece
 * is parsed, redacted and written out before the next is read. Memory stays bounded by the largest
 * single entry (`maxValueBytes`, 16 MB by default; larger is refused with 413).
 */
import { TextDecoder } from 'node:util';
import { detectEncoding } from '../uploads/sniff.ts';
import { HarError } from './har-error.ts';
import { isRecord, redactAllStrings, redactEntry, redactText, type RedactCounter } from './har-redact.ts';
import { HarSplitter, type Place } from './har-split.ts';
import { positive, SummaryBuilder, type HarSummary } from './har-summary.ts';

export { HarError } from './har-error.ts';
export {
  harRequestLineSchema,
  harSummarySchema,
  type HarRequestLine,
  type HarSummary,
} from './har-summary.ts';

/** Options of `parseHar` and `HarReader`. */
export interface ParseHarOptions {
  /** A request slower than this is listed as slow (default 3000 ms). */
  slowMs?: number;
  /** Keep only this many entries (default 20 000); the summary says `truncated`. */
  maxEntries?: number;
  /** Largest single entry or `log` member, in characters (default 16 MB); larger is a 413. */
  maxValueBytes?: number;
}

/** Result of `parseHar`: the redacted HAR (safe to store) and its summary. */
export interface ParsedHar {
  redacted: object;
  summary: HarSummary;
}

const maxDepth = 200;
/** Default cap of one entry: far above a page's requests, below what four at once can cost. */
export const defaultMaxValueBytes = 16 * 1024 * 1024;

/**
 * Reads one HAR pushed in pieces: `push` takes bytes (or text) and returns the redacted JSON
 * produced so far, `finish` returns the rest and the summary. Throws HarError only.
 */
export class HarReader {
  private readonly splitter: HarSplitter;
  private readonly summaryBuilder: SummaryBuilder;
  private readonly counter: RedactCounter = { count: 0 };
  private readonly maxEntries: number;
  private decoder: TextDecoder | null = null;
  private pending: Uint8Array | null = null;
  private out: string[] = [];
  private first = [true];
  /** The document opened a `log` object: it is a HAR, even if it turns out damaged. */
  logObject = false;
  private entriesArray = false;

  constructor(opts: ParseHarOptions = {}) {
    this.maxEntries = positive(opts.maxEntries) ?? 20_000;
    this.summaryBuilder = new SummaryBuilder(positive(opts.slowMs) ?? 3000);
    const maxValueChars = positive(opts.maxValueBytes) ?? defaultMaxValueBytes;
    this.splitter = new HarSplitter(
      {
        open: (c) => this.open(c),
        close: (c) => this.emit(c === 'entries' ? ']' : '}', true),
        value: (place, key, text) => this.value(place, key, text),
      },
      { maxValueChars, maxDepth },
    );
  }

  /** Feeds the next bytes (or text); returns redacted JSON text to write out. */
  push(chunk: Uint8Array | string): string {
    guard(() => {
      if (typeof chunk === 'string') this.splitter.write(chunk.replace(/^\uFEFF/, ''));
      else this.splitter.write(this.decode(chunk, false));
    });
    return this.drain();
  }

  /** Ends the input; returns the last redacted text and the summary. */
  finish(): { text: string; summary: HarSummary } {
    guard(() => {
      if (this.decoder || this.pending) this.splitter.write(this.decode(new Uint8Array(0), true));
      this.splitter.end();
      if (!this.logObject) throw new HarError('not a HAR file: log is missing');
      if (!this.entriesArray) throw new HarError('not a HAR file: log.entries is missing');
    });
    this.summaryBuilder.redactions = this.counter.count;
    return { text: this.drain(), summary: this.summaryBuilder.summary() };
  }

  private decode(bytes: Uint8Array, last: boolean): string {
    if (!this.decoder) {
      const head = this.pending ? Buffer.concat([this.pending, bytes]) : bytes;
      // Two bytes tell UTF-16 from UTF-8; wait for them unless the input ends first.
      if (head.length < 3 && !last) {
        this.pending = head;
        return '';
      }
      this.pending = null;
      this.decoder = new TextDecoder(detectEncoding(head), { fatal: true });
      bytes = head;
    }
    try {
      return this.decoder.decode(bytes, { stream: !last });
    } catch {
      throw new HarError('not a HAR file: it is not UTF-8 or UTF-16 text');
    }
  }

  private drain(): string {
    const text = this.out.join('');
    this.out = [];
    return text;
  }

  /** Writes a piece of output; `close` ends the current container. */
  private emit(text: string, close = false): void {
    if (close) this.first.pop();
    this.out.push(text);
  }

  /** The separator and key before a member of the current container. */
  private member(key: string | null): void {
    const top = this.first.length - 1;
    if (!this.first[top]) this.out.push(',');
    this.first[top] = false;
    if (key !== null) this.out.push(`${JSON.stringify(key)}:`);
  }

  private open(container: 'root' | 'log' | 'entries'): void {
    if (container === 'log') this.logObject = true;
    if (container === 'entries') this.entriesArray = true;
    if (container !== 'root') this.member(container);
    this.out.push(container === 'entries' ? '[' : '{');
    this.first.push(true);
  }

  private value(place: Place, key: string, text: string): void {
    if (place === 'entry' && ++this.summaryBuilder.entries > this.maxEntries) {
      this.summaryBuilder.truncated = true;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HarError('not a HAR file: it is not valid JSON');
    }
    if (place === 'doc') throw new HarError('not a HAR file: expected a JSON object with a "log"');
    if (place === 'entry' && isRecord(value)) redactEntry(value, this.counter);
    if (typeof value === 'string') value = redactText(value, this.counter);
    else redactAllStrings(value, this.counter);
    if (place === 'entry' && isRecord(value)) this.summaryBuilder.addEntry(value);
    if (place === 'log') this.summaryBuilder.addLogMember(key, value);
    this.member(place === 'entry' ? null : key);
    this.out.push(JSON.stringify(value));
  }
}

/** Runs `fn`, turning any failure that is not a HarError into one. */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof HarError) throw err;
    throw new HarError('could not read the HAR file');
  }
}

/**
 * Parses, redacts and summarises a whole HAR file held in memory. Throws HarError for anything
 * that is not a readable HAR, and never anything else, whatever the input.
 */
export function parseHar(raw: Buffer | string, opts: ParseHarOptions = {}): ParsedHar {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array))
    throw new HarError('not a HAR file: expected text');
  const reader = new HarReader(opts);
  const head = reader.push(raw);
  const { text, summary } = reader.finish();
  return { redacted: JSON.parse(head + text) as object, summary };
}
