/**
 * Ownership through the HTTP API on a real database: first contact takes ownership, a handover
 * needs a note and a person who may own incidents, roles come and go, every change is on the
 * timeline, and the incident list filters by owner.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

/** Declares an incident as the responder and returns its URL. */
async function declared(title: string): Promise<string> {
  const res = await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload: { title } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return `/api/v1/incidents/${res.body.number}`;
}

async function timeline(url: string): Promise<{ kind: string; actor: { name: string } | null; data: any }[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `${url}/timeline` });
  assert.equal(res.status, 200);
  return res.body.items;
}

const kinds = async (url: string) => (await timeline(url)).map((e) => e.kind);

describe('taking ownership', () => {
  test('the first responder becomes owner; taking it again changes nothing', async () => {
    const url = await declared('Orders stuck in pending');
    t.clock.advance(60_000);
    const own = await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    assert.equal(own.status, 200);
    assert.equal(own.body.owner.email, 'responder@example.com');
    assert.equal(own.body.updatedAt, '2026-03-01T09:01:00.000Z');
    t.clock.advance(60_000);
    const again = await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    assert.equal(again.status, 200);
    assert.equal(again.body.owner.email, 'responder@example.com');
    assert.equal(again.body.updatedAt, '2026-03-01T09:01:00.000Z', 'no change, no new time');
    const entries = await timeline(url);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['declared', 'ownership-taken'],
    );
    assert.equal(entries[1]!.actor!.name, 'Responder');
    assert.deepEqual(entries[1]!.data.owner, { id: t.users.responder.id, name: 'Responder' });
  });

  test('someone else cannot take an owned incident: 409 asking for a handover', async () => {
    const url = await declared('Search times out');
    await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    const steal = await t.call('admin', { method: 'POST', url: `${url}/ownership` });
    assert.equal(steal.status, 409);
    assert.equal(steal.body.error.code, 'conflict');
    assert.match(steal.body.error.message, /^Incident #\d+ already has an owner; ask them to hand it over$/);
    const after = await t.call('stakeholder', { method: 'GET', url });
    assert.equal(after.body.owner.email, 'responder@example.com');
    assert.deepEqual(await kinds(url), ['declared', 'ownership-taken']);
  });

  test('an unknown incident is 404', async () => {
    const res = await t.call('responder', { method: 'POST', url: '/api/v1/incidents/987654/ownership' });
    assert.equal(res.status, 404);
  });
});

describe('handing over', () => {
  test('the API refuses a handover without a note, or with a blank one', async () => {
    const url = await declared('Invoices not sent');
    await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    await t.addUser('responder', 'noel@example.com', 'Noel');
    for (const payload of [
      { to: 'noel@example.com' },
      { to: 'noel@example.com', note: '' },
      { to: 'noel@example.com', note: '   ' },
    ]) {
      const res = await t.call('responder', { method: 'POST', url: `${url}/handover`, payload });
      assert.equal(res.status, 400, JSON.stringify(payload));
      assert.equal(res.body.error.details[0].field, 'body.note');
    }
    const still = await t.call('stakeholder', { method: 'GET', url });
    assert.equal(still.body.owner.email, 'responder@example.com');
    assert.deepEqual(await kinds(url), ['declared', 'ownership-taken']);
  });

  test('the owner hands over with a note: the new owner and the note are on the timeline', async () => {
    const url = await declared('Emails bounce');
    await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    const ada = await t.addUser('responder', 'ada@example.com', 'Ada');
    t.clock.advance(60_000);
    const hand = await t.call('responder', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: 'ada@example.com', note: '  Going off shift; the queue is draining  ' },
    });
    assert.equal(hand.status, 200, JSON.stringify(hand.body));
    assert.equal(hand.body.owner.email, 'ada@example.com');
    const entries = await timeline(url);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['declared', 'ownership-taken', 'handed-over'],
    );
    assert.equal(entries[2]!.actor!.name, 'Responder');
    assert.deepEqual(entries[2]!.data, {
      from: t.users.responder.id,
      to: { id: ada.id, name: 'Ada' },
      note: 'Going off shift; the queue is draining',
    });
    // The new owner may hand it on by id; the former owner no longer may.
    const back = await t.call('responder', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: t.users.admin.id, note: 'Taking it back' },
    });
    assert.equal(back.status, 403);
    assert.equal(back.body.error.message, 'Only the owner (or an admin) can hand over an incident');
  });

  test('an admin who does not own it may hand it over; another responder may not', async () => {
    const url = await declared('Reports are empty');
    await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    const other = await t.addUser('responder', 'otto@example.com', 'Otto');
    const denied = await t.app.inject({
      method: 'POST',
      url: `${url}/handover`,
      headers: { authorization: `Bearer ${other.token}` },
      payload: { to: 'otto@example.com', note: 'Mine now' },
    });
    assert.equal(denied.statusCode, 403);
    const byAdmin = await t.call('admin', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: 'otto@example.com', note: 'Responder is ill' },
    });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    assert.equal(byAdmin.body.owner.email, 'otto@example.com');
  });

  test('a handover of an unowned incident works only for an admin', async () => {
    const url = await declared('Nobody owns this');
    const denied = await t.call('responder', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: 'responder@example.com', note: 'Taking it' },
    });
    assert.equal(denied.status, 403);
    const byAdmin = await t.call('admin', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: 'responder@example.com', note: 'Please look' },
    });
    assert.equal(byAdmin.status, 200);
    const entries = await timeline(url);
    assert.equal(entries.at(-1)!.data.from, null);
  });

  test('the new owner must be someone else who may own incidents', async () => {
    const url = await declared('Slow dashboards');
    await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    const cases: [string, RegExp][] = [
      ['responder@example.com', /^responder@example\.com already owns this incident$/],
      ['stakeholder@example.com', /^stakeholder@example\.com is stakeholder and cannot own incidents$/],
      ['support@example.com', /^support@example\.com is support and cannot own incidents$/],
      ['ghost@example.com', /^no person "ghost@example\.com"$/],
    ];
    for (const [to, message] of cases) {
      const res = await t.call('responder', {
        method: 'POST',
        url: `${url}/handover`,
        payload: { to, note: 'Over to you' },
      });
      assert.equal(res.status, 400, to);
      assert.equal(res.body.error.details[0].field, 'body.to', to);
      assert.match(res.body.error.details[0].message, message);
    }
    assert.deepEqual(await kinds(url), ['declared', 'ownership-taken']);
  });
});

