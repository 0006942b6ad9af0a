import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedShifts } from './feed.ts';
import { icalFeed } from './ical.ts';
import type { Schedule } from './schema.ts';

// Weekly hand-offs on Mondays 10:00 in Kolkata (04:30Z); ann and bob alternate.
const weekly: Schedule = {
  timeZone: 'Asia/Kolkata',
  layers: [
    {
      id: 'w',
      name: 'Week',
      users: ['ann', 'bob'],
      rotation: { kind: 'weekly' },
      handoffTime: '10:00',
      start: '2026-01-05',
    },
  ],
  overrides: [],
};

test('shifts at the window edges are given whole, so their starts do not move with the window', () => {
  const span = (from: string, to: string) =>
    feedShifts([{ id: 's1', name: 'Ops', definition: weekly }], 'ann', new Date(from), new Date(to)).map(
      (s) => `${s.start.toISOString()} ${s.end.toISOString()} ${s.scheduleName}`,
    );
  const expected = [
    '2026-01-05T04:30:00.000Z 2026-01-12T04:30:00.000Z Ops',
    '2026-01-19T04:30:00.000Z 2026-01-26T04:30:00.000Z Ops',
  ];
  assert.deepEqual(span('2026-01-08T00:00:00Z', '2026-01-20T00:00:00Z'), expected);
  assert.deepEqual(span('2026-01-09T13:17:00Z', '2026-01-21T13:17:00Z'), expected);
});

test('UIDs name the schedule of each shift and titles its name', () => {
  const at = (iso: string) => new Date(iso);
  const ics = icalFeed(
    'Ann',
    [
      { userId: 'ann', start: at('2026-01-05T04:30:00Z'), end: at('2026-01-12T04:30:00Z'), layerId: 'w', scheduleId: 's1', scheduleName: 'Ops' },
      { userId: 'ann', start: at('2026-01-05T04:30:00Z'), end: at('2026-01-12T04:30:00Z'), layerId: 'w', scheduleId: 's2', scheduleName: 'Web' },
    ],
    { prodId: '-//T//EN', calendarName: 'Ann on call', now: at('2026-01-06T00:00:00Z'), scheduleId: 'all' },
  ); // prettier-ignore
  assert.deepEqual(
    [...ics.matchAll(/^(UID|SUMMARY):(.*)\r$/gm)].map((m) => m[2]),
    [
      's1-ann-20260105T043000Z@expedite',
      'Ann on call – Ops',
      's2-ann-20260105T043000Z@expedite',
      'Ann on call – Web',
    ],
  );
});
