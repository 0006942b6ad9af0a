import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { editFor } from './edit.ts';
import { nextHandoff, onCallAt, shifts } from './on-call.ts';
import type { Layer, Schedule } from './schema.ts';
import { applyEdit } from './versions.ts';

const HOUR = 3_600_000;
const d = (s: string) => new Date(s);
const rota = (users: string[], extra: Partial<Layer> = {}): Layer => ({
  id: 'primary',
  name: 'Primary',
  users,
  rotation: { kind: 'daily' },
  handoffTime: '09:00',
  start: '2026-03-21',
  ...extra,
});
const amsterdam = (users: string[]): Schedule => ({
  timeZone: 'Europe/Amsterdam',
  layers: [rota(users)],
  overrides: [],
});
const list = (s: Schedule, from: string, to: string) =>
  shifts(s, d(from), d(to)).map((x) => `${x.userId} ${x.start.toISOString()}`);

test('adding a person the day before DST starts: past and current shifts stay, the order carries on at the handoff', () => {
  const before = amsterdam(['ann', 'bob', 'cat']);
  const now = d('2026-03-28T12:00:00Z'); // bob's shift (the 9th, from 09:00 CET) is under way
  const { definition, appliesFrom } = editFor(
    before,
    amsterdam(['ann', 'bob', 'cat', 'dan']),
    undefined,
    now,
  );
  // The next handoff is 09:00 CEST, an hour earlier in UTC than the day before.
  assert.equal(appliesFrom?.toISOString(), '2026-03-29T07:00:00.000Z');
  assert.deepEqual(list(definition, '2026-03-26T08:00:00Z', '2026-04-02T07:00:00Z'), [
    'cat 2026-03-26T08:00:00.000Z',
    'ann 2026-03-27T08:00:00.000Z',
    'bob 2026-03-28T08:00:00.000Z',
    'cat 2026-03-29T07:00:00.000Z',
    'dan 2026-03-30T07:00:00.000Z',
    'ann 2026-03-31T07:00:00.000Z',
    'bob 2026-04-01T07:00:00.000Z',
  ]);
  assert.deepEqual(onCallAt(definition, now).userIds, ['bob']);
  assert.deepEqual(definition.earlier, [
    {
      timeZone: 'Europe/Amsterdam',
      layers: [rota(['ann', 'bob', 'cat'])],
      until: '2026-03-29T07:00:00.000Z',
    },
  ]);
});

test('a second edit before the first applies replaces it; overrides already over stay as they were', () => {
  const past = { userId: 'zed', start: '2026-03-21T10:00:00Z', end: '2026-03-21T12:00:00Z' };
  const later = { userId: 'yan', start: '2026-04-03T10:00:00Z', end: '2026-04-03T12:00:00Z' };
  const first = applyEdit(
    { ...amsterdam(['ann', 'bob', 'cat']), overrides: [past] },
    amsterdam(['ann', 'bob', 'cat', 'dan']),
    Date.parse('2026-03-28T12:00:00Z'),
    Date.parse('2026-03-29T07:00:00Z'),
  );
  // The second edit drops the past override and adds one ahead: only the one ahead counts.
  const second = applyEdit(
    first,
    { ...amsterdam(['cat', 'bob']), overrides: [later] },
    Date.parse('2026-03-28T13:00:00Z'),
    Date.parse('2026-03-29T07:00:00Z'),
  );
  assert.deepEqual(second.overrides, [past, later]);
  assert.equal(second.earlier?.length, 1);
  assert.deepEqual(list(second, '2026-03-29T07:00:00Z', '2026-04-01T07:00:00Z'), [
    'cat 2026-03-29T07:00:00.000Z',
    'bob 2026-03-30T07:00:00.000Z',
    'cat 2026-03-31T07:00:00.000Z',
  ]);
  // Only overrides changed: no new version.
  const third = applyEdit(
    second,
    { ...second, earlier: [], overrides: [] },
    Date.parse('2026-03-28T14:00:00Z'),
    Date.parse('2026-03-29T07:00:00Z'),
  );
  assert.equal(third.earlier?.length, 1);
  assert.deepEqual(third.overrides, [past]);
});

test('an edit never applies before now', () => {
  assert.throws(
    () => editFor(amsterdam(['ann']), amsterdam(['bob']), '2026-03-28T11:00:00Z', d('2026-03-28T12:00:00Z')),
    /applyFrom/,
  );
});

const zones = ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const people = fc.uniqueArray(fc.constantFrom<string>('ann', 'bob', 'cat', 'dan', 'eve'), {
  minLength: 1,
  maxLength: 5,
});

test('property: an edit at the next handoff keeps every earlier shift, and the old order hands over there', () => {
  const lo = Date.parse('2026-03-01T00:00:00Z');
  const hi = Date.parse('2027-04-30T00:00:00Z');
  fc.assert(
    fc.property(
      people,
      people,
      fc.constantFrom(...zones),
      fc.constantFrom<Layer['rotation']>(
        { kind: 'daily' },
        { kind: 'weekly' },
        { kind: 'custom', hours: 12 },
      ),
      fc.integer({ min: lo, max: hi }),
      (oldUsers, newUsers, timeZone, rotation, now) => {
        const layer = rota(oldUsers, { rotation, start: '2026-01-15', handoffTime: '02:30' });
        const prev: Schedule = { timeZone, layers: [layer], overrides: [] };
        const next: Schedule = { timeZone, layers: [{ ...layer, users: newUsers }], overrides: [] };
        const { definition, appliesFrom } = editFor(prev, next, undefined, new Date(now));
        const at = appliesFrom!.getTime();
        assert.equal(at, (nextHandoff(prev, new Date(now)) ?? new Date(now)).getTime());
        const back = new Date(lo - 60 * 24 * HOUR);
        assert.deepEqual(shifts(definition, back, new Date(at)), shifts(prev, back, new Date(at)));
        const handing = onCallAt(prev, new Date(at)).userIds[0]!;
        const taking = onCallAt(definition, new Date(at)).userIds[0]!;
        if (newUsers.includes(handing)) assert.equal(taking, handing);
        else assert.ok(newUsers.includes(taking));
        // After the handoff, the new order: each next shift goes to the next person in the new list.
        const after = shifts(definition, new Date(at), new Date(at + 30 * 24 * HOUR));
        for (let i = 1; i < after.length && newUsers.length > 1; i++) {
          const j = newUsers.indexOf(after[i - 1]!.userId);
          assert.equal(after[i]!.userId, newUsers[(j + 1) % newUsers.length]);
        }
      },
    ),
    { numRuns: 200 },
  );
});
