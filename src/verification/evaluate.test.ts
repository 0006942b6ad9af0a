import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, progressOf } from './evaluate.ts';

const at = (min: number) => new Date(Date.UTC(2026, 2, 1, 9, min));

test('waiting: bad keeps waiting, good starts the window, unknown changes nothing', () => {
  const waiting = { state: 'waiting' as const, goodSince: null };
  assert.deepEqual(evaluate(waiting, { kind: 'bad' }, at(1), 15), waiting);
  assert.deepEqual(evaluate(waiting, { kind: 'unknown' }, at(1), 15), waiting);
  assert.deepEqual(evaluate(waiting, { kind: 'good' }, at(2), 15), { state: 'good', goodSince: at(2) });
  assert.deepEqual(evaluate(waiting, { kind: 'good', since: at(0) }, at(2), 15), {
    state: 'good',
    goodSince: at(0),
  });
});

test('good for the whole window is verified; bad within it is failed', () => {
  const good = { state: 'good' as const, goodSince: at(2) };
  assert.deepEqual(evaluate(good, { kind: 'good' }, at(16), 15), good);
  assert.deepEqual(evaluate(good, { kind: 'good' }, at(17), 15), { state: 'verified', goodSince: at(2) });
  assert.deepEqual(evaluate(good, { kind: 'bad' }, at(10), 15), { state: 'failed', goodSince: at(2) });
  assert.deepEqual(evaluate(good, { kind: 'unknown' }, at(30), 15), good);
});

test('a good reading with an older start already past the window verifies at once', () => {
  const waiting = { state: 'waiting' as const, goodSince: null };
  assert.deepEqual(evaluate(waiting, { kind: 'good', since: at(0) }, at(20), 15), {
    state: 'verified',
    goodSince: at(0),
  });
});

test('an ended spell does not change', () => {
  for (const state of ['verified', 'failed', 'stopped'] as const)
    assert.deepEqual(evaluate({ state, goodSince: null }, { kind: 'good' }, at(40), 15), {
      state,
      goodSince: null,
    });
});

test('progress is the share of the window spent good', () => {
  assert.equal(progressOf({ state: 'good', goodSince: at(0) }, at(6), 15), 0.4);
  assert.equal(progressOf({ state: 'good', goodSince: at(0) }, at(60), 15), 1);
  assert.equal(progressOf({ state: 'waiting', goodSince: null }, at(6), 15), 0);
  assert.equal(progressOf({ state: 'verified', goodSince: at(0) }, at(6), 15), 1);
});
