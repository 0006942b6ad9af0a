/**
 * One update, every audience's channel: an update sent with the audiences "internal" and "public"
 * reaches the Slack broadcast channel (through `chat-post-update`) and the public status page
 * (through `statuspage-publish`), the two domains joined only by their jobs. Slack stand-in, real
 * database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { startChatScene, type ChatScene } from '../helpers/chat-scene.ts';

let scene: ChatScene;
let t: TestApp;

before(async () => {
  scene = await startChatScene();
  t = scene.t;
  const saved = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/chat/settings',
    payload: scene.settings,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const page = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/status-pages',
    payload: { name: 'Acme status', slug: 'acme' },
  });
  assert.equal(page.status, 201, JSON.stringify(page.body));
  const component = await t.call('admin', {
    method: 'POST',
    url: `/api/v1/status-pages/${page.body.id}/components`,
    payload: { name: 'Checkout', serviceId: scene.serviceId },
  });
  assert.equal(component.status, 201, JSON.stringify(component.body));
});
after(() => scene.close());

test('an update for the team and the public is posted in #expedite and shown on the status page', async () => {
  const inc = await scene.declare({
    title: 'Checkout fails',
    scope: 'USERS',
    criticality: 'FBLOCK',
    area: 'FE',
    serviceId: scene.serviceId,
    urgency: 'P2',
    urgencyReason: 'payments failing',
    page: false,
    noPageReason: 'on it already',
  });
  await scene.sync();
  const sent = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.number}/updates`,
    payload: {
      stage: 'identified',
      technical: 'Connection pool exhausted on payments-db.',
      plain: 'Paying fails for some customers; we found the cause.',
      audiences: ['internal', 'public'],
    },
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  await t.app.worker.runDue();
  t.clock.advance(1_000);
  await t.app.worker.runDue();

  const inBroadcast = scene.slack.messages
    .filter((m) => m.channel === scene.broadcast.id)
    .map((m) => m.text)
    .filter((x) => x?.includes('payments-db'));
  assert.deepEqual(inBroadcast, [
    `#${inc.number} ${inc.tagline}: update\nConnection pool exhausted on payments-db.`,
  ]);

  const res = await t.app.inject({ method: 'GET', url: '/status/acme/api/v2/incidents.json' });
  assert.equal(res.statusCode, 200);
  const [shown] = res.json().incidents as {
    name: string;
    status: string;
    incident_updates: { status: string; body: string }[];
  }[];
  assert.equal(shown?.status, 'identified');
  assert.deepEqual(
    shown?.incident_updates.map((u) => [u.status, u.body]),
    [['identified', 'Paying fails for some customers; we found the cause.']],
  );
  const html = (await t.app.inject({ method: 'GET', url: '/status/acme' })).body;
  assert.match(html, /Paying fails for some customers; we found the cause\./);
  assert.doesNotMatch(html, /payments-db/, 'the technical words stay inside');
});
