/**
 * Who a bearer secret belongs to, remembered for a second per instance (src/db/recent.ts): every
 * signed-in request needs it. Every change to people or tokens goes through src/auth/store.ts,
 * which forgets it all once the change commits (sign-out, revoking, disabling, a new role); a change
 * made through another instance applies here within `TOKEN_CACHE_MS`. Only valid secrets are kept,
 * and a token's own expiry is checked on every use.
 */
import type { Queryable } from '../db/pool.ts';
import { Recent } from '../db/recent.ts';

export const TOKEN_CACHE_MS = 1_000;

const tokens = new Recent<string, { value: unknown; expiresAt: number | null }>(TOKEN_CACHE_MS, {
  until: (found) => found.expiresAt,
});

/** Forgets every remembered secret once what `db` wrote commits (at once outside a transaction). */
export function forgetTokensAfterCommit(db: Queryable): Promise<void> {
  return tokens.forgetAfterCommit(db);
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
  const found = await tokens.get(key, read, nowMs);
  return found?.value as T | undefined;
}
