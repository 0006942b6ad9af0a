/** `expedite sessions` (item 3): list where you are signed in, end one session or all others. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
before(async () => {
  server = await startCliServer();
});
after(async () => server.stop());

async function login(name: string): Promise<string> {
  const config = server.configFile(name);
  const res = await cli(
    ['login', '--email', ADMIN_EMAIL],
    { EXPEDITE_CONFIG: config, EXPEDITE_URL: server.url },
    `${ADMIN_PASSWORD}\n`,
  );
  assert.equal(res.code, 0, res.stderr);
  return config;
}

test('sessions list marks this one; end-others signs the rest out; end <id> signs one out', async () => {
  const laptop = await login('laptop');
  const server2 = await login('build-box');
  const third = await login('third');

  const listed = await cli(['sessions', 'list', '--json'], { EXPEDITE_CONFIG: laptop });
  assert.equal(listed.code, 0, listed.stderr);
  const items = JSON.parse(listed.stdout).items as { id: string; current: boolean; userAgent: string }[];
  assert.equal(items.length, 3);
  assert.deepEqual(items.map((s) => [s.current, s.userAgent]).sort(), [
    [false, 'expedite-cli'],
    [false, 'expedite-cli'],
    [true, 'expedite-cli'],
  ]);
  const plain = await cli(['sessions'], { EXPEDITE_CONFIG: laptop });
  const mine = items.find((s) => s.current)!;
  assert.match(plain.stdout, new RegExp(`^${mine.id} \\*\texpedite-cli\t127\\.0\\.0\\.1\t`, 'm'));

  const thirdId = JSON.parse(
    (await cli(['sessions', '--json'], { EXPEDITE_CONFIG: third })).stdout,
  ).items.find((s: { current: boolean }) => s.current).id;
  const one = await cli(['sessions', 'end', thirdId], { EXPEDITE_CONFIG: laptop });
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout.trim(), `Signed out session ${thirdId}.`);
  assert.equal((await cli(['whoami'], { EXPEDITE_CONFIG: third })).code, 3);

  const rest = await cli(['sessions', 'end-others'], { EXPEDITE_CONFIG: laptop });
  assert.equal(rest.code, 0, rest.stderr);
  assert.equal(rest.stdout.trim(), 'Signed out 1 other session.');
  assert.equal((await cli(['whoami'], { EXPEDITE_CONFIG: server2 })).code, 3);
  assert.equal((await cli(['whoami'], { EXPEDITE_CONFIG: laptop })).code, 0);

  const again = await cli(['sessions', 'end', thirdId], { EXPEDITE_CONFIG: laptop });
  assert.equal(again.code, 4);
  assert.match(again.stderr, /not found/);
  const bad = await cli(['sessions', 'end'], { EXPEDITE_CONFIG: laptop });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /missing <id>/);
});

test('a sign-in refused for too many wrong passwords says when to try again', async () => {
  const config = server.configFile('guesser');
  let last = { code: 0, stderr: '' };
  for (let i = 0; i < 11; i++)
    last = await cli(
      ['login', '--email', 'someone@example.com'],
      { EXPEDITE_CONFIG: config, EXPEDITE_URL: server.url },
      'wrong-password\n',
    );
  assert.notEqual(last.code, 0);
  assert.match(last.stderr, /Too many sign-in attempts; try again in 15 minutes/);
});
