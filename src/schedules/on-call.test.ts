import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBusinessHours, nextHandoff, onCallAt, shifts, swapOverride } from './on-call.ts';
import type { Layer, Override, Schedule } from './schema.ts';
import { instantToZoned } from './zoned-time.ts';

const d = (s: string) => new Date(s);
const HOUR = 3_600_000;
const zone = 'Europe/Amsterdam';

const dayLayer: Layer = {
  id: 'day',
  name: 'Business day',
  users: ['ann', 'bob'],
  rotation: { kind: 'weekly' },
  handoffTime: '09:00',
  start: '2026-03-02', // a Monday
};
const oohLayer: Layer = {
  id: 'ooh',
  name: 'Out of hours',
  users: ['xia', 'yan'],
  rotation: { kind: 'daily' },
  handoffTime: '09:00',
  start: '2026-03-02',
  restrictions: [
    { days: [1, 2, 3, 4, 5], start: '18:00', end: '09:00' },
    { days: [6, 7], start: '00:00', end: '24:00' },
    { days: [1], start: '00:00', end: '09:00' },
  ],
};
const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  timeZone: zone,
  layers: [dayLayer, oohLayer],
  overrides: [],
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
  ...over,
});
const row = (s: { userId: string; start: Date; end: Date; layerId: string }) => [
  s.userId,
  s.start.toISOString(),
  s.end.toISOString(),
  s.layerId,
];

test('a later layer wins where it has someone: out-of-hours over the business-day layer', () => {
  const s = schedule();
  assert.deepEqual(onCallAt(s, d('2026-03-03T11:00:00Z')), { userIds: ['ann'], layerId: 'day' });
  assert.deepEqual(onCallAt(s, d('2026-03-03T19:00:00Z')), { userIds: ['yan'], layerId: 'ooh' });
  assert.deepEqual(onCallAt(s, d('2026-03-07T11:00:00Z')), { userIds: ['yan'], layerId: 'ooh' }); // Saturday
  assert.deepEqual(onCallAt(s, d('2026-03-09T07:59:59Z')), { userIds: ['xia'], layerId: 'ooh' }); // Mon 08:59
  assert.deepEqual(onCallAt(s, d('2026-03-09T08:00:00Z')), { userIds: ['bob'], layerId: 'day' }); // Mon 09:00
  assert.deepEqual(onCallAt(s, d('2026-01-01T00:00:00Z')), { userIds: [], layerId: null }); // before start
  assert.deepEqual(shifts(s, d('2026-03-03T00:00:00Z'), d('2026-03-04T12:00:00Z')).map(row), [
    ['xia', '2026-03-03T00:00:00.000Z', '2026-03-03T08:00:00.000Z', 'ooh'],
    ['ann', '2026-03-03T08:00:00.000Z', '2026-03-03T17:00:00.000Z', 'day'],
    ['yan', '2026-03-03T17:00:00.000Z', '2026-03-04T08:00:00.000Z', 'ooh'],
    ['ann', '2026-03-04T08:00:00.000Z', '2026-03-04T12:00:00.000Z', 'day'],
  ]);
});

test('property: the out-of-hours layer decides exactly outside business hours, DST weeks included', () => {
  const s = schedule();
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('2026-03-02T08:00:00Z'), max: Date.parse('2027-04-30T00:00:00Z') }),
      (t) => {
        const at = new Date(t);
        const local = instantToZoned(at, zone);
        const minutes = local.hour * 60 + local.minute;
        const business = local.weekday <= 5 && minutes >= 540 && minutes < 1080;
        assert.equal(isBusinessHours(s, at), business, at.toISOString());
        assert.equal(onCallAt(s, at).layerId, business ? 'day' : 'ooh', at.toISOString());
      },
    ),
    { numRuns: 500 },
  );
  assert.equal(isBusinessHours(schedule({ businessHours: undefined }), d('2026-03-03T11:00:00Z')), false);
});

