/**
 * PostgreSQL text and jsonb cannot hold the NUL character, and one such value would fail a whole
 * batch of other senders' signals. Senders may send `\u0000` in JSON; it is replaced here.
 */

/** `value` with every NUL in strings and keys replaced by U+FFFD. */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[withoutNul(k)] = withoutNul(v);
    return out as T;
  }
  return value;
}

/** True when a raw JSON body may carry a NUL (as the escape `\u0000`). */
export function mayHoldNul(raw: Buffer): boolean {
  return raw.includes('\\u0000');
}
