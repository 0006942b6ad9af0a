import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scheduleSchema } from './schema.ts';

const valid = {
  timeZone: 'Europe/Amsterdam',
  layers: [
    {
      id: 'primary',
      name: 'Primary',
      users: ['ann', 'bob'],
      rotation: { kind: 'weekly' },
      handoffTime: '09:00',
      handoffDay: 1,
      start: '2026-03-02',
    },
    {
      id: 'ooh',
      name: 'Out of hours',
      users: ['xia'],
      rotation: { kind: 'custom', hours: 12 },
      handoffTime: '18:00',
      start: '2026-03-02',
      restrictions: [{ days: [1, 2, 3, 4, 5], start: '18:00', end: '09:00' }],
    },
  ],
  overrides: [
    { userId: 'dee', start: '2026-03-03T10:00:00+01:00', end: '2026-03-03T12:00:00Z', replaces: 'ann' },
  ],
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
};

const issues = (value: unknown) =>
  scheduleSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

test('a valid schedule parses; overrides default to none', () => {
  assert.deepEqual(issues(valid), []);
  assert.deepEqual(scheduleSchema.parse({ ...valid, overrides: undefined }).overrides, []);
});

test('invalid schedules are rejected with a path', () => {
  const layer = valid.layers[0]!;
  const bad = (over: object) => issues({ ...valid, ...over });
  assert.match(bad({ timeZone: 'Mars/Olympus' }).join(), /timeZone: unknown time zone/);
  assert.match(bad({ layers: [{ ...layer, handoffTime: '9:00' }] }).join(), /layers\.0\.handoffTime/);
  assert.match(bad({ layers: [{ ...layer, handoffTime: '24:00' }] }).join(), /layers\.0\.handoffTime/);
  assert.match(bad({ layers: [{ ...layer, start: '2026-02-30' }] }).join(), /layers\.0\.start: no such date/);
  assert.match(bad({ layers: [{ ...layer, users: [] }] }).join(), /layers\.0\.users/);
  assert.match(bad({ layers: [{ ...layer, id: 'override' }] }).join(), /reserved/);
  assert.match(bad({ layers: [layer, layer] }).join(), /layer ids must be unique/);
  assert.match(bad({ layers: [{ ...layer, handoffDay: 8 }] }).join(), /handoffDay/);
  assert.match(
    bad({ layers: [{ ...layer, rotation: { kind: 'daily' } }] }).join(),
    /handoffDay applies to weekly rotations only/,
  );
  assert.match(
    bad({ layers: [{ ...layer, rotation: { kind: 'custom', hours: 0.5 } }] }).join(),
    /rotation\.hours/,
  );
  assert.match(bad({ layers: [{ ...layer, rotation: { kind: 'monthly' } }] }).join(), /rotation/);
  assert.match(
    bad({ overrides: [{ userId: 'a', start: '2026-03-03T12:00:00Z', end: '2026-03-03T12:00:00Z' }] }).join(),
    /end must be after start/,
  );
  assert.match(
    bad({ overrides: [{ userId: 'a', start: '2026-03-03 12:00', end: '2026-03-04T12:00:00Z' }] }).join(),
    /overrides\.0\.start/,
  );
  assert.match(bad({ businessHours: { days: [1, 1], start: '09:00', end: '18:00' } }).join(), /distinct/);
  assert.match(
    bad({ businessHours: { days: [0], start: '09:00', end: '18:00' } }).join(),
    /businessHours\.days/,
  );
  assert.deepEqual(bad({ businessHours: { days: [6, 7], start: '00:00', end: '24:00' } }), []);
});
