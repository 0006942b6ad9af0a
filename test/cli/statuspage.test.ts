/**
 * `expedite statuspage` against a real server: create a page, list and show it; a private page and
 * its new key; bad input fails.
 */
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

test('create, list and show a page; its public page answers', async () => {
  const made = await run('statuspage', 'create', 'acme', '--name', 'Acme status');
  assert.equal(made.code, 0, made.stderr);
  assert.equal(made.stdout, `Created Acme status: ${server.url}/status/acme\n`);
  const listed = await run('statuspage', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    listed.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')),
    [['acme', 'Acme status', `${server.url}/status/acme`, '0']],
  );
  const shown = JSON.parse((await run('statuspage', 'show', 'acme', '--json')).stdout);
  assert.equal(shown.slug, 'acme');
  assert.deepEqual(shown.components, []);
  const page = await fetch(`${server.url}/status/acme`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /All Systems Operational/);
});

test('a private page is served only at its address; a new key moves it', async () => {
  const made = await run('statuspage', 'create', 'globex', '--name', 'Globex status', '--private');
  assert.equal(made.code, 0, made.stderr);
  const first = /^Created Globex status: (\S+)\n$/.exec(made.stdout)?.[1];
  assert.match(first!, new RegExp(`^${server.url}/status/globex/k/[A-Za-z0-9_-]{32}$`));
  assert.equal((await fetch(`${server.url}/status/globex`)).status, 404);
  assert.equal((await fetch(first!)).status, 200);
  const key = await run('statuspage', 'key', 'globex');
  assert.equal(key.code, 0, key.stderr);
  const second = /^Globex status is private, now only at (\S+)\n$/.exec(key.stdout)?.[1];
  assert.notEqual(second, first);
  assert.equal((await fetch(first!)).status, 404);
  assert.equal((await fetch(second!)).status, 200);
});

test('a bad slug, an unknown page or component, or an unknown action fails', async () => {
  const bad = await run('statuspage', 'create', 'Not A Slug', '--name', 'X');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /slug/);
  assert.equal((await run('statuspage', 'show', 'nope')).code, 2);
  assert.equal((await run('statuspage', 'state', 'acme', 'Ghost', 'major_outage')).code, 2);
  assert.equal((await run('statuspage', 'open', 'acme')).code, 2);
});
