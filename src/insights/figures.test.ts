import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, statOf } from './figures.ts';

// Expected values as PostgreSQL's percentile_cont gives them for the same numbers.
test('percentiles are interpolated between the two values around p·(n−1), whatever the order', () => {
  assert.equal(percentile(Float64Array.of(5, 1, 3, 2, 4), 0.5), 3);
  assert.equal(percentile(Float64Array.of(5, 1, 3, 2, 4), 0.9), 4.6);
  assert.equal(percentile(Float64Array.of(40, 10, 30, 20), 0.5), 25);
  assert.equal(percentile(Float64Array.of(20, 10, 10, 10), 0.9), 17);
  assert.equal(percentile(Float64Array.of(7), 0.9), 7);
  assert.equal(percentile(new Float64Array(0), 0.5), null);
});

test('many equal values and a long list keep the same rule', () => {
  const xs = new Float64Array(10_001);
  for (let i = 0; i < xs.length; i++) xs[i] = (i * 7919) % 10_001; // 0…10,000, shuffled
  assert.equal(percentile(xs.slice(), 0.5), 5000);
  assert.equal(percentile(xs.slice(), 0.9), 9000);
  const same = new Float64Array(1000).fill(3);
  same[999] = 1003;
  assert.equal(percentile(same, 0.9), 3);
});

test('a stat leaves out unknown values (NaN) and is empty without any', () => {
  assert.deepEqual(statOf(Float64Array.of(10, NaN, 30, 20, NaN)), {
    count: 3,
    mean: 20,
    median: 20,
    p90: 28,
  });
  assert.deepEqual(statOf(Float64Array.of(NaN)), { count: 0, mean: null, median: null, p90: null });
});
