import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slaClocks, type Tier } from './sla.ts';

const standard: Tier = { name: 'Standard', ackMinutes: 30, responseMinutes: 60, resolveMinutes: 480 };
const start = new Date('2026-03-01T09:00:00Z');
const at = (min: number) => new Date(start.getTime() + min * 60_000);

test('clocks run, are met in time, or breach', () => {
  const c = slaClocks(standard, start, { acknowledge: at(10), respond: null, resolve: null }, at(70));
  assert.deepEqual(
    c.map((x) => [x.clock, x.state]),
    [
      ['acknowledge', 'met'],
      ['respond', 'breached'],
      ['resolve', 'running'],
    ],
  );
  assert.equal(c[0]!.used.toFixed(3), (10 / 30).toFixed(3));
  assert.deepEqual(c[1]!.dueAt, at(60));
  assert.deepEqual(c[1]!.warnAt, at(45));
});

test('a clock met after its due time counts as breached', () => {
  const [ack] = slaClocks(standard, start, { acknowledge: at(31), respond: null, resolve: null }, at(40));
  assert.equal(ack!.state, 'breached');
});
