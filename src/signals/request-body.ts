/**
 * Reading a delivery's body: JSON, and no deeper than MAX_JSON_DEPTH. JSON.parse itself copes with
 * any depth, but everything after it (label flattening, NUL cleaning, JSON.stringify for the
 * database, PostgreSQL's own JSON parser) recurses, so a body nested thousands deep would exhaust
 * the stack and answer 500. It is refused here instead, as malformed, like any other bad body.
 */
import { DeliveryError } from './integrations/types.ts';

/** Deeper than any vendor's payload (Sentry's events, the deepest we take, stay under 20). */
export const MAX_JSON_DEPTH = 64;

/** The body parsed as JSON; throws DeliveryError('malformed') when it is not JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new DeliveryError('malformed', `not valid JSON: ${(err as Error).message}`, 'body');
  }
}

/** Throws DeliveryError('malformed') when `value` nests arrays or objects deeper than `max`. */
export function checkJsonDepth(value: unknown, max = MAX_JSON_DEPTH): void {
  // Iterative on purpose: a recursive walk would fail the way the code it protects does. Two
  // parallel stacks rather than pairs: no allocation per object.
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max)
      throw new DeliveryError('malformed', `nested deeper than ${max} levels of arrays and objects`, 'body');
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
}

/**
 * True when a raw JSON body may hold what PostgreSQL refuses in text and JSON: a NUL (`\u0000`) or
 * a lone UTF-16 surrogate (`\ud800` without its pair). Raw UTF-8 cannot carry either; only escapes.
 */
export function mayNeedCleaning(raw: Buffer): boolean {
  return raw.includes('\\u0000') || raw.includes('\\ud') || raw.includes('\\uD');
}

/** `value` with NUL replaced by U+FFFD and lone surrogates by U+FFFD, in strings and keys. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\0', '\uFFFD').toWellFormed() as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanStrings(k)] = cleanStrings(v);
  return out as T;
}
