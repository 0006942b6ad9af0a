import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const declare = (body: Record<string, unknown>) =>
  t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload: body });

describe('declare', () => {
  test('a full classification gives tagline, urgency and decision', async () => {
    const res = await declare({
      title: 'Clicking on user details gives an error',
      scope: 'ADMINS',
      criticality: 'FBLOCK',
      area: 'FE',
      impact: { experience: 'medium' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.tagline, 'ADMINS-FBLOCK-FE: Clicking on user details gives an error');
    assert.equal(res.body.urgency, 'P3');
    assert.equal(res.body.decision, 'product-owner');
    assert.equal(res.body.status, 'triage');
    assert.ok(res.body.number >= 1);
  });

  test('a title alone is enough (triage); urgency is unknown and the product owner decides', async () => {
    const res = await declare({ title: 'Checkout is slow' });
    assert.equal(res.status, 201);
    assert.equal(res.body.tagline, 'Checkout is slow');
    assert.equal(res.body.urgency, null);
    assert.equal(res.body.decision, 'product-owner');
  });

  test('the known part of the tagline is shown', async () => {
    const res = await declare({ title: 'Login fails', criticality: 'ALLBLOCK' });
    assert.equal(res.body.tagline, 'ALLBLOCK: Login fails');
  });

  test('high business impact raises urgency and expedites', async () => {
    const res = await declare({
      title: 'Payments fail for some',
      scope: 'USERS',
      criticality: 'FBEHAV',
      impact: { revenue: 'high' },
    });
    assert.equal(res.body.urgency, 'P2');
    assert.equal(res.body.decision, 'expedite');
  });

  test('bad input is a 400 naming the field', async () => {
    const res = await declare({ title: 'x', scope: 'EVERYONE' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'invalid_request');
    assert.equal(res.body.error.details[0].field, 'body.scope');
    const missing = await declare({});
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /body\.title/);
  });

  test('overriding urgency at declaration needs a reason', async () => {
    const res = await declare({ title: 'x', urgency: 'P1' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0].field, 'body.urgencyReason');
    const ok = await declare({ title: 'x', urgency: 'P1', urgencyReason: 'Board demo in an hour' });
    assert.equal(ok.body.urgency, 'P1');
    assert.equal(ok.body.decision, 'expedite');
    assert.deepEqual(ok.body.urgencyOverride, { reason: 'Board demo in an hour' });
  });
});

describe('work an incident', () => {
  test('classify, own, hand over, roles, notes, tasks, time, status, resolve — all on the timeline', async () => {
    const d = await declare({ title: 'Search returns nothing' });
    const ref = String(d.body.number);
    const url = `/api/v1/incidents/${ref}`;

    const c = await t.call('responder', {
      method: 'PATCH',
      url: `${url}/classification`,
      payload: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE', reason: 'Confirmed on production' },
    });
    assert.equal(c.status, 200);
    assert.equal(c.body.tagline, 'ALL-USERS-FBLOCK-BE: Search returns nothing');
    assert.equal(c.body.urgency, 'P2');
    assert.equal(c.body.decision, 'expedite');

    const own = await t.call('responder', { method: 'POST', url: `${url}/ownership` });
    assert.equal(own.body.owner.email, 'responder@example.com');
    const steal = await t.call('admin', { method: 'POST', url: `${url}/ownership` });
    assert.equal(steal.status, 409);

    const grace = await t.addUser('responder', 'grace@example.com', 'Grace');
    const hand = await t.call('responder', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: 'grace@example.com', note: 'Going off shift' },
    });
    assert.equal(hand.status, 200);
    assert.equal(hand.body.owner.id, grace.id);
    const notOwner = await t.call('responder', {
      method: 'POST',
      url: `${url}/handover`,
      payload: { to: 'responder@example.com', note: 'back' },
    });
    assert.equal(notOwner.status, 403);

    const role = await t.call('responder', {
      method: 'POST',
      url: `${url}/roles`,
      payload: { person: 'responder@example.com', role: 'comms-lead' },
    });
    assert.deepEqual(
      role.body.roles.map((r: { role: string }) => r.role),
      ['comms-lead'],
    );

    assert.equal(
      (
        await t.call('responder', {
          method: 'POST',
          url: `${url}/notes`,
          payload: { text: 'Index rebuild running' },
        })
      ).status,
      201,
    );
    const task = await t.call('responder', {
      method: 'POST',
      url: `${url}/tasks`,
      payload: { text: 'Check replica lag', assignee: 'grace@example.com' },
    });
    assert.equal(task.status, 201);
    assert.equal(task.body.assignee.name, 'Grace');
    const done = await t.call('responder', {
      method: 'PATCH',
      url: `${url}/tasks/${task.body.id}`,
      payload: { done: true },
    });
    assert.equal(done.body.done, true);
    assert.ok(done.body.doneAt);

    await t.call('responder', {
      method: 'POST',
      url: `${url}/time`,
      payload: { hours: 1.5, description: 'Investigation' },
    });
    await t.call('responder', {
      method: 'POST',
      url: `${url}/time`,
      payload: { hours: 0.25, description: 'Review', person: 'grace@example.com' },
    });
    const time = await t.call('stakeholder', { method: 'GET', url: `${url}/time` });
    assert.equal(time.body.totalHours, 1.75);

    const bad = await t.call('responder', {
      method: 'POST',
      url: `${url}/status`,
      payload: { status: 'closed' },
    });
    assert.equal(bad.status, 409);
    assert.match(bad.body.error.message, /allowed: investigating/);
    await t.call('responder', { method: 'POST', url: `${url}/status`, payload: { status: 'investigating' } });
    const noSummary = await t.call('responder', {
      method: 'POST',
      url: `${url}/status`,
      payload: { status: 'resolved' },
    });
    assert.equal(noSummary.status, 400);
    assert.equal(noSummary.body.error.details[0].field, 'body.summary');
    t.clock.advance(3_600_000);
    const resolved = await t.call('responder', {
      method: 'POST',
      url: `${url}/status`,
      payload: { status: 'resolved', summary: 'Rebuilt the search index' },
    });
    assert.equal(resolved.body.status, 'resolved');
    assert.equal(resolved.body.resolutionSummary, 'Rebuilt the search index');
    assert.equal(resolved.body.resolvedAt, '2026-03-01T10:00:00.000Z');

    const timeline = await t.call('stakeholder', { method: 'GET', url: `${url}/timeline` });
    assert.deepEqual(
      timeline.body.items.map((e: { kind: string }) => e.kind),
      [
        'declared',
        'classified',
        'page-requested', // raised to expedite: routed once
        'ownership-taken',
        'handed-over',
        'role-assigned',
        'note',
        'task-added',
        'task-done',
        'time-logged',
        'time-logged',
        'status-changed',
        'resolved',
      ],
    );
    const classified = timeline.body.items[1];
    assert.equal(classified.actor.name, 'Responder');
    assert.equal(classified.data.reason, 'Confirmed on production');
    assert.deepEqual(classified.data.changes.scope, { from: null, to: 'ALL-USERS' });
    assert.equal(timeline.body.items[4].data.note, 'Going off shift');
  });

  test('the timeline cannot be edited, even in SQL', async () => {
    const d = await declare({ title: 'Append only' });
    await assert.rejects(
      t.db.pool.query('UPDATE timeline_entries SET kind = $1 WHERE incident_id = $2', ['x', d.body.id]),
      /append-only/,
    );
    await assert.rejects(
      t.db.pool.query('DELETE FROM timeline_entries WHERE incident_id = $1', [d.body.id]),
      /append-only/,
    );
  });

  test('overriding urgency requires a reason and is recorded; null returns to the policy', async () => {
    const d = await declare({ title: 'Slow admin', scope: 'S-ADMIN', criticality: 'FBEHAV' });
    assert.equal(d.body.urgency, 'P4');
    const url = `/api/v1/incidents/${d.body.id}/urgency`;
    assert.equal((await t.call('responder', { method: 'PUT', url, payload: { urgency: 'P2' } })).status, 400);
    const up = await t.call('responder', {
      method: 'PUT',
      url,
      payload: { urgency: 'P2', reason: 'Biggest client' },
    });
    assert.equal(up.body.urgency, 'P2');
    const entries = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${d.body.id}/timeline`,
    });
    const overridden = entries.body.items.find((e: { kind: string }) => e.kind === 'urgency-overridden');
    assert.deepEqual(overridden.data.changes.urgency, { from: 'P4', to: 'P2' });
    assert.deepEqual(
      overridden.data.changes.urgencyOverride,
      { from: null, to: 'Biggest client' },
      'API field names',
    );
    const re = await t.call('responder', {
      method: 'PATCH',
      url: `/api/v1/incidents/${d.body.id}/classification`,
      payload: { criticality: 'FBLOCK' },
    });
    assert.equal(re.body.urgency, 'P2', 'a hand-set urgency survives reclassification');
    const back = await t.call('responder', {
      method: 'PUT',
      url,
      payload: { urgency: null, reason: 'Back to normal' },
    });
    assert.equal(back.body.urgency, 'P4');
    assert.equal(back.body.urgencyOverride, null);
  });
});

describe('find', () => {
  test('by number, #number and id; 404 for unknown; 400 for nonsense', async () => {
    const d = await declare({ title: 'Find me' });
    for (const ref of [String(d.body.number), encodeURIComponent(`#${d.body.number}`), d.body.id]) {
      const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${ref}` });
      assert.equal(res.status, 200, ref);
      assert.equal(res.body.id, d.body.id);
    }
    assert.equal(
      (await t.call('stakeholder', { method: 'GET', url: '/api/v1/incidents/999999' })).status,
      404,
    );
    assert.equal(
      (await t.call('stakeholder', { method: 'GET', url: '/api/v1/incidents/not-a-ref' })).status,
      400,
    );
  });

  test('filters, full-text search and cursor pagination', async () => {
    for (let i = 0; i < 7; i++)
      await declare({ title: `Paged incident ${i}`, area: 'DEVOPS', scope: 'ALL', criticality: 'ALLBLOCK' });
    await declare({ title: 'Kubernetes node pressure evicts pods', area: 'DEVOPS' });
    const first = await t.call('stakeholder', {
      method: 'GET',
      url: '/api/v1/incidents?area=DEVOPS&urgency=P1&limit=5',
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 5);
    assert.ok(first.body.items.every((i: { urgency: string }) => i.urgency === 'P1'));
    const second = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents?area=DEVOPS&urgency=P1&limit=5&cursor=${first.body.nextCursor}`,
    });
    assert.equal(second.body.items.length, 2);
    assert.equal(second.body.nextCursor, null);
    const numbers = [...first.body.items, ...second.body.items].map((i: { number: number }) => i.number);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => b - a),
    );
    const found = await t.call('stakeholder', {
      method: 'GET',
      url: '/api/v1/incidents?q=kubernetes%20evicting',
    });
    assert.deepEqual(
      found.body.items.map((i: { title: string }) => i.title),
      ['Kubernetes node pressure evicts pods'],
    );
    const open = await t.call('stakeholder', {
      method: 'GET',
      url: '/api/v1/incidents?status=open&owner=none&limit=200',
    });
    assert.ok(open.body.items.length >= 8);
    const bad = await t.call('stakeholder', { method: 'GET', url: '/api/v1/incidents?status=sleeping' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'query.status');
  });
});
