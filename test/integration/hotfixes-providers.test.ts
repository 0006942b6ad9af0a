/**
 * Hotfixes checked through the providers' APIs: stand-ins for GitHub's compare API and GitLab's
 * commit refs API (each checking the documented request) give the same answer as git does: the
 * hotfix on main is missing from develop, then merged once develop holds it. An unknown commit is
 * "unknown", and a refused token is a check error kept on the repository, never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeGitHub, startFakeGitLab, type FakeCodeHost } from '../helpers/fakes/code-hosts.ts';
import { runJobs } from '../helpers/jobs.ts';

const base = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const feature = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const fix = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const merge = 'd00dfeedd00dfeedd00dfeedd00dfeedd00dfeed';

let t: TestApp;
let github: FakeCodeHost;
let gitlab: FakeCodeHost;
let number: number;

const history = () => ({ main: [base, fix], develop: [base, feature], 'release/1.2': [base, fix] });

before(async () => {
  github = await startFakeGitHub('acme/api', 'ghp-token-1', history());
  gitlab = await startFakeGitLab('acme/web', 'glpat-token-1', history());
  // A data directory that cannot be made (under a file), for the clone that fails below.
  t = await createTestApp({ env: { EXPEDITE_DATA_DIR: '/dev/null/expedite' } });
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Checkout fails', scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  number = res.body.number;
});
after(async () => {
  await t.close();
  await github.close();
  await gitlab.close();
});

const states = (h: { branches: { branch: string; state: string }[] }) =>
  h.branches.map((b) => `${b.branch} ${b.state}`);

for (const provider of ['github', 'gitlab'] as const) {
  test(`${provider}: missing from develop, then merged back; the API is asked as documented`, async () => {
    const fake = provider === 'github' ? github : gitlab;
    const added = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/repositories',
      payload: {
        name: `${provider}-repo`,
        cloneUrl: `https://${provider}.example.com/acme/repo.git`,
        provider,
        apiProject: provider === 'github' ? 'acme/api' : 'acme/web',
        apiUrl: provider === 'github' ? fake.url : `${fake.url}/api/v4`,
        token: provider === 'github' ? 'ghp-token-1' : 'glpat-token-1',
        branches: ['main', 'develop', 'release/*'],
      },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const recorded = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${number}/hotfixes`,
      payload: { repository: `${provider}-repo`, branch: 'hotfix/checkout', commits: [fix] },
    });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    await runJobs(t);
    const one = async () => {
      const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${number}/hotfixes` });
      return res.body.items.find((h: { id: string }) => h.id === recorded.body.id);
    };
    assert.deepEqual(states(await one()), ['main merged', 'develop missing', 'release/1.2 merged']);
    assert.equal((await one()).outstanding, true);

    fake.history.develop = [base, feature, fix, merge];
    const check = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/repositories/${provider}-repo/check`,
    });
    assert.equal(check.status, 200);
    assert.equal(check.body.checkError, null);
    assert.deepEqual(states(await one()), ['main merged', 'develop merged', 'release/1.2 merged']);
    assert.equal((await one()).outstanding, false);

    const timeline = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${number}/timeline`,
    });
    const merged = timeline.body.items.filter(
      (e: { kind: string; data: { hotfixId: string } }) =>
        e.kind === 'hotfix-merged-back' && e.data.hotfixId === recorded.body.id,
    );
    assert.deepEqual(
      merged.map((e: { data: { target: string; commit: string } }) => [e.data.target, e.data.commit]),
      [
        ['main', fix],
        ['release/1.2', fix],
        ['develop', merge],
      ],
    );
    assert.deepEqual(fake.violations, []);
    assert.ok(fake.requests.length > 0);
    fake.history.develop = [base, feature];
  });
}

test('github: the compare path is /repos/{owner}/{repo}/compare/{branch}...{sha}', () => {
  const paths = github.requests.map((r) => r.path.split('?')[0]);
  assert.ok(paths.includes(`/repos/acme/api/compare/develop...${fix}`), paths.join('\n'));
  assert.ok(paths.includes(`/repos/acme/api/compare/release%2F1.2...${fix}`), paths.join('\n'));
  const glPaths = gitlab.requests.map((r) => r.path);
  assert.ok(
    glPaths.includes(`/api/v4/projects/acme%2Fweb/repository/commits/${fix}/refs?type=branch&per_page=100`),
    glPaths.join('\n'),
  );
});

test('an unknown commit is unknown; a refused token is a check error, kept', async () => {
  const recorded = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${number}/hotfixes`,
    payload: { repository: 'github-repo', branch: 'main', commits: ['0123456789abcdef'] },
  });
  assert.equal(recorded.status, 201);
  await runJobs(t);
  const list = await t.call('stakeholder', { method: 'GET', url: '/api/v1/hotfixes?outstanding=true' });
  const h = list.body.items.find((x: { id: string }) => x.id === recorded.body.id);
  assert.deepEqual(states(h), ['main unknown', 'develop unknown', 'release/1.2 unknown']);

  const patched = await t.call('admin', {
    method: 'PATCH',
    url: '/api/v1/repositories/gitlab-repo',
    payload: { token: 'wrong-token' },
  });
  assert.equal(patched.status, 200);
  await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${number}/hotfixes`,
    payload: { repository: 'gitlab-repo', branch: 'main', commits: [fix] },
  });
  const check = await t.call('responder', { method: 'POST', url: '/api/v1/repositories/gitlab-repo/check' });
  assert.equal(check.status, 200);
  assert.equal(check.body.checkError, 'GitLab (branches) answered 401: 401 Unauthorized');
  gitlab.violations.length = 0;
});

test('a clone whose directory cannot be made is a check error, kept, never a 500', async () => {
  // This app's data directory is under /dev/null: no directory can be made there.
  const added = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/repositories',
    payload: { name: 'nowhere', cloneUrl: '/nonexistent/origin.git', branches: ['main'] },
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const check = await t.call('responder', { method: 'POST', url: '/api/v1/repositories/nowhere/check' });
  assert.equal(check.status, 200);
  assert.match(check.body.checkError, /^the clone's directory cannot be made: ENOTDIR/);
  const unknown = await t.call('responder', { method: 'POST', url: '/api/v1/repositories/nope/check' });
  assert.equal(unknown.status, 404);
});
