/** Where an urgency came from, told from the override's reason and the incident's origin. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urgencySource } from './urgency-source.ts';

const alert = { kind: 'alert' } as const;
const of = (reason: string | undefined, origin: { kind: string } | null) =>
  urgencySource({
    urgencyOverride: reason === undefined ? null : { reason },
    origin,
  } as Parameters<typeof urgencySource>[0]);

test('no override: the urgency policy decided', () => {
  assert.deepEqual(of(undefined, alert), { kind: 'policy' });
});

test("an alert's severity, and a rule naming the urgency itself, are told apart from a person", () => {
  assert.deepEqual(of('From alert severity (critical), rule default', alert), {
    kind: 'alert',
    severity: 'critical',
  });
  assert.deepEqual(of('From routing rule checkout-p2', alert), { kind: 'rule', rule: 'checkout-p2' });
});

test('the same words typed by a person on a declared incident stay theirs (no origin)', () => {
  assert.deepEqual(of('From routing rule x', null), { kind: 'hand', reason: 'From routing rule x' });
  assert.deepEqual(of('From alert severity (critical)', null), {
    kind: 'hand',
    reason: 'From alert severity (critical)',
  });
  assert.deepEqual(of('Black Friday traffic', alert), { kind: 'hand', reason: 'Black Friday traffic' });
});
