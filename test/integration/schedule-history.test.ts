/**
 * Schedules keep their history, over the HTTP API on a real database: a change to a rotation
 * applies from the next handoff (or a chosen moment), past shifts and the shift under way stay as
 * they were, a preview shows the effect first; and each person's calendar feed has one stable UID
 * per event across fetches and schedules, titles naming the schedule, and an address they can reset.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const HOUR = 3_600_000;
/** A daily rotation handing off at 09:00 Amsterdam time (08:00Z in February and March). */
const daily = (users: string[], start = '2026-02-20') => ({
  timeZone: 'Europe/Amsterdam',
  layers: [
    {
      id: 'primary',
      name: 'Primary',
      users,
      rotation: { kind: 'daily' },
      handoffTime: '09:00',
      start,
    },
  ],
  overrides: [],
});

const who = (body: { shifts: { userId: string; start: string }[] }) =>
  body.shifts.map((s) => `${s.start.slice(5, 10)} ${s.userId}`);

async function shiftsOf(id: string, from: string, to: string) {
  const res = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/schedules/${id}/shifts?from=${from}&to=${to}`,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

describe('editing a rotation', () => {
  test('adding a person keeps every past shift and the current one; the new order starts at the next handoff', async () => {
    t.clock.set(new Date('2026-03-01T09:00:00Z')); // ann's shift (the 10th) is under way
    const made = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Rotation', definition: daily(['ann', 'bob', 'cat']) },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id as string;
    const past = [
      '02-20 ann', '02-21 bob', '02-22 cat', '02-23 ann', '02-24 bob', '02-25 cat', '02-26 ann', '02-27 bob', '02-28 cat',
    ]; // prettier-ignore

    const body = { name: 'Rotation', definition: daily(['ann', 'bob', 'cat', 'dan']) };
    const preview = await t.call('admin', {
      method: 'POST',
      url: `/api/v1/schedules/${id}/preview`,
      payload: body,
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.appliesFrom, '2026-03-02T08:00:00.000Z');
    assert.deepEqual(preview.body.before.onCallNow, ['ann']);
    assert.deepEqual(preview.body.after.onCallNow, ['ann']);
    assert.deepEqual(who(preview.body.after).slice(0, 6), [
      '03-01 ann', '03-02 bob', '03-03 cat', '03-04 dan', '03-05 ann', '03-06 bob',
    ]); // prettier-ignore
    assert.deepEqual(who(preview.body.before).slice(0, 4), [
      '03-01 ann',
      '03-02 bob',
      '03-03 cat',
      '03-04 ann',
    ]);
    // Nothing is saved by a preview.
    assert.deepEqual(
      (await shiftsOf(id, '2026-03-04T12:00:00Z', '2026-03-04T13:00:00Z')).shifts[0].userId,
      'ann',
    );

    const saved = await t.call('admin', { method: 'PUT', url: `/api/v1/schedules/${id}`, payload: body });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.appliesFrom, '2026-03-02T08:00:00.000Z');

    const all = await shiftsOf(id, '2026-02-20T08:00:00Z', '2026-03-07T08:00:00Z');
    assert.deepEqual(who(all), [
      ...past, '03-01 ann', '03-02 bob', '03-03 cat', '03-04 dan', '03-05 ann', '03-06 bob',
    ]); // prettier-ignore
    assert.equal(all.shifts[9].start, '2026-03-01T08:00:00.000Z');
    assert.equal(all.shifts[9].end, '2026-03-02T08:00:00.000Z');
    assert.deepEqual(all.onCall, ['ann']);
  });

  test('an edit can apply now, and never before now', async () => {
    t.clock.set(new Date('2026-03-01T09:00:00Z'));
    const made = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/schedules',
      payload: { name: 'Now', definition: daily(['ann', 'bob', 'cat']) },
    });
    const id = made.body.id as string;
    const early = await t.call('admin', {
      method: 'PUT',
      url: `/api/v1/schedules/${id}`,
      payload: { name: 'Now', definition: daily(['bob', 'cat']), applyFrom: '2026-03-01T08:30:00Z' },
    });
    assert.equal(early.status, 400);
    assert.match(JSON.stringify(early.body), /applyFrom/);
    // Removing the person on call, now: the one after them in the old order takes over at once.
    const now = await t.call('admin', {
      method: 'PUT',
      url: `/api/v1/schedules/${id}`,
      payload: { name: 'Now', definition: daily(['bob', 'cat']), applyFrom: 'now' },
    });
    assert.equal(now.status, 200, JSON.stringify(now.body));
    assert.equal(now.body.appliesFrom, '2026-03-01T09:00:00.000Z');
    const s = await shiftsOf(id, '2026-02-28T08:00:00Z', '2026-03-03T08:00:00Z');
    assert.deepEqual(
      s.shifts.map((x: { userId: string; start: string; end: string }) => `${x.userId} ${x.start}–${x.end}`),
      [
        'cat 2026-02-28T08:00:00.000Z–2026-03-01T08:00:00.000Z',
        'ann 2026-03-01T08:00:00.000Z–2026-03-01T09:00:00.000Z',
        'bob 2026-03-01T09:00:00.000Z–2026-03-02T08:00:00.000Z',
        'cat 2026-03-02T08:00:00.000Z–2026-03-03T08:00:00.000Z',
      ],
    );
  });
});

describe('the calendar feed', () => {
  // Content lines are folded at 75 octets: unfolded before reading.
  const unfold = (ics: string) => ics.replace(/\r\n /g, '');
  const uids = (ics: string) => [...unfold(ics).matchAll(/^UID:(.+)$/gm)].map((m) => m[1]!.trim());

  test('two fetches give identical UIDs, none repeated; titles name the schedule; the address can be reset', async () => {
    t.clock.set(new Date('2026-03-01T09:00:00Z'));
    const me = t.users.responder.id;
    const other = t.users.admin.id;
    for (const name of ['Checkout', 'Payments']) {
      const res = await t.call('admin', {
        method: 'POST',
        url: '/api/v1/schedules',
        payload: { name, definition: daily([other, me], '2026-01-01') },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const { url } = (await t.call('responder', { method: 'GET', url: '/api/v1/me/on-call-feed' })).body;
    const path = new URL(url).pathname;
    const first = await t.call(null, { method: 'GET', url: path });
    assert.equal(first.status, 200);
    t.clock.advance(2 * HOUR + 17 * 60_000);
    const second = await t.call(null, { method: 'GET', url: path });
    const a = uids(first.body);
    const b = uids(second.body);
    // From the shift under way 30 days back to the one 90 days ahead, every other day: 61 a schedule.
    assert.equal(a.length, 122);
    assert.deepEqual(b, a);
    assert.equal(new Set(a).size, a.length);
    assert.match(first.body, /SUMMARY:Responder on call – Checkout\r\n/);
    assert.match(first.body, /SUMMARY:Responder on call – Payments\r\n/);
    // The first event is whole: its real start, not the start of the window.
    assert.match(
      unfold(first.body),
      /BEGIN:VEVENT\r\nUID:[^\r]+\r\nDTSTAMP:[^\r]+\r\nDTSTART:20260130T080000Z\r\n/,
    );

    const reset = await t.call('responder', { method: 'POST', url: '/api/v1/me/on-call-feed/reset' });
    assert.equal(reset.status, 200);
    assert.notEqual(reset.body.url, url);
    assert.equal((await t.call(null, { method: 'GET', url: path })).status, 404);
    assert.equal((await t.call(null, { method: 'GET', url: new URL(reset.body.url).pathname })).status, 200);
  });
});
