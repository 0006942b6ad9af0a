/**
 * Adding responders from the terminal against a real server: `expedite add-responder` pages a
 * person by email (their page reaches a Teams stand-in), and refuses, with exit 1, a person who
 * cannot be reached; giving no target is a usage error.
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

test('add a responder by email; an unreachable one is refused', async () => {
  const method = await api(server.url, token, 'POST', '/me/contact-methods', {
    kind: 'teams',
    address: teams.workflowUrl('admin'),
  });
  assert.equal(method.status, 201, JSON.stringify(method.body));
  const code = /(\d{6})/.exec(JSON.stringify(teams.posts.at(-1)))![1];
  const verified = await api(server.url, token, 'POST', `/me/contact-methods/${method.body.id}/verify`, {
    code,
  });
  assert.equal(verified.status, 200);
  const other = await api(server.url, token, 'POST', '/users', {
    email: 'ada@example.com',
    name: 'Ada',
    password: 'ada-password-1',
    role: 'responder',
  });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const declared = await run('declare', 'Cache stampede', '--area', 'BE', '--json');
  assert.equal(declared.code, 0, declared.stderr);
  const { number } = JSON.parse(declared.stdout) as { number: number };

  const none = await run('add-responder', String(number));
  assert.equal(none.code, 2);
  const refused = await run('add-responder', String(number), '--person', 'ada@example.com');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Ada has no verified contact method/);

  const posts = teams.posts.length;
  const added = await run('add-responder', String(number), '--person', ADMIN_EMAIL);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, new RegExp(`Paging for #${number}: .+ \\(teams\\)\\.`));
  const deadline = Date.now() + 10_000;
  while (teams.posts.length === posts && Date.now() < deadline) await sleep(20);
  assert.ok(teams.posts.length > posts, 'the page reached Teams');
  assert.deepEqual(teams.violations, []);
});
