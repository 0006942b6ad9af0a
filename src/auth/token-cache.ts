/**
 * Who a bearer secret belongs to, remembered for a second per instance: every signed-in request
 * needs it, and asking the database each time cost a round trip per request.
 *
 * Safety: any change to people or tokens made through this instance (sign-out, revoking, disabling,
 * a new role) forgets everything once it commits, and an answer read while such a change was
 * committing is never kept. A change made through another instance applies here within
 * `TOKEN_CACHE_MS`. Only valid secrets are kept, and a token's own expiry is checked on every use.
 */
import { afterCommit, type Queryable } from '../db/pool.ts';

export const TOKEN_CACHE_MS = 1_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  /** performance.now() when read. */
  at: number;
  /** The token's expiry (ms since the epoch), if it has one. */
  expiresAt: number | null;
  generation: number;
}

let generation = 0;
const entries = new Map<string, Entry<unknown>>();

/** Forgets every remembered secret once what `db` wrote commits (at once outside a transaction). */
export async function forgetTokensAfterCommit(db: Queryable): Promise<void> {
  await afterCommit(db, async () => {
    generation++;
    entries.clear();
  });
}

/**
 * The remembered answer for `key` at `nowMs`, or what `read` finds (kept when found). `read`
 * reports the token's expiry with the value.
 */
export async function cachedToken<T>(
  key: string,
  nowMs: number,
  read: () => Promise<{ value: T; expiresAt: number | null } | undefined>,
): Promise<T | undefined> {
  const hit = entries.get(key) as Entry<T> | undefined;
  const t = performance.now();
  if (
    hit &&
    hit.generation === generation &&
    t - hit.at < TOKEN_CACHE_MS &&
    (hit.expiresAt === null || hit.expiresAt > nowMs)
  )
    return hit.value;
  const started = generation;
  const found = await read();
  if (!found) {
    entries.delete(key);
    return undefined;
  }
  // A change committed while reading: this answer may predate it, so it is not kept.
  if (started === generation) {
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, { value: found.value, at: t, expiresAt: found.expiresAt, generation });
  }
  return found.value;
}
