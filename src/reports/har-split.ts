/**
 * Splits a HAR's JSON text, fed in pieces, into the values a reader handles one at a time: each
 * member of the root object, each member of `log`, and each element of `log.entries`. Only one
 * such value is held at once, so reading a 45 MB HAR needs memory for its largest entry, not for
 * the whole file. The structure around those values (braces, keys, commas) is checked here; the
 * values themselves are checked by `JSON.parse` in the handler.
 */
import { HarError } from './har-error.ts';

/** Where a value or container sits: the whole document, the root, `log`, `log.entries`. */
export type Place = 'doc' | 'root' | 'log' | 'entry';

/** Receives the pieces of the document in order. */
export interface SplitHandler {
  open(container: 'root' | 'log' | 'entries'): void;
  close(container: 'root' | 'log' | 'entries'): void;
  /** A complete value as JSON text; `key` is its member name ('' for entries and the document). */
  value(place: Place, key: string, text: string): void;
}

/** Limits of the split. */
export interface SplitLimits {
  /** Largest single value in characters (an entry, `log.pages`, …); larger is refused with 413. */
  maxValueChars: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
}

type Mode = 'start' | 'keyOrClose' | 'keyStart' | 'key' | 'colon' | 'value' | 'after' | 'done';
type Frame = 'root' | 'log' | 'entries';

