/**
 * `expedite tracker` and `expedite handoff` against a real server (its worker and its listener
 * running) and a GitHub stand-in: an admin adds the tracker with the token on stdin; an incident
 * declared with `--steps` that the policy sends to the backlog is handed off by itself, and
 * `handoff --show` prints its issue; `handoff` asks for another incident's ticket.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeGitHub } from '../helpers/fakes/github.ts';
import type { FakeTracker } from '../helpers/fakes/issue-server.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let github: FakeTracker;
let env: NodeJS.ProcessEnv;
const run = (...args: string[]) => cli(args, env);

before(async () => {
  server = await startCliServer();
  github = await startFakeGitHub({ repo: 'acme/web', token: 'ghp_cli_token' });
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const login = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await server.stop();
  await github.close();
  assert.deepEqual(github.violations, []);
});

/** Runs `check` until it holds (the server's worker runs the jobs), for at most 20 seconds. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('add and list a tracker; the token is read from stdin and never printed', async () => {
  const added = await cli(
    [
      'tracker',
      'add',
      'Web backlog',
      '--kind',
      'github',
      '--url',
      github.baseUrl,
      '--project',
      'acme/web',
      '--labels',
      'incident',
      '--default',
    ],
    env,
    'ghp_cli_token\n',
  );
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, 'Added tracker Web backlog (github), the default.\n');
  const listed = await run('tracker', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, 'Web backlog\tgithub\tacme/web\tdefault\n');
  const json = await run('tracker', 'list', '--json');
  assert.ok(!json.stdout.includes('ghp_cli_token'));
  const bad = await cli(
    ['tracker', 'add', 'Jira', '--kind', 'jira', '--url', 'https://acme.atlassian.net'],
    env,
    't\n',
  );
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /body\.project: must be a Jira project key/);
});

test('a backlogged incident declared with --steps is handed off by itself', async () => {
  const declared = await run(
    'declare',
    'Export does nothing',
    '--steps',
    '1. Open Reports 2. Click Export',
    '--scope',
    'S-USER',
    '--criticality',
    'FBEHAV',
    '--area',
    'FE',
    '--urgency',
    'P4',
    '--reason',
    'cosmetic',
    '--json',
  );
  assert.equal(declared.code, 0, declared.stderr);
  const n = JSON.parse(declared.stdout).number as number;
  const shown = await until(async () => {
    const r = await run('handoff', String(n), '--show');
    return r.stdout.includes('https://github.com/') ? r : undefined;
  });
  assert.equal(shown.stdout, `#${n} is Web backlog #1 (open): https://github.com/acme/web/issues/1\n`);
  assert.equal(github.issues.length, 1);
  assert.ok((github.issues[0]!.body as string).includes('1. Open Reports 2. Click Export'));
});

test('handoff asks for a ticket; a second ask is refused', async () => {
  const declared = await run('declare', 'Slow catalogue search', '--json');
  const n = JSON.parse(declared.stdout).number as number;
  const asked = await run('handoff', String(n));
  assert.equal(asked.code, 0, asked.stderr);
  assert.match(asked.stdout, new RegExp(`^(Handing #${n} to Web backlog…|#${n} is Web backlog #2 .*)\\n$`));
  await until(async () => (github.issues.length === 2 ? true : undefined));
  const again = await run('handoff', String(n));
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already in its tracker/);
});