describe('roles', () => {
  test('assigning twice records once; removing a role it does not have is 404', async () => {
    const url = await declared('Exports fail');
    const assign = () =>
      t.call('responder', {
        method: 'POST',
        url: `${url}/roles`,
        payload: { person: 'admin@example.com', role: 'comms-lead' },
      });
    assert.equal((await assign()).status, 200);
    const twice = await assign();
    assert.deepEqual(
      twice.body.roles.map((r: { role: string; person: { email: string } }) => [r.role, r.person.email]),
      [['comms-lead', 'admin@example.com']],
    );
    const removed = await t.call('responder', {
      method: 'DELETE',
      url: `${url}/roles/comms-lead/admin@example.com`,
    });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.roles, []);
    const again = await t.call('responder', {
      method: 'DELETE',
      url: `${url}/roles/comms-lead/admin@example.com`,
    });
    assert.equal(again.status, 404);
    assert.match(again.body.error.message, /^admin@example\.com does not have the role comms-lead on #\d+$/);
    const entries = await timeline(url);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['declared', 'role-assigned', 'role-removed'],
    );
    assert.deepEqual(entries[1]!.data, {
      role: 'comms-lead',
      person: { id: t.users.admin.id, name: 'Admin' },
    });
    assert.deepEqual(entries[2]!.data, {
      role: 'comms-lead',
      person: { id: t.users.admin.id, name: 'Admin' },
    });
  });

  test('a role for or from an unknown person is 400 naming the field', async () => {
    const url = await declared('Images missing');
    const res = await t.call('responder', {
      method: 'POST',
      url: `${url}/roles`,
      payload: { person: 'nobody@example.com', role: 'developer' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0].field, 'body.person');
    const removal = await t.call('responder', {
      method: 'DELETE',
      url: `${url}/roles/developer/nobody@example.com`,
    });
    assert.equal(removal.status, 400);
    assert.equal(removal.body.error.details[0].field, 'params.person');
  });
});

describe('the list by owner', () => {
  test('owner=none lists only unowned incidents; owner=me and an email list only theirs', async () => {
    const fresh = await createTestApp();
    try {
      const make = async (title: string) =>
        (await fresh.call('responder', { method: 'POST', url: '/api/v1/incidents', payload: { title } })).body
          .number as number;
      const mine = await make('Owned by the responder');
      const admins = await make('Owned by the admin');
      const nobodys = await make('Owned by nobody');
      await fresh.call('responder', { method: 'POST', url: `/api/v1/incidents/${mine}/ownership` });
      await fresh.call('admin', { method: 'POST', url: `/api/v1/incidents/${admins}/ownership` });
      const titles = async (as: 'responder' | 'stakeholder', owner: string) => {
        const res = await fresh.call(as, { method: 'GET', url: `/api/v1/incidents?owner=${owner}` });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.items.map((i: { title: string }) => i.title);
      };
      assert.deepEqual(await titles('stakeholder', 'none'), ['Owned by nobody']);
      assert.deepEqual(await titles('responder', 'me'), ['Owned by the responder']);
      assert.deepEqual(await titles('stakeholder', 'admin@example.com'), ['Owned by the admin']);
      assert.deepEqual(await titles('stakeholder', ''), [
        'Owned by nobody',
        'Owned by the admin',
        'Owned by the responder',
      ]);
      assert.equal(nobodys, mine + 2);
      const unknown = await fresh.call('stakeholder', {
        method: 'GET',
        url: '/api/v1/incidents?owner=ghost@example.com',
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.details[0].field, 'query.owner');
    } finally {
      await fresh.close();
    }
  });
});