const invalid = () => new HarError('not a HAR file: it is not valid JSON');
const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 13 || ch === 9;
const scalarStart = /[-0-9tfn]/;
const stringStop = /["\\]/g;
// Inside an object or array, only quotes and brackets matter to find where it ends.
const structural = /["{}[\]]/g;

interface Capture {
  place: Place;
  key: string;
  parts: string[];
  size: number;
  depth: number;
  inString: boolean;
  escape: boolean;
  scalar: boolean;
}

export class HarSplitter {
  private mode: Mode = 'start';
  private readonly frames: Frame[] = [];
  private key = '';
  private keyParts: string[] = [];
  private keyEscape = false;
  private cap: Capture | null = null;
  private seenLog = false;
  private seenEntries = false;
  private started = false;
  /** In log.entries, a comma was just read: a `]` now would be a trailing comma. */
  private afterComma = false;
  private readonly handler: SplitHandler;
  private readonly limits: SplitLimits;

  constructor(handler: SplitHandler, limits: SplitLimits) {
    this.handler = handler;
    this.limits = limits;
  }

  /** Feeds the next piece of text. */
  write(text: string): void {
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.cap) {
        i = this.scan(text, i);
        continue;
      }
      const ch = text.charCodeAt(i);
      if (this.mode !== 'key' && isSpace(ch)) {
        i++;
        continue;
      }
      this.started = true;
      i = this.step(text, i);
    }
  }

  /** Ends the input; throws HarError when the document is incomplete or empty. */
  end(): void {
    const cap = this.cap;
    if (cap?.scalar && cap.place === 'doc') this.finish(cap, '');
    if (!this.started) throw new HarError('not a HAR file: it is empty');
    if (this.mode !== 'done') throw invalid();
  }

  private get frame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** One structural character (not whitespace outside keys); returns the next index. */
  private step(text: string, i: number): number {
    const c = text[i]!;
    switch (this.mode) {
      case 'start':
        if (c === '{') return this.push('root', i);
        this.begin('doc', '', c);
        return i;
      case 'keyOrClose':
        if (c === '}') return this.pop(i);
        if (c !== '"') throw invalid();
        this.mode = 'key';
        return i + 1;
      case 'keyStart':
        if (c !== '"') throw invalid();
        this.mode = 'key';
        return i + 1;
      case 'key':
        return this.readKey(text, i);
      case 'colon':
        if (c !== ':') throw invalid();
        this.mode = 'value';
        return i + 1;
      case 'value':
        if (this.frame === 'entries' && c === ']' && !this.afterComma) return this.pop(i);
        this.afterComma = false;
        if (this.frame === 'root' && this.key === 'log' && c === '{') return this.push('log', i);
        if (this.frame === 'log' && this.key === 'entries' && c === '[') return this.push('entries', i);
        this.begin(this.frame === 'entries' ? 'entry' : this.frame === 'log' ? 'log' : 'root', this.key, c);
        return i;
      case 'after':
        if (c === ',') {
          this.mode = this.frame === 'entries' ? 'value' : 'keyStart';
          this.afterComma = true;
          return i + 1;
        }
        if (c === (this.frame === 'entries' ? ']' : '}')) return this.pop(i);
        throw invalid();
      default:
        throw invalid();
    }
  }

  private push(frame: Frame, i: number): number {
    if (frame === 'log') {
      if (this.seenLog) throw new HarError('not a HAR file: it has more than one "log"');
      this.seenLog = true;
    }
    if (frame === 'entries') {
      if (this.seenEntries) throw new HarError('not a HAR file: it has more than one "log.entries"');
      this.seenEntries = true;
    }
    this.frames.push(frame);
    this.afterComma = false;
    this.handler.open(frame);
    this.mode = frame === 'entries' ? 'value' : 'keyOrClose';
    return i + 1;
  }

  private pop(i: number): number {
    const frame = this.frames.pop()!;
    this.handler.close(frame);
    this.mode = this.frames.length === 0 ? 'done' : 'after';
    return i + 1;
  }

  private readKey(text: string, i: number): number {
    let j = i;
    while (j < text.length) {
      const ch = text[j]!;
      if (this.keyEscape) this.keyEscape = false;
      else if (ch === '\\') this.keyEscape = true;
      else if (ch === '"') break;
      j++;
    }
    this.keyParts.push(text.slice(i, j));
    if (this.keyParts.reduce((s, p) => s + p.length, 0) > 4096) throw invalid();
    if (j === text.length) return j;
    try {
      this.key = JSON.parse(`"${this.keyParts.join('')}"`) as string;
    } catch {
      throw invalid();
    }
    this.keyParts = [];
    if (this.frame === 'root' && this.key === 'log' && this.seenLog)
      throw new HarError('not a HAR file: it has more than one "log"');
    this.mode = 'colon';
    return j + 1;
  }

  /** Starts capturing a value whose first character is `c`. */
  private begin(place: Place, key: string, c: string): void {
    const scalar = c !== '{' && c !== '[' && c !== '"';
    if (scalar && !scalarStart.test(c)) throw invalid();
    this.cap = { place, key, parts: [], size: 0, depth: 0, inString: false, escape: false, scalar };
  }

  /** Scans the captured value from `from`; returns the next index (the end of `text` if unfinished). */
  private scan(text: string, from: number): number {
    const cap = this.cap!;
    const n = text.length;
    let i = from;
    let end = -1;
    while (i < n && end < 0) {
      if (cap.escape) {
        cap.escape = false;
        i++;
      } else if (cap.inString) {
        stringStop.lastIndex = i;
        const m = stringStop.exec(text);
        if (!m) i = n;
        else {
          i = m.index + 1;
          if (m[0] === '\\') cap.escape = true;
          else {
            cap.inString = false;
            if (cap.depth === 0) end = i;
          }
        }
      } else if (cap.scalar) {
        const ch = text.charCodeAt(i);
        if (isSpace(ch) || ch === 44 || ch === 93 || ch === 125) end = i;
        else if (cap.size + i - from > 512) throw invalid();
        else i++;
      } else {
        structural.lastIndex = i;
        if (!structural.test(text)) break;
        i = structural.lastIndex;
        const ch = text.charCodeAt(i - 1);
        if (ch === 34) cap.inString = true;
        else if (ch === 123 || ch === 91) {
          if (++cap.depth + this.frames.length > this.limits.maxDepth)
            throw new HarError(`HAR file is nested deeper than ${this.limits.maxDepth}`);
        } else if ((ch === 125 || ch === 93) && --cap.depth === 0) end = i;
      }
    }
    if (end < 0) {
      cap.parts.push(text.slice(from, n));
      cap.size += n - from;
      this.checkSize(cap);
      return n;
    }
    cap.size += end - from;
    this.checkSize(cap);
    this.finish(cap, text.slice(from, end));
    return end;
  }

  private checkSize(cap: Capture): void {
    if (cap.size <= this.limits.maxValueChars) return;
    const what = cap.place === 'entry' ? 'an entry' : cap.place === 'doc' ? 'the file' : `"${cap.key}"`;
    const max = this.limits.maxValueChars;
    const size = max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MB` : `${Math.round(max / 1024)} KB`;
    throw new HarError(
      `HAR file: ${what} is larger than ${size}, too large to redact safely; remove large response bodies and upload again`,
      'payload_too_large',
    );
  }

  private finish(cap: Capture, last: string): void {
    cap.parts.push(last);
    const text = cap.parts.join('');
    this.cap = null;
    this.mode = cap.place === 'doc' ? 'done' : 'after';
    this.handler.value(cap.place, cap.key, text);
  }
}
