import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  formatLocalDate,
  instantToZoned,
  isValidTimeZone,
  isoWeekday,
  parseLocalDate,
  parseTime,
  zonedTimeToInstant,
} from './zoned-time.ts';

const DAY = 86_400_000;

const iso = (date: string, time: string, zone: string) => zonedTimeToInstant(date, time, zone).toISOString();
const wall = (instant: string, zone: string) => {
  const z = instantToZoned(new Date(instant), zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${z.year}-${p(z.month)}-${p(z.day)} ${p(z.hour)}:${p(z.minute)}:${p(z.second)} ${z.offsetMs / 60_000}`;
};

test('instantToZoned reads the wall clock, weekday and offset', () => {
  assert.equal(wall('2026-01-15T12:00:00Z', 'Europe/Amsterdam'), '2026-01-15 13:00:00 60');
  assert.equal(wall('2026-07-15T12:00:00Z', 'Europe/Amsterdam'), '2026-07-15 14:00:00 120');
  assert.equal(wall('2026-07-15T12:00:00Z', 'Asia/Kolkata'), '2026-07-15 17:30:00 330');
  assert.equal(wall('2026-07-15T12:00:00Z', 'Asia/Kathmandu'), '2026-07-15 17:45:00 345');
  assert.equal(wall('2026-07-15T12:00:00Z', 'Australia/Lord_Howe'), '2026-07-15 22:30:00 630');
  assert.equal(wall('2026-01-15T12:00:00Z', 'Australia/Lord_Howe'), '2026-01-15 23:00:00 660');
  assert.equal(wall('2026-01-15T23:59:59.999Z', 'UTC'), '2026-01-15 23:59:59 0');
  assert.equal(wall('2026-01-15T04:00:00Z', 'America/New_York'), '2026-01-14 23:00:00 -300');
  assert.equal(instantToZoned(new Date('2026-03-29T12:00:00Z'), 'Europe/Amsterdam').weekday, 7);
  assert.equal(instantToZoned(new Date('2026-03-29T23:30:00Z'), 'Europe/Amsterdam').weekday, 1);
  assert.throws(() => instantToZoned(new Date(NaN), 'UTC'), RangeError);
});

test('zonedTimeToInstant maps ordinary wall times', () => {
  assert.equal(iso('2026-01-05', '09:00', 'Europe/Amsterdam'), '2026-01-05T08:00:00.000Z');
  assert.equal(iso('2026-07-06', '09:00', 'Europe/Amsterdam'), '2026-07-06T07:00:00.000Z');
  assert.equal(iso('2026-07-06', '09:00', 'America/New_York'), '2026-07-06T13:00:00.000Z');
  assert.equal(iso('2026-07-06', '09:00', 'Asia/Kolkata'), '2026-07-06T03:30:00.000Z');
  assert.equal(iso('2026-01-01', '00:00', 'Asia/Kolkata'), '2025-12-31T18:30:00.000Z');
  assert.equal(iso('2026-07-06', '24:00', 'UTC'), '2026-07-07T00:00:00.000Z');
  assert.equal(iso('2026-07-06', '00:00', 'Pacific/Kiritimati'), '2026-07-05T10:00:00.000Z');
  assert.equal(
    zonedTimeToInstant({ year: 2026, month: 1, day: 5 }, '09:00', 'UTC').toISOString(),
    '2026-01-05T09:00:00.000Z',
  );
});

test('a wall time in the spring-forward gap maps to the first instant after the gap', () => {
  // Amsterdam 2026-03-29: 02:00 CET → 03:00 CEST at 01:00Z.
  assert.equal(iso('2026-03-29', '02:00', 'Europe/Amsterdam'), '2026-03-29T01:00:00.000Z');
  assert.equal(iso('2026-03-29', '02:30', 'Europe/Amsterdam'), '2026-03-29T01:00:00.000Z');
  assert.equal(iso('2026-03-29', '02:59', 'Europe/Amsterdam'), '2026-03-29T01:00:00.000Z');
  assert.equal(iso('2026-03-29', '03:00', 'Europe/Amsterdam'), '2026-03-29T01:00:00.000Z');
  assert.equal(iso('2026-03-29', '01:59', 'Europe/Amsterdam'), '2026-03-29T00:59:00.000Z');
  assert.equal(wall('2026-03-29T01:00:00Z', 'Europe/Amsterdam'), '2026-03-29 03:00:00 120');
  // New York 2026-03-08: 02:00 EST → 03:00 EDT at 07:00Z.
  assert.equal(iso('2026-03-08', '02:30', 'America/New_York'), '2026-03-08T07:00:00.000Z');
  // Lord Howe 2026-10-04: 02:00 → 02:30 (+10:30 → +11), a 30-minute gap.
  assert.equal(iso('2026-10-04', '02:15', 'Australia/Lord_Howe'), '2026-10-03T15:30:00.000Z');
  assert.equal(iso('2026-10-04', '02:30', 'Australia/Lord_Howe'), '2026-10-03T15:30:00.000Z');
  // Samoa skipped 2011-12-30 entirely: any time that day is the start of 2011-12-31.
  assert.equal(iso('2011-12-30', '09:00', 'Pacific/Apia'), '2011-12-30T10:00:00.000Z');
  assert.equal(wall('2011-12-30T10:00:00Z', 'Pacific/Apia'), '2011-12-31 00:00:00 840');
});

test('a repeated wall time (fall back) maps to its first occurrence', () => {
  // Amsterdam 2026-10-25: 03:00 CEST → 02:00 CET at 01:00Z; 02:30 happens at 00:30Z and 01:30Z.
  assert.equal(iso('2026-10-25', '02:30', 'Europe/Amsterdam'), '2026-10-25T00:30:00.000Z');
  assert.equal(iso('2026-10-25', '02:00', 'Europe/Amsterdam'), '2026-10-25T00:00:00.000Z');
  assert.equal(iso('2026-10-25', '03:00', 'Europe/Amsterdam'), '2026-10-25T02:00:00.000Z');
  // New York 2026-11-01: 01:30 EDT (05:30Z) before 01:30 EST (06:30Z).
  assert.equal(iso('2026-11-01', '01:30', 'America/New_York'), '2026-11-01T05:30:00.000Z');
  // Lord Howe 2026-04-05: 02:00 → 01:30, so 01:45 happens twice.
  assert.equal(iso('2026-04-05', '01:45', 'Australia/Lord_Howe'), '2026-04-04T14:45:00.000Z');
});

const zones = [
  'Europe/Amsterdam',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Pacific/Apia',
  'UTC',
];

test('property: wall clock → instant → wall clock round-trips, picking the earliest instant', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(1975, 0, 1) / 60_000, max: Date.UTC(2060, 0, 1) / 60_000 }),
      fc.constantFrom(...zones),
      (minute, zone) => {
        const t = minute * 60_000;
        const z = instantToZoned(new Date(t), zone);
        const p = (n: number) => String(n).padStart(2, '0');
        const back = zonedTimeToInstant(z, `${p(z.hour)}:${p(z.minute)}`, zone).getTime();
        assert.ok(back <= t, `${zone} ${new Date(t).toISOString()}`);
        const again = instantToZoned(new Date(back), zone);
        assert.deepEqual(
          [again.year, again.month, again.day, again.hour, again.minute],
          [z.year, z.month, z.day, z.hour, z.minute],
        );
        // Only a repeated wall time may map to an earlier instant, and then by at most the repeat.
        if (back !== t) assert.ok(t - back <= 3 * 3_600_000 && again.offsetMs > z.offsetMs);
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: a wall time in a gap maps to the transition, which shows the time after the gap', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(2000, 0, 1) / DAY, max: Date.UTC(2040, 0, 1) / DAY }),
      fc.integer({ min: 0, max: 1439 }),
      fc.constantFrom(...zones),
      (day, minuteOfDay, zone) => {
        const date = new Date(day * DAY);
        const local = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
        const p = (n: number) => String(n).padStart(2, '0');
        const time = `${p(Math.floor(minuteOfDay / 60))}:${p(minuteOfDay % 60)}`;
        const t = zonedTimeToInstant(local, time, zone).getTime();
        const z = instantToZoned(new Date(t), zone);
        const shown = daysBetween(local, z) * 1440 + z.hour * 60 + z.minute;
        // Either exactly the wall time, or (in a gap) a later one right at a transition.
        assert.ok(shown >= minuteOfDay);
        if (shown !== minuteOfDay)
          assert.notEqual(instantToZoned(new Date(t - 1), zone).offsetMs, z.offsetMs);
      },
    ),
    { numRuns: 2000 },
  );
});

test('local date helpers', () => {
  assert.deepEqual(parseLocalDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
  assert.throws(() => parseLocalDate('2025-02-29'), RangeError);
  assert.throws(() => parseLocalDate('2025-2-1'), RangeError);
  assert.equal(formatLocalDate(addDays(parseLocalDate('2024-02-28'), 1)), '2024-02-29');
  assert.equal(formatLocalDate(addDays(parseLocalDate('2026-12-31'), 1)), '2027-01-01');
  assert.equal(formatLocalDate(addDays(parseLocalDate('2026-03-01'), -1)), '2026-02-28');
  assert.equal(daysBetween(parseLocalDate('2026-03-23'), parseLocalDate('2026-03-30')), 7);
  assert.equal(daysBetween(parseLocalDate('2026-03-30'), parseLocalDate('2026-03-23')), -7);
  assert.equal(isoWeekday(parseLocalDate('2026-03-23')), 1);
  assert.equal(isoWeekday(parseLocalDate('2026-03-29')), 7);
  assert.equal(parseTime('00:00'), 0);
  assert.equal(parseTime('09:30'), 570);
  assert.equal(parseTime('24:00'), 1440);
  assert.throws(() => parseTime('24:01'), RangeError);
  assert.throws(() => parseTime('9:00'), RangeError);
  assert.ok(isValidTimeZone('Europe/Amsterdam'));
  assert.ok(isValidTimeZone('UTC'));
  assert.ok(!isValidTimeZone('Europe/Atlantis'));
  assert.ok(!isValidTimeZone(''));
});
