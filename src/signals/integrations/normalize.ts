/**
 * Helpers every adapter shares, so that all vendors normalise the same way: reading untrusted JSON
 * with errors that name the field, titles, labels, severities, timestamps, links and headers.
 */
import { DeliveryError, type NormalizedSignal, type Severity } from './types.ts';

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** Whether `v` is a JSON object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 400 for `field`; the message is the reason alone (routes prefix the field, as FieldIssue does). */
export function malformed(field: string, reason: string): DeliveryError {
  return new DeliveryError('malformed', reason, field);
}

/** `v` as an object, or malformed naming `field`. */
export function requireObject(v: unknown, field: string): JsonObject {
  if (!isObject(v)) throw malformed(field, 'must be an object');
  return v;
}

/** `v` as a non-empty string, or malformed naming `field`. */
export function requireString(v: unknown, field: string): string {
  if (typeof v !== 'string') throw malformed(field, 'must be a string');
  if (v.trim() === '') throw malformed(field, 'must not be empty');
  return v;
}

/** `v` as a string, null when absent (undefined/null), or malformed naming `field` for another type. */
export function optionalString(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw malformed(field, 'must be a string');
  return v;
}

/** `v` as an object, null when absent, or malformed naming `field`. */
export function optionalObject(v: unknown, field: string): JsonObject | null {
  if (v === undefined || v === null) return null;
  return requireObject(v, field);
}

/** An id that vendors send as a string or a number, as a string; malformed naming `field` otherwise. */
export function requireId(v: unknown, field: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return requireString(v, field);
}

/** `v` when it is a string with something in it, else null (for optional display fields). */
export function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** Longest title, in UTF-16 code units (so also in characters). */
export const maxTitleLength = 500;

/** Collapses whitespace (titles are one line) and cuts to 500 characters with an ellipsis. */
export function title(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (one.length <= maxTitleLength) return one;
  let cut = maxTitleLength - 1;
  const c = one.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // do not split a surrogate pair
  return `${one.slice(0, cut)}…`;
}

/** Limits on labels: how many, and how long keys and values may be (longer values are cut). */
export const labelLimits = { count: 100, keyLength: 200, valueLength: 1000, depth: 4 } as const;

/**
 * Flat string labels from a JSON object. Strings, finite numbers and booleans are kept (stringified);
 * nested objects are flattened with dots (`{a:{b:1}}` → `a.b: "1"`, at most 4 levels); arrays, null
 * and empty keys are skipped. At most 100 labels, keys up to 200 and values up to 1000 characters.
 * Keys already present in `into` are not overwritten, so callers add their most important labels first.
 */
export function flattenLabels(v: unknown, into: Record<string, string> = {}, prefix = '', depth = 0) {
  if (!isObject(v)) return into;
  for (const [k, value] of Object.entries(v)) {
    if (Object.keys(into).length >= labelLimits.count) break;
    if (k === '') continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(value)) {
      if (depth + 1 < labelLimits.depth) flattenLabels(value, into, key, depth + 1);
    } else {
      addLabel(into, key, value);
    }
  }
  return into;
}

/** Adds one scalar label (see flattenLabels for what is kept); returns `into`. */
export function addLabel(into: Record<string, string>, key: string, value: unknown) {
  if (key.length > labelLimits.keyLength || Object.hasOwn(into, key)) return into;
  if (Object.keys(into).length >= labelLimits.count) return into;
  let s: string;
  if (typeof value === 'string') s = value;
  else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
    s = String(value);
  else return into;
  const kept = s.length > labelLimits.valueLength ? s.slice(0, labelLimits.valueLength) : s;
  // defineProperty: the key `__proto__` stays an ordinary label (assigning it would set the prototype).
  if (key === '__proto__')
    Object.defineProperty(into, key, { value: kept, enumerable: true, writable: true, configurable: true });
  else into[key] = kept;
  return into;
}

const severityWords: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
  debug: 'info',
};

/**
 * A vendor's severity word mapped onto ours, case-insensitively: critical/crit/page/fatal/emergency →
 * critical; error/err/high → error; warning/warn/medium → warning; info/informational/low/none/debug →
 * info; anything else (or not a string) → null.
 */
export function mapSeverity(v: unknown): Severity | null {
  if (typeof v !== 'string') return null;
  const key = v.trim().toLowerCase();
  return Object.hasOwn(severityWords, key) ? severityWords[key]! : null;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * An RFC 3339 timestamp (offsets with or without a colon, as PagerDuty's examples write them) as a
 * Date; null when absent or Go's zero time (`0001-01-01T00:00:00Z`, Alertmanager's "not ended");
 * malformed naming `field` when present but not a timestamp.
 */
export function timestamp(v: unknown, field: string): Date | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !rfc3339.test(v)) throw malformed(field, 'must be an RFC 3339 timestamp');
  // Most senders write the form Date.parse reads as it is; the rest is rewritten into it.
  const iso = needsRewrite.test(v)
    ? v
        .toUpperCase()
        .replace(' ', 'T')
        .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    : v;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw malformed(field, 'must be an RFC 3339 timestamp');
  return ms < startOfYear2 ? null : new Date(ms);
}

/** Lower-case t or z, a space for the T, or an offset without its colon. */
const needsRewrite = /[tz ]|[+-]\d{4}$/;
/** Go's zero time and anything else in year 1 mean "no time". */
const startOfYear2 = Date.parse('0002-01-01T00:00:00Z');

/** Adds a link when `href` is an absolute http(s) URL; anything else (javascript:, relative, …) is dropped. */
export function addLink(links: NormalizedSignal['links'], href: unknown, text?: string) {
  if (typeof href !== 'string' || href.length > 2048) return links;
  const protocol = URL.parse(href)?.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') return links;
  if (links.some((l) => l.href === href)) return links;
  links.push(text === undefined ? { href } : { href, text });
  return links;
}

/** A header's value (lower-case name); the first one when repeated. */
export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v: unknown = isObject(headers) ? headers[name] : undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}
