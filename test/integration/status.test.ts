import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const declare = async (title: string) =>
  (await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload: { title } })).body;
const move = (number: number, payload: Record<string, unknown>) =>
  t.call('responder', { method: 'POST', url: `/api/v1/incidents/${number}/status`, payload });
const timeline = async (number: number) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${number}/timeline` })).body.items;

test('a move to the same status is a conflict that says so', async () => {
  const i = await declare('Same status');
  const res = await move(i.number, { status: 'triage' });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.message, `Incident #${i.number} is already triage`);
});

test('a move that is not allowed names the allowed ones', async () => {
  const i = await declare('Not allowed');
  const res = await move(i.number, { status: 'monitoring' });
  assert.equal(res.status, 409);
  assert.equal(
    res.body.error.message,
    `Cannot move #${i.number} from triage to monitoring; allowed: investigating, fixing, backlogged, declined`,
  );
  assert.deepEqual(res.body.error.details, {
    from: 'triage',
    to: 'monitoring',
    allowed: ['investigating', 'fixing', 'backlogged', 'declined'],
  });
  assert.equal((await move(i.number, { status: 'declined' })).status, 200);
  assert.equal((await move(i.number, { status: 'closed' })).status, 200);
  const closed = await move(i.number, { status: 'triage' });
  assert.equal(closed.status, 409);
  assert.equal(
    closed.body.error.message,
    `Cannot move #${i.number} from closed to triage; allowed: none (closed)`,
  );
});

test('status changes land on the timeline with the note; resolving needs and records a summary', async () => {
  const i = await declare('Search is down');
  const started = await move(i.number, { status: 'investigating', note: 'Looking at the index' });
  assert.equal(started.status, 200);
  assert.equal(started.body.status, 'investigating');
  assert.equal(started.body.resolvedAt, null);
  assert.equal(started.body.resolutionSummary, null);
  await move(i.number, { status: 'fixing', summary: 'Only resolving records a summary' });
  const noSummary = await move(i.number, { status: 'resolved' });
  assert.equal(noSummary.status, 400);
  assert.deepEqual(noSummary.body.error.details, [
    { field: 'body.summary', message: 'a resolution summary is required to resolve' },
  ]);
  t.clock.advance(60_000);
  const resolved = await move(i.number, {
    status: 'resolved',
    summary: 'Rebuilt the index',
    note: 'Verified',
  });
  assert.equal(resolved.body.status, 'resolved');
  assert.equal(resolved.body.resolutionSummary, 'Rebuilt the index');
  const resolvedAt = resolved.body.resolvedAt;
  assert.equal(resolvedAt, t.clock.now().toISOString());
  const items = await timeline(i.number);
  assert.deepEqual(
    items.slice(1).map((e: { kind: string; data: unknown }) => [e.kind, e.data]),
    [
      ['status-changed', { from: 'triage', to: 'investigating', note: 'Looking at the index' }],
      ['status-changed', { from: 'investigating', to: 'fixing' }],
      ['resolved', { from: 'fixing', to: 'resolved', note: 'Verified', summary: 'Rebuilt the index' }],
    ],
  );
});

test('reopening a resolved incident clears its resolution time; closing keeps it', async () => {
  const a = await declare('Reopened');
  await move(a.number, { status: 'investigating' });
  const resolved = await move(a.number, { status: 'resolved', summary: 'Restarted' });
  assert.notEqual(resolved.body.resolvedAt, null);
  const reopened = await move(a.number, { status: 'investigating' });
  assert.equal(reopened.body.status, 'investigating');
  assert.equal(reopened.body.resolvedAt, null);

  const b = await declare('Closed');
  await move(b.number, { status: 'investigating' });
  const done = await move(b.number, { status: 'resolved', summary: 'Fixed' });
  const closed = await move(b.number, { status: 'closed' });
  assert.equal(closed.body.status, 'closed');
  assert.equal(closed.body.resolvedAt, done.body.resolvedAt);
  assert.equal(closed.body.resolutionSummary, 'Fixed');
});