test('an override without replaces stands in for whoever is on call, or covers a gap', () => {
  const o: Override = {
    id: 'cover',
    userId: 'dee',
    start: '2026-03-03T10:00:00Z',
    end: '2026-03-03T20:00:00Z',
  };
  const s = schedule({ overrides: [o] });
  assert.deepEqual(onCallAt(s, d('2026-03-03T12:00:00Z')), {
    userIds: ['dee'],
    layerId: null,
    overrideIndex: 0,
    overrideId: 'cover',
  });
  assert.deepEqual(shifts(s, d('2026-03-03T09:00:00Z'), d('2026-03-03T21:00:00Z')).map(row), [
    ['ann', '2026-03-03T09:00:00.000Z', '2026-03-03T10:00:00.000Z', 'day'],
    ['dee', '2026-03-03T10:00:00.000Z', '2026-03-03T20:00:00.000Z', 'override'],
    ['yan', '2026-03-03T20:00:00.000Z', '2026-03-03T21:00:00.000Z', 'ooh'],
  ]);
  const gap = schedule({
    overrides: [{ userId: 'dee', start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }],
  });
  assert.deepEqual(onCallAt(gap, d('2026-01-01T12:00:00Z')), {
    userIds: ['dee'],
    layerId: null,
    overrideIndex: 0,
  });
});

test('an override with replaces only stands in for that user', () => {
  const o: Override = {
    userId: 'dee',
    start: '2026-03-02T00:00:00Z',
    end: '2026-03-09T00:00:00Z',
    replaces: 'yan',
  };
  const s = schedule({ overrides: [o] });
  const week = shifts(s, d('2026-03-02T08:00:00Z'), d('2026-03-09T00:00:00Z'));
  assert.ok(!week.some((x) => x.userId === 'yan'));
  assert.deepEqual(
    week.filter((x) => x.userId === 'dee').map((x) => x.start.toISOString()),
    ['2026-03-03T17:00:00.000Z', '2026-03-05T17:00:00.000Z', '2026-03-07T08:00:00.000Z'],
  );
  const base = shifts(schedule(), d('2026-03-02T08:00:00Z'), d('2026-03-09T00:00:00Z'));
  assert.deepEqual(
    week.map((x) => [x.start.getTime(), x.end.getTime(), x.userId === 'dee' ? 'yan' : x.userId]),
    base.map((x) => [x.start.getTime(), x.end.getTime(), x.userId]),
  );
  // Replacing someone not on call changes nothing; in a gap nobody is replaced.
  const other = schedule({ overrides: [{ ...o, replaces: 'zed' }] });
  assert.deepEqual(shifts(other, d('2026-03-02T08:00:00Z'), d('2026-03-09T00:00:00Z')), base);
  const gap = schedule({ overrides: [{ ...o, start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }] });
  assert.deepEqual(onCallAt(gap, d('2026-01-01T12:00:00Z')).userIds, []);
});

test('where overrides overlap, the later one wins', () => {
  const s = schedule({
    overrides: [
      { userId: 'dee', start: '2026-03-03T10:00:00Z', end: '2026-03-03T14:00:00Z' },
      { userId: 'eve', start: '2026-03-03T12:00:00Z', end: '2026-03-03T16:00:00Z' },
    ],
  });
  assert.deepEqual(shifts(s, d('2026-03-03T10:00:00Z'), d('2026-03-03T16:00:00Z')).map(row), [
    ['dee', '2026-03-03T10:00:00.000Z', '2026-03-03T12:00:00.000Z', 'override'],
    ['eve', '2026-03-03T12:00:00.000Z', '2026-03-03T16:00:00.000Z', 'override'],
  ]);
});

test('swapOverride: A and B trade shifts within the range only', () => {
  const daily: Layer = { ...dayLayer, rotation: { kind: 'daily' } };
  const base = schedule({ layers: [daily], businessHours: undefined });
  const from = d('2026-03-03T08:00:00Z');
  const to = d('2026-03-05T08:00:00Z');
  const swap = swapOverride(base, 'ann', 'bob', from, to);
  assert.equal(swap.length, 2);
  const s = { ...base, overrides: swap };
  const who = (iso: string) => onCallAt(s, d(iso)).userIds[0];
  assert.equal(onCallAt(base, d('2026-03-03T12:00:00Z')).userIds[0], 'bob');
  assert.equal(who('2026-03-03T12:00:00Z'), 'ann');
  assert.equal(who('2026-03-04T12:00:00Z'), 'bob');
  assert.equal(who('2026-03-02T12:00:00Z'), 'ann'); // before the range: unchanged
  assert.equal(who('2026-03-05T12:00:00Z'), 'bob'); // after the range: unchanged
  assert.throws(() => swapOverride(base, 'ann', 'ann', from, to), RangeError);
  assert.throws(() => swapOverride(base, 'ann', 'bob', to, from), RangeError);
});

