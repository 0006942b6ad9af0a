/**
 * The chat listener on a running app: with the domains' start work done (LISTEN on the timeline
 * announcements, the worker running) and time standing still, so the every-minute reconcile never
 * comes due, a declared expedite incident reaches the broadcast channel and a change of owner edits
 * it, each within seconds, from the announcement alone. The app then closes without hanging.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withTransaction } from '../../src/db/pool.ts';
import { appendTimeline } from '../../src/incidents/timeline.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';

let t: TestApp;
let slack: FakeSlack;

before(async () => {
  slack = await startFakeSlack();
  slack.workspace.addChannel('expedite');
  t = await createTestApp({
    env: { EXPEDITE_SLACK_TOKEN: slack.token, EXPEDITE_SLACK_API_URL: slack.apiUrl },
  });
  const saved = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/chat/settings',
    payload: {
      broadcastChannel: '#expedite',
      deploymentsChannel: null,
      teamsWebhookUrl: null,
      mattermostWebhookUrl: null,
      channelRule: { p1: false, moreThanResponders: null },
      reaction: 'pushpin',
      overrides: [],
    },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  await t.app.startWork();
});
after(async () => {
  await t.close();
  await slack.close();
});

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('an announced declaration and change reach the broadcast message without the reconcile', async () => {
  const broadcast = slack.workspace.byName('expedite')!;
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Orders stuck in pending', urgency: 'P1', urgencyReason: 'sales' },
  });
  assert.equal(inc.status, 201);
  await until(() => slack.messages.some((m) => m.channel === broadcast.id));
  t.clock.advance(1_000);
  // Alerts arriving (the busiest kind) change nothing the message shows: no sync is asked for them.
  await withTransaction(t.db.pool, (tx) =>
    appendTimeline(tx, {
      incidentId: inc.body.id,
      at: t.clock.now(),
      actorId: null,
      kind: 'alerts',
      data: { added: 1 },
    }),
  );
  const { rows: alerts } = await t.db.pool.query<{ id: string }>(
    "SELECT id::text FROM timeline_entries WHERE incident_id = $1 AND kind = 'alerts'",
    [inc.body.id],
  );
  const owned = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.number}/ownership`,
  });
  assert.ok(owned.status < 300, JSON.stringify(owned.body));
  await until(() => slack.workspace.updates.some((u) => /owner Responder$/.test(u.text ?? '')));
  assert.equal(slack.messages.filter((m) => m.channel === broadcast.id).length, 1);
  assert.deepEqual(slack.violations, []);
  const { rows: syncs } = await t.db.pool.query("SELECT 1 FROM jobs WHERE key = 'chat-sync:' || $1", [
    alerts[0]!.id,
  ]);
  assert.deepEqual(syncs, [], 'no sync for an alerts entry');
});
