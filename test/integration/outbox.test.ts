/**
 * Messages nobody pages with (a verification code, a test) go through the outbox like pages do:
 * each is a row with its channel, person and method, sent or failed, about no incident.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';

let t: TestApp;
let slack: FakeSlack;

before(async () => {
  slack = await startFakeSlack({ users: ['U0123ABCD'] });
  const channels = createChannels({
    email: null,
    slack: { token: slack.token, apiUrl: slack.apiUrl },
    twilio: null,
    webhook: null,
  });
  t = await createTestApp({ channels });
});
after(async () => {
  await t.close();
  await slack.close();
});

const rows = async (methodId: string) =>
  (
    await t.db.pool.query(
      `SELECT channel, address, status, user_id, incident_id, escalation_id, error
         FROM messages WHERE contact_method_id = $1 ORDER BY created_at, idempotency_key`,
      [methodId],
    )
  ).rows;

test('a verification code and a test message are outbox rows; a failed send is kept as failed', async () => {
  const made = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'slack', address: 'U0123ABCD' },
  });
  assert.equal(made.status, 201);
  const code = /(\d{6})/.exec(slack.messages.at(-1)?.text ?? '')![1]!;
  assert.deepEqual(await rows(made.body.id), [
    {
      channel: 'slack',
      address: 'U0123ABCD',
      status: 'sent',
      user_id: t.users.responder.id,
      incident_id: null,
      escalation_id: null,
      error: null,
    },
  ]);
  const verified = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code },
  });
  assert.equal(verified.status, 200);
  t.clock.advance(1000);
  const tested = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/test`,
  });
  assert.equal(tested.status, 200, JSON.stringify(tested.body));
  assert.deepEqual(
    (await rows(made.body.id)).map((r) => r.status),
    ['sent', 'sent'],
  );

  // Slack does not know this user: the send fails, the person is told, the row says why.
  const unknown = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'slack', address: 'U9999ZZZZ' },
  });
  assert.equal(unknown.status, 400);
  const { rows: failed } = await t.db.pool.query(
    "SELECT status, error FROM messages WHERE address = 'U9999ZZZZ'",
  );
  assert.equal(failed.length, 1);
  assert.equal(failed[0].status, 'failed');
  assert.match(failed[0].error, /user_not_found|channel_not_found/);
});
