import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolicyInput } from './schema.ts';
import { shapePolicy, urgencyEffect } from './urgency.ts';

const target = { type: 'service-owner' } as const;
const policy = (extra: Partial<PolicyInput> = {}): PolicyInput => ({
  name: 'Chain',
  repeat: 0,
  lowUrgencyAnytime: false,
  levels: [
    { timeoutMinutes: 5, targets: [target] },
    { timeoutMinutes: 30, targets: [target] },
  ],
  urgency: {},
  ...extra,
});

test('defaults: P1 all methods at once with halved timeouts; P2 as written; P3/P4 business hours', () => {
  assert.deepEqual(urgencyEffect(policy(), 'P1'), {
    levels: [
      { level: 1, timeoutMinutes: 2.5 },
      { level: 2, timeoutMinutes: 15 },
    ],
    allMethodsAtOnce: true,
    businessHoursOnly: false,
  });
  const asWritten = [
    { level: 1, timeoutMinutes: 5 },
    { level: 2, timeoutMinutes: 30 },
  ];
  assert.deepEqual(urgencyEffect(policy(), 'P2'), {
    levels: asWritten,
    allMethodsAtOnce: false,
    businessHoursOnly: false,
  });
  for (const u of ['P3', 'P4'])
    assert.deepEqual(urgencyEffect(policy(), u), {
      levels: asWritten,
      allMethodsAtOnce: false,
      businessHoursOnly: true,
    });
  assert.equal(urgencyEffect(policy({ lowUrgencyAnytime: true }), 'P4').businessHoursOnly, false);
  assert.deepEqual(urgencyEffect(policy(), null).levels, asWritten);
});

test('a policy’s rule picks levels, sets or scales timeouts, and overrides methods and hours', () => {
  const p = policy({
    urgency: {
      P1: { levels: [{ level: 2 }], timeoutPercent: 20, allMethodsAtOnce: false },
      P3: { levels: [{ level: 1, timeoutMinutes: 60 }, { level: 2 }], businessHoursOnly: false },
      P2: { businessHoursOnly: true, allMethodsAtOnce: true },
    },
  });
  assert.deepEqual(urgencyEffect(p, 'P1'), {
    levels: [{ level: 2, timeoutMinutes: 6 }],
    allMethodsAtOnce: false,
    businessHoursOnly: false,
  });
  assert.deepEqual(urgencyEffect(p, 'P3'), {
    levels: [
      { level: 1, timeoutMinutes: 60 },
      { level: 2, timeoutMinutes: 30 },
    ],
    allMethodsAtOnce: false,
    businessHoursOnly: false,
  });
  assert.deepEqual(urgencyEffect(p, 'P2'), {
    levels: [
      { level: 1, timeoutMinutes: 5 },
      { level: 2, timeoutMinutes: 30 },
    ],
    allMethodsAtOnce: true,
    businessHoursOnly: true,
  });
});

test('the shaped snapshot holds only the levels that apply, with their timeouts', () => {
  const shaped = shapePolicy(policy({ urgency: { P1: { levels: [{ level: 2 }] } } }), 'P1');
  assert.deepEqual(shaped.levels, [{ timeoutMinutes: 15, targets: [target] }]);
  assert.deepEqual(shaped.shaped, { urgency: 'P1', allMethodsAtOnce: true, levels: [2] });
});
