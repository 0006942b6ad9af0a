/**
 * A small paging scene shared by the escalation tests: an app whose email goes to a real SMTP sink,
 * the admin and Hana (a responder) with verified email, and the team Ops (area DEVOPS) paged by a
 * policy of the levels given (people by key, 30 minutes each).
 */
import assert from 'node:assert/strict';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from './app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from './smtp-sink.ts';

export interface PagingScene {
  t: TestApp;
  sink: SmtpSink;
  people: { admin: string; hana: string };
  /** Pages (mails) to [admin, Hana] about incident `number`. */
  reached(number: number): number[];
  close(): Promise<void>;
}

/** Builds the scene at 2026-03-10 10:00 UTC; `levels` lists the people of each level of Ops' policy. */
export async function pagingScene(levels: ('admin' | 'hana')[][]): Promise<PagingScene> {
  const sink = await startSmtpSink();
  const channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  const t = await createTestApp({ channels });
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  const people = {
    admin: t.users.admin.id,
    hana: (await t.addUser('responder', 'hana@example.com', 'Hana Hands')).id,
  };
  const addresses = { admin: 'admin@example.com', hana: 'hana@example.com' };
  for (const who of ['admin', 'hana'] as const)
    await t.db.pool.query(
      `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
      [people[who], addresses[who], t.clock.now()],
    );
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Ops',
      levels: levels.map((who) => ({
        timeoutMinutes: 30,
        targets: who.map((w) => ({ type: 'user', id: people[w] })),
      })),
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const team = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Ops', areas: ['DEVOPS'], escalationPolicyId: policy.body.id },
  });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  return {
    t,
    sink,
    people,
    reached: (number) =>
      Object.values(addresses).map(
        (a) =>
          sink.messages.filter(
            (m) => m.envelope.to.includes(a) && new RegExp(`#${number}\\b`).test(m.subject ?? ''),
          ).length,
      ),
    async close() {
      await t.close();
      for (const c of Object.values(channels)) await c?.close?.();
      await sink.close();
    },
  };
}
