/**
 * Chat channels against local stand-ins that check requests against Slack's documented Web API
 * and request signing, Teams' Adaptive Card webhooks and Mattermost's incoming webhooks: the
 * broadcast message is posted once and edited in place; Teams and Mattermost get a line per
 * change; an incident channel is opened (by rule and on demand) with the team invited and the
 * room's link pinned; a signed slash command declares, a bad or stale signature is refused; a
 * button takes ownership; a reaction copies a message to the timeline; updates and the
 * deployments flag are posted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeMattermost, type FakeMattermost } from '../helpers/fakes/mattermost.ts';
import { slackSignedHeaders, type FakeChannel } from '../helpers/fakes/slack-methods.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';
import { startFakeTeams, type FakeTeams } from '../helpers/fakes/teams.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
let t: TestApp;
let slack: FakeSlack;
let teams: FakeTeams;
let mattermost: FakeMattermost;
let broadcast: FakeChannel;
let deployments: FakeChannel;
let checkout: FakeChannel;
let serviceId: string;
let runs = 0;

before(async () => {
  slack = await startFakeSlack();
  teams = await startFakeTeams();
  mattermost = await startFakeMattermost();
  t = await createTestApp({
    env: {
      EXPEDITE_SLACK_TOKEN: slack.token,
      EXPEDITE_SLACK_API_URL: slack.apiUrl,
      EXPEDITE_SLACK_SIGNING_SECRET: SECRET,
      EXPEDITE_PUBLIC_URL: 'https://expedite.example.com',
    },
  });
  broadcast = slack.workspace.addChannel('expedite');
  deployments = slack.workspace.addChannel('deployments');
  checkout = slack.workspace.addChannel('checkout-incidents');
  slack.workspace.addPerson('U0RESP', 'responder@example.com', 'Rita Responder');
  slack.workspace.addPerson('U0ADMIN', 'admin@example.com', 'Ada Admin');
  slack.workspace.addPerson('U0STRANGER', 'stranger@example.com', 'Stan Stranger');
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Web', areas: ['FE'], members: [t.users.admin.id] },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  const { rows } = await t.db.pool.query<{ id: string }>(
    'INSERT INTO services (name, created_at, team_id) VALUES ($1, now(), $2) RETURNING id',
    ['Checkout', team.body.id],
  );
  serviceId = rows[0]!.id;
});
after(async () => {
  await t.close();
  await slack.close();
  await teams.close();
  await mattermost.close();
});

/** Runs the reconcile now (as every minute) and every job it adds. */
async function sync() {
  runs += 1;
  t.clock.advance(1_000);
  await enqueue(t.db.pool, [
    { kind: 'chat-reconcile', key: `chat-reconcile:test-${runs}`, runAt: t.clock.now() },
  ]);
  await t.app.worker.runDue();
}

async function declare(payload: Record<string, unknown>) {
  const res = await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: number; tagline: string };
}

const settings = {
  broadcastChannel: '#expedite',
  deploymentsChannel: '#deployments',
  teamsWebhookUrl: null as string | null,
  mattermostWebhookUrl: null as string | null,
  channelRule: { p1: true, moreThanResponders: null },
  reaction: ':memo:',
  overrides: [] as unknown[],
};

