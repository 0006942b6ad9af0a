/**
 * Paging from the terminal against a real server: `expedite page` starts the escalation (its page
 * reaches a Teams stand-in), `expedite ack` stops it, and a second `ack` fails with exit 1.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeTeams, type FakeTeams } from '../helpers/fakes/teams.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let teams: FakeTeams;
let env: NodeJS.ProcessEnv;
let token: string;
const run = (...args: string[]) => cli(args, env);

before(async () => {
  teams = await startFakeTeams();
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const login = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(login.code, 0, login.stderr);
  token = JSON.parse(readFileSync(env.EXPEDITE_CONFIG!, 'utf8')).token;
});
after(async () => {
  await server.stop();
  await teams.close();
});

async function until(what: string, ok: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('page, ack, and ack again', async () => {
  const url = teams.workflowUrl('admin');
  const method = await api(server.url, token, 'POST', '/me/contact-methods', { kind: 'teams', address: url });
  assert.equal(method.status, 201, JSON.stringify(method.body));
  const code = /(\d{6})/.exec(JSON.stringify(teams.posts.at(-1)))![1];
  assert.equal(
    (await api(server.url, token, 'POST', `/me/contact-methods/${method.body.id}/verify`, { code })).status,
    200,
  );
  const me = (await api(server.url, token, 'GET', '/auth/me')).body as { id: string };
  const policy = await api(server.url, token, 'POST', '/escalation-policies', {
    name: 'Admins',
    levels: [{ timeoutMinutes: 30, targets: [{ type: 'user', id: me.id }] }],
  });
  await api(server.url, token, 'POST', '/teams', {
    name: 'Ops',
    areas: ['DEVOPS'],
    escalationPolicyId: policy.body.id,
  });
  const declared = await run(
    'declare',
    'Queue backlog growing',
    '--area',
    'DEVOPS',
    '--scope',
    'ALL',
    '--criticality',
    'ALLBLOCK',
    '--json',
  );
  assert.equal(declared.code, 0, declared.stderr);
  const { number } = JSON.parse(declared.stdout) as { number: number };

  const posts = teams.posts.length;
  const paged = await run('page', String(number), 'queue', 'is', 'stuck');
  assert.equal(paged.code, 0, paged.stderr);
  assert.match(paged.stdout, new RegExp(`Paging for #${number}`));
  await until('the Teams page', () => teams.posts.length > posts);

  const ack = await run('ack', `#${number}`);
  assert.equal(ack.code, 0, ack.stderr);
  assert.match(ack.stdout, /Acknowledged #\d+: the escalation has stopped/);
  const again = await run('ack', String(number));
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Nothing is paging/);
  const bad = await run('escalate', String(number), '--level', 'zero');
  assert.equal(bad.code, 2);
  assert.deepEqual(teams.violations, []);
});
