/**
 * Holds keep an incident out of statuses until something is done: a firm hold refuses the move
 * (409 naming what is missing), an overridable one lets it through only with a reason, which the
 * timeline keeps. Released holds block nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { placeHold, releaseHold } from '../../src/incidents/holds.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let id: string;
let number: number;

before(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Checkout fails', scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  ({ id, number } = res.body);
});
after(() => t.close());

const move = (body: Record<string, unknown>) =>
  t.call('responder', { method: 'POST', url: `/api/v1/incidents/${number}/status`, payload: body });

test('an overridable hold needs a reason to resolve, and the timeline keeps it', async () => {
  await placeHold(t.db.pool, {
    incidentId: id,
    key: 'unverified',
    blocks: ['resolved'],
    message: 'the fix is not verified on its metric yet',
    overridable: true,
    at: t.clock.now(),
  });
  const holds = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${number}/holds` });
  assert.equal(holds.status, 200);
  assert.deepEqual(
    holds.body.items.map((h: { key: string; blocks: string[] }) => [h.key, h.blocks]),
    [['unverified', ['resolved']]],
  );
  assert.equal((await move({ status: 'investigating' })).status, 200, 'a status not blocked is free');
  const refused = await move({ status: 'resolved', summary: 'Restarted the workers' });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.details[0].field, 'body.overrideReason');
  assert.match(refused.body.error.message, /not verified on its metric yet/);
  const passed = await move({
    status: 'resolved',
    summary: 'Restarted the workers',
    overrideReason: 'Metric endpoint is down; checked by hand',
  });
  assert.equal(passed.status, 200, JSON.stringify(passed.body));
  const timeline = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${number}/timeline` });
  const resolved = timeline.body.items.find((e: { kind: string }) => e.kind === 'resolved');
  assert.deepEqual(resolved.data.overridden, [
    { key: 'unverified', message: 'the fix is not verified on its metric yet' },
  ]);
  assert.equal(resolved.data.overrideReason, 'Metric endpoint is down; checked by hand');
});

test('a firm hold refuses the move until it is released', async () => {
  await placeHold(t.db.pool, {
    incidentId: id,
    key: 'deviation:1',
    blocks: ['closed'],
    message: 'deviation "skipped review" has no tech-debt item',
    at: t.clock.now(),
  });
  const refused = await move({ status: 'closed', overrideReason: 'Just close it' });
  assert.equal(refused.status, 409);
  assert.match(
    refused.body.error.message,
    /Cannot move #\d+ to closed: deviation "skipped review" has no tech-debt item/,
  );
  assert.equal(await releaseHold(t.db.pool, id, 'deviation:1'), true);
  assert.equal((await move({ status: 'closed' })).status, 200);
});
