/**
 * The Slack app against the Slack stand-in, which checks the Web API calls as documented, with
 * requests signed as Slack signs them: a signed slash command declares as the person with the Slack
 * email, a bad or stale signature is refused and nothing is done, someone unknown is refused in a
 * message only they see; the events endpoint answers its challenge and a reaction copies a message
 * to the timeline once; buttons take ownership and add notes; commands in an incident channel act
 * on its incident within the person's role.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { form, FORM, startChatScene, type ChatScene } from '../helpers/chat-scene.ts';
import type { FakeChannel } from '../helpers/fakes/slack-methods.ts';
import type { FakeSlack } from '../helpers/fakes/slack.ts';

let scene: ChatScene;
let t: TestApp;
let slack: FakeSlack;
let broadcast: FakeChannel;

before(async () => {
  scene = await startChatScene();
  ({ t, slack, broadcast } = scene);
  const saved = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/chat/settings',
    payload: scene.settings,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
});
after(() => scene.close());

const declare = (payload: Record<string, unknown>) => scene.declare(payload);
const slackPost = (...args: Parameters<ChatScene['slackPost']>) => scene.slackPost(...args);
const command = (...args: Parameters<ChatScene['command']>) => scene.command(...args);

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
