/**
 * The token cache: a valid answer is reused for at most TOKEN_CACHE_MS and never past the token's
 * expiry; a change through this instance forgets at once, and an answer read while a change was
 * committing is not kept; invalid secrets are never kept.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { Queryable } from '../db/pool.ts';
import { cachedToken, forgetTokensAfterCommit, TOKEN_CACHE_MS } from './token-cache.ts';

/** Outside a transaction: afterCommit work runs at once. */
const noTransaction = {} as Queryable;

function counter<T>(answer: () => { value: T; expiresAt: number | null } | undefined) {
  const reader = { reads: 0, read: async () => (reader.reads++, answer()) };
  return reader;
}

test('a valid answer is reused within the time limit, then read again', async () => {
  const r = counter(() => ({ value: 'ada', expiresAt: null }));
  assert.equal(await cachedToken('k1', Date.now(), r.read), 'ada');
  assert.equal(await cachedToken('k1', Date.now(), r.read), 'ada');
  assert.equal(r.reads, 1);
  await sleep(TOKEN_CACHE_MS + 20);
  await cachedToken('k1', Date.now(), r.read);
  assert.equal(r.reads, 2);
});

test('a token past its expiry is read again at once', async () => {
  const now = Date.now();
  const r = counter(() => ({ value: 'ada', expiresAt: now + 1_000 }));
  await cachedToken('k2', now, r.read);
  await cachedToken('k2', now + 999, r.read);
  assert.equal(r.reads, 1);
  await cachedToken('k2', now + 1_000, r.read);
  assert.equal(r.reads, 2);
});

test('invalid secrets are not kept', async () => {
  const r = counter<string>(() => undefined);
  assert.equal(await cachedToken('k3', Date.now(), r.read), undefined);
  assert.equal(await cachedToken('k3', Date.now(), r.read), undefined);
  assert.equal(r.reads, 2);
});

test('a change forgets everything, and an answer read while it committed is not kept', async () => {
  const r = counter(() => ({ value: 'ada', expiresAt: null }));
  await cachedToken('k4', Date.now(), r.read);
  await forgetTokensAfterCommit(noTransaction);
  await cachedToken('k4', Date.now(), r.read);
  assert.equal(r.reads, 2);

  // The read began before a change committed: its answer may be stale, so the next use reads again.
  let reads = 0;
  const racing = async () => {
    reads++;
    if (reads === 1) await forgetTokensAfterCommit(noTransaction);
    return { value: 'ada', expiresAt: null };
  };
  await cachedToken('k5', Date.now(), racing);
  await cachedToken('k5', Date.now(), racing);
  assert.equal(reads, 2);
  await cachedToken('k5', Date.now(), racing);
  assert.equal(reads, 2, 'kept once read without a change in between');
});