describe('settings', () => {
  test('show which providers are configured, and keep channels, rule, reaction and overrides', async () => {
    const empty = await t.call('admin', { method: 'GET', url: '/api/v1/chat/settings' });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.providers, { slack: true, slackApp: true, teams: false, mattermost: false });
    assert.equal(empty.body.broadcastChannel, null);

    settings.teamsWebhookUrl = teams.incomingWebhookUrl('incidents');
    settings.mattermostWebhookUrl = mattermost.webhookUrl('abcdefghij1234');
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

/** Posts a signed request to a Slack app endpoint; `age` seconds old. */
async function slackPost(
  path: string,
  body: string,
  type: string,
  opts: { age?: number; secret?: string } = {},
) {
  const ts = Math.floor(t.clock.now().getTime() / 1000) - (opts.age ?? 0);
  const headers = await slackSignedHeaders(opts.secret ?? SECRET, body, ts);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/chat/slack/${path}`,
    payload: body,
    headers: { ...headers, 'content-type': type },
  });
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const command = (user: string, text: string, channel = broadcast.id) =>
  form({
    command: '/expedite',
    text,
    user_id: user,
    channel_id: channel,
    team_id: 'T0FAKE',
    response_url: 'https://hooks.slack.com/commands/x',
  });
const FORM = 'application/x-www-form-urlencoded';

describe('the Slack app', () => {
  test('a signed slash command declares an incident as the person with the Slack email', async () => {
    const res = await slackPost(
      'commands',
      command('U0RESP', 'declare Login page shows a blank screen'),
      FORM,
    );
    assert.equal(res.statusCode, 200, res.body);
    const answer = res.json();
    assert.equal(answer.response_type, 'in_channel');
    assert.match(answer.text, /^Responder declared <https:\/\/expedite\.example\.com\/incidents\/\d+\|#\d+ /);
    const list = await t.call('responder', { method: 'GET', url: '/api/v1/incidents?q=blank' });
    const found = list.body.items.filter(
      (i: { title: string }) => i.title === 'Login page shows a blank screen',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0].createdBy, t.users.responder.id);
  });

  test('a bad or stale signature is refused and nothing is done', async () => {
    const count = async () =>
      (await t.db.pool.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n as number;
    const before = await count();
    const body = command('U0RESP', 'declare Forged incident');
    const forged = await slackPost('commands', body, FORM, { secret: 'not-the-signing-secret-at-all' });
    assert.equal(forged.statusCode, 401);
    const stale = await slackPost('commands', body, FORM, { age: 6 * 60 });
    assert.equal(stale.statusCode, 401);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/chat/slack/commands',
      payload: body,
      headers: { 'content-type': FORM },
    });
    assert.equal(unsigned.statusCode, 401);
    // Within the window (four minutes old) it holds.
    assert.equal(
      (await slackPost('commands', command('U0RESP', 'status 1'), FORM, { age: 4 * 60 })).statusCode,
      200,
    );
    assert.equal(await count(), before);
  });

  test('someone without an Expedite person is refused in a message only they see', async () => {
    const res = await slackPost('commands', command('U0STRANGER', 'declare Something'), FORM);
    assert.deepEqual(res.json(), {
      response_type: 'ephemeral',
      text: 'No Expedite person has your Slack email address; ask an admin to add you.',
    });
  });

  test('the events endpoint answers the url_verification challenge', async () => {
    const res = await slackPost(
      'events',
      JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' }),
      'application/json',
    );
    assert.deepEqual(res.json(), { challenge: 'c-123' });
  });

  test('a reaction with the chosen emoji copies the message to the timeline with its author, once', async () => {
    const inc = await declare({ title: 'Images missing', urgency: 'P2', urgencyReason: 'users' });
    const opened = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/chat-channel`,
    });
    const channel = slack.workspace.channels.get(opened.body.channel.id)!;
    const ts = slack.workspace.post(channel, { user: 'U0RESP', text: 'CDN purge done, images are back' });
    const event = (reaction: string) =>
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0FAKE',
        event: {
          type: 'reaction_added',
          user: 'U0ADMIN',
          reaction,
          item: { type: 'message', channel: channel.id, ts },
          event_ts: ts,
        },
      });
    assert.equal((await slackPost('events', event('thumbsup'), 'application/json')).statusCode, 200);
    assert.equal((await slackPost('events', event('memo'), 'application/json')).statusCode, 200);
    assert.equal((await slackPost('events', event('memo'), 'application/json')).statusCode, 200);
    const timeline = await t.call('responder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.number}/timeline`,
    });
    const copied = timeline.body.items.filter((e: { kind: string }) => e.kind === 'chat-message');
    assert.equal(copied.length, 1);
    assert.equal(copied[0].data.text, 'CDN purge done, images are back');
    assert.equal(copied[0].data.author, 'Responder');
    assert.equal(copied[0].actor.id, t.users.responder.id);
    assert.deepEqual(slack.violations, []);
  });

  test('buttons: take ownership acts as the person; add note opens a modal whose submission is a note', async () => {
    const inc = await declare({ title: 'Cart empties itself', urgency: 'P2', urgencyReason: 'sales' });
    const press = (action: string) =>
      form({
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: 'U0ADMIN' },
          channel: { id: broadcast.id },
          trigger_id: 'trig-1',
          actions: [{ action_id: action, value: inc.id, type: 'button' }],
        }),
      });
    // The link button (Open room) is reported too; it acts on nothing and asks Slack nothing.
    const asked = slack.requests.length;
    assert.equal((await slackPost('interactions', press('expedite_open'), FORM)).statusCode, 200);
    assert.equal(slack.requests.length, asked);
    assert.equal((await slackPost('interactions', press('expedite_own'), FORM)).statusCode, 200);
    const owned = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.number}` });
    assert.equal(owned.body.owner.id, t.users.admin.id);

    assert.equal((await slackPost('interactions', press('expedite_note'), FORM)).statusCode, 200);
    const view = slack.workspace.views.at(-1)!;
    assert.equal(view.triggerId, 'trig-1');
    const submit = form({
      payload: JSON.stringify({
        type: 'view_submission',
        user: { id: 'U0ADMIN' },
        view: {
          callback_id: view.view.callback_id,
          private_metadata: view.view.private_metadata,
          state: { values: { note: { text: { type: 'plain_text_input', value: 'Rolling back' } } } },
        },
      }),
    });
    assert.equal((await slackPost('interactions', submit, FORM)).statusCode, 200);
    const timeline = await t.call('responder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.number}/timeline`,
    });
    const notes = timeline.body.items.filter((e: { kind: string }) => e.kind === 'note');
    assert.deepEqual(
      notes.map((n: { data: { text: string } }) => n.data.text),
      ['Rolling back'],
    );
    assert.deepEqual(slack.violations, []);
  });
});