test('shifts merges contiguous pieces of one user and clips to the range', () => {
  const solo = schedule({ layers: [{ ...dayLayer, users: ['ann'] }], businessHours: undefined });
  assert.deepEqual(shifts(solo, d('2026-03-10T00:00:00Z'), d('2026-05-01T00:00:00Z')).map(row), [
    ['ann', '2026-03-10T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 'day'],
  ]);
  assert.deepEqual(shifts(solo, d('2026-03-10T00:00:00Z'), d('2026-03-10T00:00:00Z')), []);
  assert.throws(() => shifts(solo, d('nope'), d('2026-03-10T00:00:00Z')), RangeError);
});

test('nextHandoff: the next change of the on-call user', () => {
  const weekly = schedule({ layers: [dayLayer], businessHours: undefined });
  assert.equal(nextHandoff(weekly, d('2026-03-25T00:00:00Z'))?.toISOString(), '2026-03-30T07:00:00.000Z');
  assert.equal(nextHandoff(weekly, d('2026-03-30T07:00:00Z'))?.toISOString(), '2026-04-06T07:00:00.000Z');
  assert.equal(nextHandoff(weekly, d('2026-01-01T00:00:00Z'))?.toISOString(), '2026-03-02T08:00:00.000Z');
  const s = schedule();
  assert.equal(nextHandoff(s, d('2026-03-03T11:00:00Z'))?.toISOString(), '2026-03-03T17:00:00.000Z');
  const solo = schedule({ layers: [{ ...dayLayer, users: ['ann'] }] });
  assert.equal(nextHandoff(solo, d('2026-03-10T00:00:00Z')), null);
  assert.equal(nextHandoff(schedule({ layers: [] }), d('2026-03-10T00:00:00Z')), null);
  const covered = schedule({
    layers: [{ ...dayLayer, users: ['ann'] }],
    overrides: [{ userId: 'dee', start: '2026-05-01T10:00:00Z', end: '2026-05-02T10:00:00Z' }],
  });
  assert.equal(nextHandoff(covered, d('2026-03-10T00:00:00Z'))?.toISOString(), '2026-05-01T10:00:00.000Z');
  assert.equal(nextHandoff(covered, d('2026-05-01T12:00:00Z'))?.toISOString(), '2026-05-02T10:00:00.000Z');
});

const zones = [
  'Europe/Amsterdam',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
];
const layerArb: fc.Arbitrary<Layer> = fc.record({
  id: fc.constant('l'),
  name: fc.constant('L'),
  users: fc.array(fc.constantFrom('ann', 'bob', 'cat', 'dan'), { minLength: 1, maxLength: 4 }),
  rotation: fc.oneof(
    fc.constant({ kind: 'daily' as const }),
    fc.constant({ kind: 'weekly' as const }),
    fc.integer({ min: 1, max: 200 }).map((hours) => ({ kind: 'custom' as const, hours })),
  ),
  handoffTime: fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  start: fc.constantFrom('2025-12-29', '2026-01-01', '2026-02-14'),
});

test('property: a full rotation covers [a, b) with no gaps or overlaps and agrees with onCallAt', () => {
  const lo = Date.parse('2026-03-01T00:00:00Z');
  const hi = Date.parse('2027-04-30T00:00:00Z');
  fc.assert(
    fc.property(
      layerArb,
      fc.constantFrom(...zones),
      fc.integer({ min: lo, max: hi }),
      fc.integer({ min: 1, max: 40 * 24 * HOUR }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 8 }),
      (layer, timeZone, a, length, probes) => {
        const s: Schedule = { timeZone, layers: [layer], overrides: [] };
        const b = a + length;
        const out = shifts(s, new Date(a), new Date(b));
        assert.equal(out[0]!.start.getTime(), a);
        assert.equal(out.at(-1)!.end.getTime(), b);
        for (let i = 1; i < out.length; i++) {
          assert.equal(out[i]!.start.getTime(), out[i - 1]!.end.getTime());
          assert.notEqual(out[i]!.userId, out[i - 1]!.userId); // merged
        }
        for (const p of probes) {
          const t = a + Math.floor(p * length);
          const piece = out.find((x) => x.start.getTime() <= t && t < x.end.getTime())!;
          assert.deepEqual(onCallAt(s, new Date(t)), { userIds: [piece.userId], layerId: 'l' });
        }
      },
    ),
    { numRuns: 300 },
  );
});
