import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from './rate-limit.ts';

test('a burst of ten seconds’ worth is allowed at once, then Retry-After says when the next token comes', () => {
  const l = new RateLimiter();
  // 60 a minute: one token a second, a bucket of 10.
  for (let i = 0; i < 10; i++) assert.equal(l.take('a', 60, 0), 0, `take ${i + 1}`);
  assert.equal(l.take('a', 60, 0), 1);
  // 600 a minute: ten a second, a bucket of 100.
  for (let i = 0; i < 100; i++) assert.equal(l.take('b', 600, 0), 0);
  assert.equal(l.take('b', 600, 0), 1);
});

test('the bucket refills at the per-minute rate, to the exact token', () => {
  const l = new RateLimiter();
  // 6 a minute: one token every 10 s, a bucket of one (never less than one).
  assert.equal(l.take('a', 6, 0), 0);
  assert.equal(l.take('a', 6, 0), 10, 'a whole token is missing: 10 s');
  assert.equal(l.take('a', 6, 2_500), 8, 'a quarter refilled: 7.5 s, rounded up');
  assert.equal(l.take('a', 6, 9_000), 1, 'a tenth missing: 1 s');
  assert.equal(l.take('a', 6, 9_999), 1, 'a ten-thousandth missing still waits');
  assert.equal(l.take('a', 6, 10_000), 0, 'exactly one token after 10 s');
  assert.equal(l.take('a', 6, 10_000), 10);
});

test('refused takes cost nothing; allowed ones cost exactly one token', () => {
  const l = new RateLimiter();
  for (let i = 0; i < 10; i++) l.take('a', 60, 0);
  for (let i = 0; i < 5; i++) assert.equal(l.take('a', 60, 500), 1);
  assert.equal(l.take('a', 60, 1_000), 0, 'one token refilled in a second despite the refusals');
  assert.equal(l.take('a', 60, 1_000), 1);
  assert.equal(l.take('a', 60, 3_000), 0);
  assert.equal(l.take('a', 60, 3_000), 0, 'two seconds gave two tokens');
  assert.equal(l.take('a', 60, 3_000), 1);
});

test('an idle bucket fills up to its burst and no further', () => {
  const l = new RateLimiter();
  for (let i = 0; i < 10; i++) l.take('a', 60, 0);
  const hourLater = 3_600_000;
  for (let i = 0; i < 10; i++) assert.equal(l.take('a', 60, hourLater), 0, `take ${i + 1}`);
  assert.equal(l.take('a', 60, hourLater), 1);
});

test('a slow rate still allows one signal, and says how long to wait for the next', () => {
  const l = new RateLimiter();
  assert.equal(l.take('a', 1, 0), 0);
  assert.equal(l.take('a', 1, 0), 60);
  assert.equal(l.take('a', 1, 30_000), 30);
  assert.equal(l.take('a', 1, 60_000), 0);
  // 3 a minute: a bucket of one, a token every 20 s.
  assert.equal(l.take('c', 3, 0), 0);
  assert.equal(l.take('c', 3, 0), 20);
});

test('each integration has its own bucket', () => {
  const l = new RateLimiter();
  assert.equal(l.take('a', 6, 0), 0);
  assert.equal(l.take('a', 6, 0), 10);
  assert.equal(l.take('b', 6, 0), 0);
  assert.equal(l.take('b', 6, 0), 10);
});
