/** How the incident room words deviations and tech debt on the timeline: plain words, no codes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEntry } from '../../web/src/pages/incident/timeline-text.ts';

const entry = (kind: string, data: Record<string, unknown>) =>
  describeEntry({
    id: 1,
    at: '2026-12-07T02:31:00.000Z',
    kind,
    actor: { id: '0193a0a0-0000-7000-8000-000000000002', name: 'Grace' },
    data,
  });

test('a deviation says what was skipped, why in words and the justification', () => {
  const d = entry('deviation-recorded', {
    deviationId: '0193a0a0-0000-7000-8000-000000000003',
    reasons: ['speed', 'lack-of-resources'],
    skipped: ['review', 'load testing'],
    justification: 'Out of hours; the fix goes out now.',
  });
  assert.equal(d.what, 'broke process, skipping review, load testing');
  assert.deepEqual(d.lines, ['Because of: speed of fix, lack of resources']);
  assert.equal(d.text, 'Out of hours; the fix goes out now.');
});

test('tech debt created and changed', () => {
  const created = entry('tech-debt-created', {
    itemId: '0193a0a0-0000-7000-8000-000000000004',
    title: 'Tests for the hotfix',
    budgetHours: 6,
    owner: { id: '0193a0a0-0000-7000-8000-000000000002', name: 'Grace' },
    dueOn: '2026-12-20',
  });
  assert.equal(created.what, 'created tech debt: Tests for the hotfix');
  assert.deepEqual(created.lines, ['Budget 6 h, owned by Grace, due 2026-12-20']);
  const changed = entry('tech-debt-changed', {
    itemId: '0193a0a0-0000-7000-8000-000000000004',
    title: 'Tests for the hotfix',
    status: 'in-progress',
  });
  assert.equal(changed.what, 'changed tech debt: Tests for the hotfix');
  assert.deepEqual(changed.lines, ['Status: in progress']);
});
