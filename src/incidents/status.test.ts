import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statuses } from './schema.ts';
import { transitions } from './transitions.ts';

test('the main path is triage → investigating → fixing → monitoring → resolved → closed', () => {
  const path = ['triage', 'investigating', 'fixing', 'monitoring', 'resolved', 'closed'] as const;
  for (let i = 1; i < path.length; i++)
    assert.ok(transitions[path[i - 1]!].includes(path[i]!), `${path[i - 1]} → ${path[i]}`);
});

test('closed is final and nothing skips straight to closed from active work', () => {
  assert.deepEqual(transitions.closed, []);
  for (const s of ['triage', 'investigating', 'fixing', 'monitoring'] as const)
    assert.ok(!transitions[s].includes('closed'));
});

test('every status can be reached and no status moves to itself', () => {
  const reachable = new Set(Object.values(transitions).flat());
  for (const s of statuses) {
    if (s !== 'triage') assert.ok(reachable.has(s), `${s} is reachable`);
    assert.ok(!transitions[s].includes(s));
  }
});

test('the allowed moves, written out', () => {
  assert.deepEqual(transitions, {
    triage: ['investigating', 'fixing', 'backlogged', 'declined'],
    investigating: ['fixing', 'monitoring', 'resolved', 'backlogged', 'declined'],
    fixing: ['investigating', 'monitoring', 'resolved'],
    monitoring: ['fixing', 'investigating', 'resolved'],
    resolved: ['closed', 'investigating'],
    backlogged: ['triage', 'investigating', 'closed'],
    declined: ['triage', 'closed'],
    closed: [],
  });
});
