/**
 * `expedite repo` and `expedite hotfix` against a real server and a real git repository: add the
 * repository, record a hotfix on main, check it, list "main ✓, develop ✗"; bad input fails.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGitScene, type GitScene } from '../helpers/git-repo.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let scene: GitScene;
let env: NodeJS.ProcessEnv;
const run = (...args: string[]) => cli(args, env);

before(async () => {
  scene = createGitScene();
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const login = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await server.stop();
  scene.close();
});

test('add a repository, record a hotfix, check and list its merge back', async () => {
  const added = await run('repo', 'add', 'api', scene.origin, '--branches', 'main,develop,release/*');
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, 'Added api (git): long-lived branches main, develop, release/*.\n');
  const repos = await run('repo', 'list');
  assert.equal(repos.code, 0, repos.stderr);
  assert.deepEqual(repos.stdout.split('\t').slice(0, 4), [
    'api',
    'git',
    'main,develop,release/*',
    'not checked yet',
  ]);

  const declared = await run(
    'declare',
    'Login fails',
    '--scope',
    'ALL-USERS',
    '--criticality',
    'ALLBLOCK',
    '--area',
    'BE',
  );
  assert.equal(declared.code, 0, declared.stderr);
  const fix = scene.commit('app.txt', 'fixed\n', 'HOT FIX: login');
  scene.git('push', '--quiet', 'origin', 'main');
  const recorded = await run('hotfix', '1', '--repo', 'api', '--branch', 'main', '--commit', fix);
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.match(recorded.stdout, /^Recorded the hotfix on #1: api main, 1 commit\./);

  const checked = await run('repo', 'check', 'api');
  assert.equal(checked.code, 0, checked.stderr);
  assert.equal(checked.stdout, 'Checked api.\n');
  const listed = await run('hotfix', 'list', '--outstanding');
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, '#1\tapi\tmain\toutstanding\tmain ✓, develop ✗\n');
  const json = JSON.parse((await run('hotfix', 'list', '--json')).stdout);
  assert.deepEqual(json.items[0].commits, [fix]);
});

test('bad input fails naming it', async () => {
  const nonHex = await run('hotfix', '1', '--repo', 'api', '--branch', 'main', '--commit', 'zzzzzzz');
  assert.notEqual(nonHex.code, 0);
  assert.match(nonHex.stderr, /commits/);
  const noRepo = await run('hotfix', '1', '--repo', 'nope', '--branch', 'main', '--commit', 'abcdef1');
  assert.notEqual(noRepo.code, 0);
  assert.match(noRepo.stderr, /no repository "nope"/);
  const noCommit = await run('hotfix', '1', '--repo', 'api', '--branch', 'main');
  assert.equal(noCommit.code, 2);
  assert.match(noCommit.stderr, /--commit is required/);
});
