/**
 * Chat channels against local stand-ins that check requests against Slack's documented Web API,
 * Teams' Adaptive Card webhooks and Mattermost's incoming webhooks: the settings; the broadcast
 * message is posted once and edited in place while Teams and Mattermost get a line per change; an
 * incident channel is opened (by rule and on demand) with the team invited and the room's link
 * pinned; updates and the deployments flag are posted, once per target.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import type { TestApp } from '../helpers/app.ts';
import { startChatScene, type ChatScene } from '../helpers/chat-scene.ts';
import type { FakeMattermost } from '../helpers/fakes/mattermost.ts';
import type { FakeChannel } from '../helpers/fakes/slack-methods.ts';
import type { FakeSlack } from '../helpers/fakes/slack.ts';
import type { FakeTeams } from '../helpers/fakes/teams.ts';

let scene: ChatScene;
let t: TestApp;
let slack: FakeSlack;
let teams: FakeTeams;
let mattermost: FakeMattermost;
let broadcast: FakeChannel;
let deployments: FakeChannel;
let checkout: FakeChannel;
let serviceId: string;
let settings: ChatScene['settings'];

before(async () => {
  scene = await startChatScene();
  ({ t, slack, teams, mattermost, broadcast, deployments, checkout, serviceId, settings } = scene);
});
after(() => scene.close());

const sync = () => scene.sync();
const declare = (payload: Record<string, unknown>) => scene.declare(payload);

describe('settings', () => {
  test('show which providers are configured, and keep channels, rule, reaction and overrides', async () => {
    const empty = await t.call('admin', { method: 'GET', url: '/api/v1/chat/settings' });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.providers, { slack: true, slackApp: true, teams: false, mattermost: false });
    assert.equal(empty.body.broadcastChannel, null);

    settings.overrides = [
      { serviceId, teamId: null, broadcastChannel: '#checkout-incidents', deploymentsChannel: null },
    ];
    const saved = await t.call('admin', { method: 'PUT', url: '/api/v1/chat/settings', payload: settings });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.reaction, 'memo');
    assert.equal(saved.body.broadcastChannel, '#expedite');
    assert.deepEqual(saved.body.providers, { slack: true, slackApp: true, teams: true, mattermost: true });
    assert.deepEqual(saved.body.channelRule, { p1: true, moreThanResponders: null });
    assert.deepEqual(saved.body.overrides, [
      { serviceId, teamId: null, broadcastChannel: '#checkout-incidents', deploymentsChannel: null },
    ]);
  });

  test('refuse a channel name with spaces, an unknown service, and anyone but an admin', async () => {
    const bad = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/chat/settings',
      payload: { ...settings, broadcastChannel: 'Big Room' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'body.broadcastChannel');
    const unknown = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/chat/settings',
      payload: {
        ...settings,
        overrides: [
          {
            serviceId: '00000000-0000-4000-8000-000000000009',
            teamId: null,
            broadcastChannel: '#x',
            deploymentsChannel: null,
          },
        ],
      },
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /^body\.overrides: no service/);
    assert.equal((await t.call('responder', { method: 'GET', url: '/api/v1/chat/settings' })).status, 403);
  });
});

describe('the broadcast message', () => {
  test('is posted once on an expedite declaration and edited in place as status and owner change', async () => {
    const inc = await declare({
      title: 'Checkout button does nothing',
      urgency: 'P2',
      urgencyReason: 'sales',
    });
    await sync();
    const posted = slack.messages.filter((m) => m.channel === broadcast.id);
    assert.equal(posted.length, 1);
    assert.match(
      posted[0]!.text!,
      new RegExp(`^#${inc.number} P2 .*Checkout button does nothing — triage, no owner yet$`),
    );
    const actions = (posted[0]!.blocks![1] as { elements: { action_id: string; value?: string }[] }).elements;
    assert.deepEqual(
      actions.map((a) => a.action_id),
      ['expedite_ack', 'expedite_own', 'expedite_note', 'expedite_open'],
    );
    assert.equal(actions[1]!.value, inc.id);

    t.clock.advance(1_000);
    await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.number}/ownership` });
    const moved = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/status`,
      payload: { status: 'investigating' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await sync();
    await sync(); // nothing changed since: no second edit
    assert.equal(slack.messages.filter((m) => m.channel === broadcast.id).length, 1, 'never re-posted');
    const edits = slack.workspace.updates.filter((u) => u.ts === posted[0]!.ts);
    assert.equal(edits.length, 1);
    assert.equal(edits[0]!.channel, broadcast.id);
    assert.match(edits[0]!.text!, /— investigating, owner Responder$/);

    // Teams and Mattermost cannot edit: the summary once, then a line naming what changed.
    const lines = mattermost.posts.map((p) => p.text.replace(/ · \[open\]\(.*\)$/, ''));
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(`^#${inc.number} P2 `));
    assert.equal(lines[1], `#${inc.number}: status triage → investigating; owner Responder`);
    assert.equal(mattermost.posts[0]!.channel, 'expedite');
    const cards = teams.posts.map((p) => (p.card.body as { text: string }[])[0]!.text);
    assert.equal(cards[1], `#${inc.number}: status triage → investigating; owner Responder`);
    assert.deepEqual([slack.violations, teams.violations, mattermost.violations], [[], [], []]);
  });

  test('is not posted for an incident that is not expedited', async () => {
    const before = slack.messages.length;
    await declare({ title: 'Typo on the about page', urgency: 'P4', urgencyReason: 'cosmetic' });
    await sync();
    assert.equal(slack.messages.length, before);
  });
});

describe('the incident channel', () => {
  test('is opened by the rule for a P1, named from number and tagline, the team invited and the room pinned', async () => {
    const inc = await declare({
      title: 'Payments fail',
      scope: 'ALL',
      criticality: 'ALLBLOCK',
      area: 'BE',
      service: 'Checkout',
    });
    assert.equal(inc.tagline, 'ALL-ALLBLOCK-BE: Payments fail');
    await sync();
    const name = `inc-${inc.number}-all-allblock-be-payments-fail`;
    const channel = slack.workspace.byName(name);
    assert.ok(
      channel,
      `channel ${name} among ${[...slack.workspace.channels.values()].map((c) => c.name).join(', ')}`,
    );
    assert.ok(channel.members.has('U0ADMIN'), 'the service team is invited');
    assert.equal(channel.pins.size, 1);
    const pinned = channel.history.find((m) => channel.pins.has(m.ts))!;
    assert.equal(
      pinned.text,
      `Incident room: <https://expedite.example.com/incidents/${inc.number}|#${inc.number} ${inc.tagline}>`,
    );
    const chat = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.number}/chat` });
    assert.equal(chat.body.channel.name, name);
    // The service's override: its own broadcast channel.
    assert.equal(chat.body.broadcast.channelId, checkout.id);
    assert.deepEqual(slack.violations, []);
  });

  test('is opened on demand with the people on the incident invited, once', async () => {
    const inc = await declare({
      title: 'Search is slow',
      urgency: 'P2',
      urgencyReason: 'users',
      takeOwnership: true,
    });
    const opened = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/chat-channel`,
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.match(opened.body.channel.name, new RegExp(`^inc-${inc.number}-[a-z0-9_-]+$`));
    await t.app.worker.runDue(); // the channel's setup job invites
    const channel = slack.workspace.channels.get(opened.body.channel.id)!;
    assert.ok(channel.members.has('U0RESP'), 'the owner is invited');
    const again = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/chat-channel`,
    });
    assert.equal(again.status, 409);
    assert.equal(
      (await t.call('stakeholder', { method: 'POST', url: `/api/v1/incidents/${inc.number}/chat-channel` }))
        .status,
      403,
    );
  });
});

describe('updates and deployments', () => {
  test('chat-post-update posts in the incident channel and the broadcast channel', async () => {
    const inc = await declare({ title: 'Emails delayed', urgency: 'P2', urgencyReason: 'users' });
    await sync();
    const opened = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/chat-channel`,
    });
    const channelId = opened.body.channel.id as string;
    await enqueue(t.db.pool, [
      {
        kind: 'chat-post-update',
        key: 'chat-post-update:u-1',
        runAt: t.clock.now(),
        payload: { incidentId: inc.id, updateId: 'u-1', text: 'We found the cause: a full queue.' },
      },
    ]);
    // Slack has trouble with the broadcast channel once: the retry posts only there.
    slack.fail(broadcast.id, { error: 'internal_error' }, 1);
    await t.app.worker.runDue();
    t.clock.advance(5_000);
    await t.app.worker.runDue();
    const texts = (channel: string) => slack.messages.filter((m) => m.channel === channel).map((m) => m.text);
    assert.equal(
      texts(channelId).filter((x) => x?.includes('a full queue')).length,
      1,
      'posted once in the incident channel',
    );
    assert.equal(
      texts(broadcast.id).filter((x) => x?.includes('a full queue')).length,
      1,
      'posted once in the broadcast channel',
    );
    assert.ok(
      texts(channelId).includes(`#${inc.number} ${inc.tagline}: update\nWe found the cause: a full queue.`),
    );
    assert.equal(
      texts(broadcast.id).at(-1),
      `#${inc.number} ${inc.tagline}: update\nWe found the cause: a full queue.`,
    );
    assert.equal(
      mattermost.posts.at(-1)!.text.split(' · ')[0],
      `#${inc.number} ${inc.tagline}: update\nWe found the cause: a full queue.`,
    );
  });

  test('"affects deployments" posts to the deployments channel when set and again when lifted', async () => {
    const inc = await declare({ title: 'Deploy pipeline breaks prod', urgency: 'P2', urgencyReason: 'ops' });
    const set = (on: boolean) =>
      t.call('responder', {
        method: 'PUT',
        url: `/api/v1/incidents/${inc.number}/affects-deployments`,
        payload: { affectsDeployments: on },
      });
    const on = await set(true);
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.affectsDeployments, true);
    assert.equal((await set(true)).status, 409);
    await t.app.worker.runDue();
    t.clock.advance(1_000);
    assert.equal((await set(false)).status, 200);
    await t.app.worker.runDue();
    const posted = slack.messages.filter((m) => m.channel === deployments.id).map((m) => m.text);
    assert.deepEqual(posted, [
      `:warning: <https://expedite.example.com/incidents/${inc.number}|#${inc.number} ${inc.tagline} affects deployments: hold deployments until it is lifted>`,
      `:white_check_mark: <https://expedite.example.com/incidents/${inc.number}|#${inc.number} ${inc.tagline} no longer affects deployments>`,
    ]);
    assert.equal(mattermost.posts.at(-1)!.channel, 'deployments');
    assert.equal(
      (
        await t.call('stakeholder', {
          method: 'PUT',
          url: `/api/v1/incidents/${inc.number}/affects-deployments`,
          payload: { affectsDeployments: true },
        })
      ).status,
      403,
    );
  });
});

describe('the incident channel rule by count', () => {
  test('opens a channel once more people work the incident than the rule says', async () => {
    const saved = await t.call('admin', {
      method: 'PUT',
      url: '/api/v1/chat/settings',
      payload: { ...settings, channelRule: { p1: false, moreThanResponders: 1 } },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const inc = await declare({
      title: 'Exports time out',
      urgency: 'P2',
      urgencyReason: 'ops',
      takeOwnership: true,
    });
    await sync();
    const named = () =>
      [...slack.workspace.channels.values()].filter((c) => c.name.startsWith(`inc-${inc.number}-`));
    assert.equal(named().length, 0, 'one person: no channel yet');
    const role = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/roles`,
      payload: { person: 'admin@example.com', role: 'developer' },
    });
    assert.ok(role.status < 300, JSON.stringify(role.body));
    await sync();
    assert.equal(named().length, 1);
    assert.deepEqual([...named()[0]!.members].sort(), ['U0ADMIN', 'U0FAKEBOT', 'U0RESP']);
  });
});
