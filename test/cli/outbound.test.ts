/** `expedite outbound` against a real server: allow a host, list it, disallow it; bad input fails. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let env: NodeJS.ProcessEnv;
const run = (...args: string[]) => cli(args, env);

before(async () => {
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const login = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await server.stop();
});

test('allow, list and disallow a host', async () => {
  const allowed = await run('outbound', 'allow', 'Hooks.Internal.Example:8443', '--note', 'chat relay');
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(allowed.stdout, 'Allowed hooks.internal.example:8443.\n');

  const listed = await run('outbound', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  const rows = listed.stdout
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
  assert.deepEqual(
    rows.map((r) => [r[0], r[1], r[3]]),
    [
      ['hooks.internal.example:8443', 'admin', 'chat relay'],
      ['127.0.0.1', 'EXPEDITE_OUTBOUND_ALLOW', '-'],
    ],
  );

  const json = JSON.parse((await run('outbound', 'list', '--json')).stdout);
  assert.deepEqual(json.fromConfig, ['127.0.0.1']);

  const gone = await run('outbound', 'disallow', 'hooks.internal.example:8443');
  assert.equal(gone.code, 0, gone.stderr);
  assert.equal(gone.stdout, 'No longer allowed: hooks.internal.example:8443.\n');
});

test('a bad host, a missing one or an unknown action fails', async () => {
  const bad = await run('outbound', 'allow', 'http://x.example/');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /body\.entry: not a host or host:port/);
  assert.equal((await run('outbound', 'allow')).code, 2);
  assert.equal((await run('outbound', 'open')).code, 2);
});
