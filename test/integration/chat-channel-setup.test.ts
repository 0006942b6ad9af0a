/**
 * The incident channel's setup (job `chat-channel-setup`) against the Slack stand-in: when Slack
 * fails the invite or the pin once, the job's retry finishes the work, and the room's link is
 * posted once however often the job runs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { startChatScene, type ChatScene } from '../helpers/chat-scene.ts';
import type { FakeSlack } from '../helpers/fakes/slack.ts';

let scene: ChatScene;
let t: TestApp;
let slack: FakeSlack;

before(async () => {
  scene = await startChatScene();
  ({ t, slack } = scene);
});
after(() => scene.close());

/** Opens the channel of a new incident of service Checkout (team Web: the admin) owned by the responder. */
async function openOne(title: string) {
  const inc = await scene.declare({
    title,
    urgency: 'P2',
    urgencyReason: 'users',
    service: 'Checkout',
    takeOwnership: true,
  });
  const opened = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.number}/chat-channel`,
  });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const channel = slack.workspace.channels.get(opened.body.channel.id as string)!;
  const calls = (method: string) =>
    slack.requests.filter(
      (r) => r.path === `/api/${method}` && (r.body as { channel?: string } | null)?.channel === channel.id,
    ).length;
  const links = () => channel.history.filter((m) => m.text.startsWith('Incident room: '));
  return { inc, channel, calls, links };
}

test('an invite Slack fails once is retried: the team and the owner are invited, the link posted and pinned once', async () => {
  slack.failMethod('conversations.invite', { error: 'internal_error' }, 1);
  const { inc, channel, links } = await openOne('Cart totals wrong');
  await t.app.worker.runDue();
  assert.equal(channel.members.has('U0RESP'), false, 'not invited yet');
  assert.equal(links().length, 0, 'the link waits for the invite');

  t.clock.advance(5_000);
  await t.app.worker.runDue();
  assert.deepEqual([...channel.members].sort(), ['U0ADMIN', 'U0FAKEBOT', 'U0RESP']);
  assert.equal(links().length, 1);
  assert.equal(
    links()[0]!.text,
    `Incident room: <https://expedite.example.com/incidents/${inc.number}|#${inc.number} ${inc.tagline}>`,
  );
  assert.deepEqual([...channel.pins], [links()[0]!.ts]);
  assert.deepEqual(slack.violations, []);
});

test('a pin Slack fails once is retried: the link is posted once and pinned, the team invited once', async () => {
  slack.failMethod('pins.add', { error: 'internal_error' }, 1);
  const { channel, calls, links } = await openOne('Coupons rejected');
  await t.app.worker.runDue();
  assert.equal(links().length, 1);
  assert.equal(channel.pins.size, 0, 'not pinned yet');

  t.clock.advance(5_000);
  await t.app.worker.runDue();
  t.clock.advance(60_000);
  await t.app.worker.runDue(); // nothing left to do
  assert.equal(links().length, 1, 'the link is not posted again');
  assert.deepEqual([...channel.pins], [links()[0]!.ts]);
  assert.equal(calls('conversations.invite'), 1, 'invited once');
  assert.equal(calls('pins.add'), 2);
  assert.ok(channel.members.has('U0ADMIN') && channel.members.has('U0RESP'));
  assert.deepEqual(slack.violations, []);
});
