/**
 * Schedules from the terminal against a real server: list them with who is on call, and reset the
 * calendar feed's address (the old address stops answering).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, cli, startCliServer, type CliServer } from './helpers.ts';
import { readFileSync } from 'node:fs';

let server: CliServer;
let env: NodeJS.ProcessEnv;
let token: string;
const run = (...args: string[]) => cli(args, env);

before(async () => {
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const login = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(login.code, 0, login.stderr);
  token = JSON.parse(readFileSync(env.EXPEDITE_CONFIG!, 'utf8')).token;
});
after(() => server.stop());

test('schedule list, and feed-reset stops the old feed address', async () => {
  const made = await api(server.url, token, 'POST', '/schedules', {
    name: 'Primary on call',
    definition: {
      timeZone: 'Asia/Kolkata',
      layers: [
        {
          id: 'l1',
          name: 'Days',
          users: ['someone'],
          rotation: { kind: 'weekly' },
          handoffTime: '10:00',
          start: '2026-01-05',
        },
      ],
      overrides: [],
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const listed = await run('schedule', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, `${made.body.id}\tPrimary on call\tsomeone\n`);

  const feed = await run('schedule', 'feed');
  assert.equal(feed.code, 0, feed.stderr);
  const old = feed.stdout.trim();
  assert.equal((await fetch(old)).status, 200);
  const reset = await run('schedule', 'feed-reset');
  assert.equal(reset.code, 0, reset.stderr);
  const fresh = reset.stdout.trim();
  assert.notEqual(fresh, old);
  assert.match(reset.stderr, /old address no longer works/);
  assert.equal((await fetch(old)).status, 404);
  assert.equal((await fetch(fresh)).status, 200);
});
