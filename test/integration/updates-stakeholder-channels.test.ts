/**
 * Stakeholders by chat channel: a stakeholder list (default, per service, per client) may name a
 * chat channel; sending an update to stakeholders posts its plain words there through the job
 * `chat-post-stakeholders`, once per update and channel: on Slack and through the Mattermost
 * webhook (named channel), never on the Teams webhook. The preview lists the channel. Slack,
 * Teams and Mattermost stand-ins, real database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { startChatScene, type ChatScene } from '../helpers/chat-scene.ts';
import type { FakeChannel } from '../helpers/fakes/slack-methods.ts';

let scene: ChatScene;
let t: TestApp;
let board: FakeChannel;

before(async () => {
  scene = await startChatScene();
  t = scene.t;
  board = scene.slack.workspace.addChannel('checkout-board');
  const saved = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/chat/settings',
    payload: scene.settings,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
});
after(() => scene.close());

const declare = (serviceId?: string) =>
  scene.declare({
    title: 'Checkout fails',
    scope: 'USERS',
    criticality: 'FBLOCK',
    area: 'FE',
    ...(serviceId ? { service: serviceId } : {}),
    urgency: 'P2',
    urgencyReason: 'payments failing',
    page: false,
    noPageReason: 'on it already',
  });

const update = {
  stage: 'identified',
  plain: 'Paying fails for some customers; we found the cause.',
  audiences: ['stakeholders'],
};

test('admins give a list a chat channel; a channel left out of a change stays', async () => {
  const set = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/update-settings',
    payload: {
      stakeholders: {
        default: ['board@example.com'],
        services: [{ id: scene.serviceId, emails: [], channel: '#checkout-board' }],
      },
    },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(set.body.stakeholders, {
    default: ['board@example.com'],
    defaultChannel: null,
    services: [{ id: scene.serviceId, name: 'Checkout', emails: [], channel: '#checkout-board' }],
    clients: [],
  });

  const again = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/update-settings',
    payload: { stakeholders: { defaultChannel: 'C0BOARD', services: [{ id: scene.serviceId, emails: [] }] } },
  });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.deepEqual(again.body.stakeholders, {
    default: ['board@example.com'],
    defaultChannel: 'C0BOARD',
    services: [{ id: scene.serviceId, name: 'Checkout', emails: [], channel: '#checkout-board' }],
    clients: [],
  });

  const bad = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/update-settings',
    payload: { stakeholders: { services: [{ id: scene.serviceId, emails: [], channel: 'not a channel!' }] } },
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /stakeholders\.services\.0\.channel/);
});

test('the preview names the channel of the list that applies', async () => {
  const onCheckout = await declare(scene.serviceId);
  const preview = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${onCheckout.number}/updates/preview`,
    payload: update,
  });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.deepEqual(preview.body.audiences[0].recipients, ['Chat channel #checkout-board']);

  const elsewhere = await declare();
  const byDefault = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${elsewhere.number}/updates/preview`,
    payload: update,
  });
  assert.deepEqual(byDefault.body.audiences[0].recipients, ['board@example.com', 'Chat channel C0BOARD']);
});

test('an update to stakeholders is posted once in their channel, on Slack and Mattermost, not Teams', async () => {
  const inc = await declare(scene.serviceId);
  await scene.sync();
  const teamsBefore = scene.teams.posts.length;
  // Slack fails once: the retry posts on Slack only, Mattermost already has it.
  scene.slack.fail('#checkout-board', { error: 'internal_error' }, 1);
  const sent = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.number}/updates`,
    payload: update,
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  for (let i = 0; i < 4; i++) {
    await t.app.worker.runDue();
    t.clock.advance(60_000);
  }

  const text =
    'Update (cause identified): Checkout fails\n\nPaying fails for some customers; we found the cause.';
  assert.deepEqual(
    scene.slack.messages.filter((m) => m.channel === board.id).map((m) => m.text),
    [text],
  );
  assert.deepEqual(
    scene.mattermost.posts.filter((p) => p.channel === 'checkout-board').map((p) => p.text),
    [`${text} · [open](https://expedite.example.com/incidents/${inc.number})`],
  );
  assert.equal(scene.teams.posts.length, teamsBefore, 'the Teams webhook is bound to another channel');
  assert.deepEqual(
    scene.slack.messages.filter((m) => m.text?.includes('Paying fails')).map((m) => m.channel),
    [board.id],
    'plain words go nowhere else',
  );
  const { rows } = await t.db.pool.query<{ key: string }>(
    "SELECT key FROM jobs WHERE kind = 'chat-post-stakeholders'",
  );
  assert.deepEqual(
    rows.map((r) => r.key),
    [`chat-post-stakeholders:${sent.body.id}:#checkout-board`],
  );
  assert.deepEqual(scene.slack.violations, []);
});
