import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  handoffInstant,
  layerCoverage,
  mergeIntervals,
  rotationShifts,
  shiftIndexAt,
  windowIntervals,
} from './rotation.ts';
import type { Layer } from './schema.ts';
import { instantToZoned } from './zoned-time.ts';

const HOUR = 3_600_000;
const t = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const localTime = (ms: number, zone: string) => {
  const z = instantToZoned(new Date(ms), zone);
  return `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
};
const layer = (over: Partial<Layer>): Layer => ({
  id: 'primary',
  name: 'Primary',
  users: ['ann', 'bob', 'cat'],
  rotation: { kind: 'daily' },
  handoffTime: '09:00',
  start: '2026-01-05',
  ...over,
});

test('weekly rotation in Amsterdam keeps 09:00 local across March and October DST: 167 h and 169 h', () => {
  const zone = 'Europe/Amsterdam';
  const l = layer({ rotation: { kind: 'weekly' }, start: '2026-03-16' }); // a Monday
  const march = rotationShifts(l, zone, t('2026-03-16T08:00:00Z'), t('2026-04-06T07:00:00Z'));
  assert.deepEqual(
    march.map((s) => [s.userId, iso(s.start), iso(s.end), (s.end - s.start) / HOUR]),
    [
      ['ann', '2026-03-16T08:00:00.000Z', '2026-03-23T08:00:00.000Z', 168],
      ['bob', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z', 167],
      ['cat', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z', 168],
    ],
  );
  const october = rotationShifts(l, zone, t('2026-10-20T00:00:00Z'), t('2026-10-27T00:00:00Z'));
  assert.deepEqual(
    october.map((s) => [iso(s.start), iso(s.end), (s.end - s.start) / HOUR]),
    [
      ['2026-10-19T07:00:00.000Z', '2026-10-26T08:00:00.000Z', 169],
      ['2026-10-26T08:00:00.000Z', '2026-11-02T08:00:00.000Z', 168],
    ],
  );
  for (const s of [...march, ...october]) {
    assert.equal(localTime(s.start, zone), '09:00');
    assert.equal(instantToZoned(new Date(s.start), zone).weekday, 1);
  }
  // 31 weeks after the start: user index 31 mod 3 = 1.
  assert.equal(october[0]!.index, 31);
  assert.equal(october[0]!.userId, 'bob');
});

test('weekly handoffDay: the first shift is partial, then every handoffDay', () => {
  const zone = 'Europe/Amsterdam';
  const l = layer({ rotation: { kind: 'weekly' }, start: '2026-03-18', handoffDay: 1 }); // a Wednesday
  const s = rotationShifts(l, zone, t('2026-03-18T00:00:00Z'), t('2026-04-01T00:00:00Z'));
  assert.deepEqual(
    s.map((x) => [x.userId, iso(x.start), iso(x.end)]),
    [
      ['ann', '2026-03-18T08:00:00.000Z', '2026-03-23T08:00:00.000Z'],
      ['bob', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z'],
      ['cat', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z'],
    ],
  );
});

test('daily rotation in New York: 23 h in March, 25 h in November, always 09:00 local', () => {
  const zone = 'America/New_York';
  const l = layer({ users: ['ann', 'bob'], start: '2026-03-01' });
  const march = rotationShifts(l, zone, t('2026-03-07T15:00:00Z'), t('2026-03-09T15:00:00Z'));
  assert.deepEqual(
    march.map((s) => [s.userId, iso(s.start), (s.end - s.start) / HOUR]),
    [
      ['ann', '2026-03-07T14:00:00.000Z', 23], // Sat 09:00 EST → Sun 09:00 EDT
      ['bob', '2026-03-08T13:00:00.000Z', 24],
      ['ann', '2026-03-09T13:00:00.000Z', 24],
    ],
  );
  const november = rotationShifts(l, zone, t('2026-10-31T14:00:00Z'), t('2026-11-02T00:00:00Z'));
  assert.deepEqual(
    november.map((s) => [iso(s.start), (s.end - s.start) / HOUR]),
    [
      ['2026-10-31T13:00:00.000Z', 25], // Sat 09:00 EDT → Sun 09:00 EST
      ['2026-11-01T14:00:00.000Z', 24],
    ],
  );
  for (const s of [...march, ...november]) assert.equal(localTime(s.start, zone), '09:00');
});

test('a handoff time inside the spring-forward gap hands off when the gap ends', () => {
  const zone = 'Europe/Amsterdam';
  const l = layer({ handoffTime: '02:30', start: '2026-03-27' });
  const s = rotationShifts(l, zone, t('2026-03-27T00:00:00Z'), t('2026-03-30T12:00:00Z'));
  assert.deepEqual(
    s.map((x) => [iso(x.start), localTime(x.start, zone), (x.end - x.start) / HOUR]),
    [
      ['2026-03-27T01:30:00.000Z', '02:30', 24],
      ['2026-03-28T01:30:00.000Z', '02:30', 23.5],
      ['2026-03-29T01:00:00.000Z', '03:00', 23.5], // 02:30 does not exist: 03:00 CEST
      ['2026-03-30T00:30:00.000Z', '02:30', 24],
    ],
  );
});

test('a handoff time in the repeated fall-back hour uses its first occurrence', () => {
  const zone = 'Europe/Amsterdam';
  const l = layer({ handoffTime: '02:30', start: '2026-10-24' });
  const s = rotationShifts(l, zone, t('2026-10-24T00:30:00Z'), t('2026-10-26T02:00:00Z'));
  assert.deepEqual(
    s.map((x) => [
      iso(x.start),
      instantToZoned(new Date(x.start), zone).offsetMs / HOUR,
      (x.end - x.start) / HOUR,
    ]),
    [
      ['2026-10-24T00:30:00.000Z', 2, 24],
      ['2026-10-25T00:30:00.000Z', 2, 25], // 02:30 CEST, the first of two 02:30s
      ['2026-10-26T01:30:00.000Z', 1, 24],
    ],
  );
});

test('Lord Howe (30-minute DST) and Kolkata (no DST, +05:30)', () => {
  const howe = layer({ rotation: { kind: 'weekly' }, start: '2026-09-28' });
  const s = rotationShifts(howe, 'Australia/Lord_Howe', t('2026-09-28T00:00:00Z'), t('2026-10-06T00:00:00Z'));
  assert.deepEqual(
    s.map((x) => [iso(x.start), (x.end - x.start) / HOUR]),
    [
      ['2026-09-27T22:30:00.000Z', 167.5], // 09:00 +10:30 → 09:00 +11:00
      ['2026-10-04T22:00:00.000Z', 168],
    ],
  );
  const kolkata = layer({ start: '2026-03-01' });
  const k = rotationShifts(kolkata, 'Asia/Kolkata', t('2026-03-01T00:00:00Z'), t('2026-11-30T00:00:00Z'));
  assert.ok(k.every((x) => x.end - x.start === 24 * HOUR && localTime(x.start, 'Asia/Kolkata') === '09:00'));
  assert.equal(iso(k[0]!.start), '2026-03-01T03:30:00.000Z');
});

test('custom rotations are fixed real durations and drift against the wall clock across DST', () => {
  const zone = 'Europe/Amsterdam';
  const l = layer({ rotation: { kind: 'custom', hours: 12 }, handoffTime: '08:00', start: '2026-03-28' });
  const s = rotationShifts(l, zone, t('2026-03-28T00:00:00Z'), t('2026-03-30T00:00:00Z'));
  assert.ok(s.every((x) => x.end - x.start === 12 * HOUR));
  assert.deepEqual(
    s.map((x) => localTime(x.start, zone)),
    ['08:00', '20:00', '09:00', '21:00'],
  );
});

test('before the start nobody is on call; shiftIndexAt agrees with handoffInstant', () => {
  const zone = 'Europe/Amsterdam';
  const l = layer({ rotation: { kind: 'weekly' }, start: '2026-03-16' });
  assert.equal(shiftIndexAt(l, zone, t('2026-03-16T07:59:59Z')), -1);
  assert.equal(shiftIndexAt(l, zone, t('2026-03-16T08:00:00Z')), 0);
  assert.equal(shiftIndexAt(l, zone, t('2026-03-30T06:59:59Z')), 1);
  assert.equal(shiftIndexAt(l, zone, t('2026-03-30T07:00:00Z')), 2);
  assert.deepEqual(rotationShifts(l, zone, t('2026-01-01T00:00:00Z'), t('2026-03-16T08:00:00Z')), []);
  for (let k = 0; k < 120; k += 7) assert.equal(shiftIndexAt(l, zone, handoffInstant(l, zone, k)), k);
});

test('windows are wall-clock intervals: an overnight window is shorter on the spring-forward night', () => {
  const zone = 'Europe/Amsterdam';
  const w = windowIntervals(
    [{ days: [6], start: '18:00', end: '09:00' }],
    zone,
    t('2026-03-23T00:00:00Z'),
    t('2026-04-06T00:00:00Z'),
  );
  assert.deepEqual(
    w.map((x) => [iso(x.start), (x.end - x.start) / HOUR]),
    [
      ['2026-03-28T17:00:00.000Z', 14],
      ['2026-04-04T16:00:00.000Z', 15],
    ],
  );
  const day = windowIntervals(
    [{ days: [7], start: '00:00', end: '00:00' }],
    zone,
    t('2026-03-20T00:00:00Z'),
    t('2026-04-01T00:00:00Z'),
  );
  assert.equal((day.at(-1)!.end - day.at(-1)!.start) / HOUR, 23);
  assert.deepEqual(
    mergeIntervals([
      { start: 5, end: 8 },
      { start: 1, end: 3 },
      { start: 3, end: 4 },
      { start: 6, end: 7 },
    ]),
    [
      { start: 1, end: 4 },
      { start: 5, end: 8 },
    ],
  );
});

test('layerCoverage cuts shifts to restrictions; wrapped and same-day windows agree', () => {
  const zone = 'Europe/Amsterdam';
  const sameDay = layer({
    restrictions: [
      { days: [1, 2, 3, 4, 5], start: '00:00', end: '09:00' },
      { days: [1, 2, 3, 4, 5], start: '18:00', end: '24:00' },
      { days: [6, 7], start: '00:00', end: '24:00' },
    ],
  });
  const wrapped = layer({
    restrictions: [
      { days: [1, 2, 3, 4, 5], start: '18:00', end: '09:00' },
      { days: [6, 7], start: '00:00', end: '00:00' },
      { days: [1], start: '00:00', end: '09:00' },
    ],
  });
  const from = t('2026-03-20T00:00:00Z');
  const to = t('2026-04-10T00:00:00Z');
  const a = layerCoverage(sameDay, zone, from, to);
  const b = layerCoverage(wrapped, zone, from, to);
  assert.deepEqual(a, b);
  // Tuesday: Monday's evening piece runs until 09:00, Tuesday's from 18:00 into Wednesday.
  const tuesday = a.filter((x) => x.end > t('2026-03-23T23:00:00Z') && x.start < t('2026-03-24T23:00:00Z'));
  assert.deepEqual(
    tuesday.map((x) => [x.userId, localTime(x.start, zone), localTime(x.end, zone)]),
    [
      ['cat', '18:00', '09:00'], // shift 77 (Monday's): 77 mod 3 = 2
      ['ann', '18:00', '09:00'], // shift 78 (Tuesday's)
    ],
  );
  assert.equal(a[0]!.start, from);
  assert.equal(a.at(-1)!.end, to);
});

test('windows of the first and last day outside the range are left out, not kept as empty pieces', () => {
  const every = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '10:00', end: '12:00' }];
  const w = windowIntervals(every, 'UTC', t('2026-03-04T11:00:00Z'), t('2026-03-05T11:00:00Z'));
  assert.deepEqual(
    w.map((x) => [iso(x.start), iso(x.end)]),
    [
      ['2026-03-04T11:00:00.000Z', '2026-03-04T12:00:00.000Z'],
      ['2026-03-05T10:00:00.000Z', '2026-03-05T11:00:00.000Z'],
    ],
  );
  assert.deepEqual(windowIntervals(every, 'UTC', t('2026-03-04T11:00:00Z'), t('2026-03-04T11:00:00Z')), []);
  const late = windowIntervals(every, 'UTC', t('2026-03-04T12:30:00Z'), t('2026-03-05T09:00:00Z'));
  assert.deepEqual(late, []);
});

test('layerCoverage without restrictions is the rotation clipped to the range', () => {
  const l = layer({ users: ['ann', 'bob'], start: '2026-03-01' });
  const c = layerCoverage(l, 'UTC', t('2026-03-02T12:00:00Z'), t('2026-03-03T12:00:00Z'));
  assert.deepEqual(
    c.map((x) => [x.userId, x.index, iso(x.start), iso(x.end)]),
    [
      ['bob', 1, '2026-03-02T12:00:00.000Z', '2026-03-03T09:00:00.000Z'],
      ['ann', 2, '2026-03-03T09:00:00.000Z', '2026-03-03T12:00:00.000Z'],
    ],
  );
});

test('a window across a handoff is split between the two people; shifts after the last window get nothing', () => {
  const l = layer({
    users: ['ann', 'bob'],
    start: '2026-03-01',
    restrictions: [{ days: [1], start: '08:00', end: '10:00' }], // Mondays only
  });
  // Monday 2 March to Wednesday 4 March: one window, across Monday's 09:00 handoff.
  const c = layerCoverage(l, 'UTC', t('2026-03-02T00:00:00Z'), t('2026-03-04T12:00:00Z'));
  assert.deepEqual(
    c.map((x) => [x.userId, iso(x.start), iso(x.end)]),
    [
      ['ann', '2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z'],
      ['bob', '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
    ],
  );
});
