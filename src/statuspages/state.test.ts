import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentState, history, overallStatus } from './state.ts';

test('by hand wins; else the worst open incident; else maintenance; else operational', () => {
  assert.equal(componentState('degraded_performance', 'P1', true), 'degraded_performance');
  assert.equal(componentState(null, 'P1', true), 'major_outage');
  assert.equal(componentState(null, 'P2', false), 'partial_outage');
  assert.equal(componentState(null, 'P4', false), 'degraded_performance');
  assert.equal(componentState(null, 'P9', false), 'degraded_performance');
  assert.equal(componentState(null, undefined, true), 'under_maintenance');
  assert.equal(componentState(null, undefined, false), 'operational');
});

test('the overall status is the worst component in Statuspage words', () => {
  assert.deepEqual(overallStatus([]), { indicator: 'none', description: 'All Systems Operational' });
  assert.deepEqual(overallStatus(['operational', 'partial_outage', 'degraded_performance']), {
    indicator: 'major',
    description: 'Partial System Outage',
  });
  assert.deepEqual(overallStatus(['under_maintenance', 'major_outage']), {
    indicator: 'critical',
    description: 'Major System Outage',
  });
});

test('90 days: each day its worst state; uptime counts a major outage fully, a partial one at 30%', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const h = history(
    [
      // 6 hours of major outage across midnight into 9 March.
      { urgency: 'P1', from: new Date('2026-03-08T21:00:00Z'), to: new Date('2026-03-09T03:00:00Z') },
      // 10 hours of partial outage on 1 March, and a P3 the same day.
      { urgency: 'P2', from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-01T10:00:00Z') },
      { urgency: 'P3', from: new Date('2026-03-01T11:00:00Z'), to: new Date('2026-03-01T12:00:00Z') },
    ],
    now,
    90,
  );
  assert.equal(h.days.length, 90);
  assert.equal(h.days[0]!.date, '2025-12-11');
  assert.equal(h.days[89]!.date, '2026-03-10');
  const on = (date: string) => h.days.find((d) => d.date === date)!.state;
  assert.equal(on('2026-03-08'), 'major_outage');
  assert.equal(on('2026-03-09'), 'major_outage');
  assert.equal(on('2026-03-01'), 'partial_outage');
  assert.equal(on('2026-03-02'), 'operational');
  // Down: 6 h + 0.3 × 10 h = 9 h of 89.5 days (2,148 h).
  assert.equal(h.uptime.toFixed(5), (1 - 9 / 2148).toFixed(5));
});