describe('slash commands in an incident channel', () => {
  test("note, own, ack, status and resolve act on the channel's incident as the person, within their role", async () => {
    slack.workspace.addPerson('U0STAKE', 'stakeholder@example.com', 'Sam Stakeholder');
    const inc = await declare({ title: 'Invoices show 0 EUR', urgency: 'P2', urgencyReason: 'billing' });
    const opened = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/chat-channel`,
    });
    const channel = opened.body.channel.id as string;
    const say = async (user: string, text: string) => {
      const res = await slackPost('commands', command(user, text, channel), FORM);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ response_type: string; text: string }>();
    };
    assert.deepEqual(await say('U0RESP', 'note Rounding changed in 4.2'), {
      response_type: 'ephemeral',
      text: 'Note added to the timeline.',
    });
    assert.equal((await say('U0STAKE', 'own')).text, 'Your Expedite role may not own incidents.');
    assert.equal((await say('U0ADMIN', 'own')).text, 'You own the incident now.');
    assert.equal((await say('U0RESP', 'ack')).text, `Nothing is paging for #${inc.number}`);
    assert.match(
      (await say('U0RESP', 'status')).text,
      new RegExp(`^#${inc.number} P2 .* — triage, owner Admin <https://`),
    );
    assert.equal(
      (await say('U0RESP', 'resolve')).text,
      'Say how it was resolved: /expedite resolve #12 <summary>',
    );
    assert.equal((await say('U0RESP', 'frobnicate')).text.split(':')[0], 'Usage');
    // Outside an incident channel the number is needed.
    const elsewhere = await slackPost('commands', command('U0RESP', 'note Hello'), FORM);
    assert.equal(elsewhere.json().text, 'Name the incident (#12), or use this in its channel.');

    const moved = await t.call('admin', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/status`,
      payload: { status: 'investigating' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await say('U0ADMIN', `resolve #${inc.number} Rounding fixed in 4.2.1`)).text, 'Resolved.');
    const after = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.number}` });
    assert.equal(after.body.status, 'resolved');
    assert.equal(after.body.resolutionSummary, 'Rounding fixed in 4.2.1');
    const timeline = await t.call('responder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.number}/timeline`,
    });
    const note = timeline.body.items.find((e: { kind: string }) => e.kind === 'note');
    assert.deepEqual([note.actor.id, note.data.text], [t.users.responder.id, 'Rounding changed in 4.2']);
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
