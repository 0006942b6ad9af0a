/**
 * The scene of the chat tests: an app with Slack (token, API base and signing secret pointing at
 * the Slack stand-in), the Teams and Mattermost stand-ins, Slack channels #expedite, #deployments
 * and #checkout-incidents, Slack people with the app's emails, and a service "Checkout" of team
 * Web (the admin its member). Helpers sync chat (the reconcile, as every minute), declare, and send
 * signed requests to the Slack app's endpoints.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { enqueue } from '../../src/engine/jobs.ts';
import { createTestApp, type TestApp } from './app.ts';
import { startFakeMattermost, type FakeMattermost } from './fakes/mattermost.ts';
import { slackSignedHeaders, type FakeChannel } from './fakes/slack-methods.ts';
import { startFakeSlack, type FakeSlack } from './fakes/slack.ts';
import { startFakeTeams, type FakeTeams } from './fakes/teams.ts';

export const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const FORM = 'application/x-www-form-urlencoded';
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export interface ChatScene {
  t: TestApp;
  slack: FakeSlack;
  teams: FakeTeams;
  mattermost: FakeMattermost;
  broadcast: FakeChannel;
  deployments: FakeChannel;
  checkout: FakeChannel;
  serviceId: string;
  /** The settings the tests save (their webhook URLs filled in). */
  settings: {
    broadcastChannel: string;
    deploymentsChannel: string;
    teamsWebhookUrl: string;
    mattermostWebhookUrl: string;
    channelRule: { p1: boolean; moreThanResponders: number | null };
    reaction: string;
    overrides: unknown[];
  };
  /** Runs the reconcile now (as every minute) and every job it adds. */
  sync(): Promise<void>;
  declare(payload: Record<string, unknown>): Promise<{ id: string; number: number; tagline: string }>;
  /** Posts a signed request to a Slack app endpoint; `age` seconds old. */
  slackPost(
    path: string,
    body: string,
    type: string,
    opts?: { age?: number; secret?: string },
  ): Promise<LightMyRequestResponse>;
  /** A slash command's form, as Slack sends it. */
  command(user: string, text: string, channel?: string): string;
  close(): Promise<void>;
}

export async function startChatScene(): Promise<ChatScene> {
  const slack = await startFakeSlack();
  const teams = await startFakeTeams();
  const mattermost = await startFakeMattermost();
  const t = await createTestApp({
    env: {
      EXPEDITE_SLACK_TOKEN: slack.token,
      EXPEDITE_SLACK_API_URL: slack.apiUrl,
      EXPEDITE_SLACK_SIGNING_SECRET: SLACK_SECRET,
      EXPEDITE_PUBLIC_URL: 'https://expedite.example.com',
    },
  });
  const broadcast = slack.workspace.addChannel('expedite');
  const deployments = slack.workspace.addChannel('deployments');
  const checkout = slack.workspace.addChannel('checkout-incidents');
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
  let runs = 0;
  return {
    t,
    slack,
    teams,
    mattermost,
    broadcast,
    deployments,
    checkout,
    serviceId: rows[0]!.id,
    settings: {
      broadcastChannel: '#expedite',
      deploymentsChannel: '#deployments',
      teamsWebhookUrl: teams.incomingWebhookUrl('incidents'),
      mattermostWebhookUrl: mattermost.webhookUrl('abcdefghij1234'),
      channelRule: { p1: true, moreThanResponders: null },
      reaction: ':memo:',
      overrides: [],
    },
    async sync() {
      runs += 1;
      t.clock.advance(1_000);
      await enqueue(t.db.pool, [
        { kind: 'chat-reconcile', key: `chat-reconcile:test-${runs}`, runAt: t.clock.now() },
      ]);
      await t.app.worker.runDue();
    },
    async declare(payload) {
      const res = await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; number: number; tagline: string };
    },
    async slackPost(path, body, type, opts = {}) {
      const ts = Math.floor(t.clock.now().getTime() / 1000) - (opts.age ?? 0);
      const headers = await slackSignedHeaders(opts.secret ?? SLACK_SECRET, body, ts);
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/chat/slack/${path}`,
        payload: body,
        headers: { ...headers, 'content-type': type },
      });
    },
    command: (user, text, channel = broadcast.id) =>
      form({
        command: '/expedite',
        text,
        user_id: user,
        channel_id: channel,
        team_id: 'T0FAKE',
        response_url: 'https://hooks.slack.com/commands/x',
      }),
    async close() {
      await t.close();
      await slack.close();
      await teams.close();
      await mattermost.close();
    },
  };
}
