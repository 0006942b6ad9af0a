/**
 * Hotfixes checked with git on a real repository made here (a bare origin and a working clone): a
 * hotfix commit on `main` is reported missing from `develop`, then merged once a real merge is
 * pushed to origin and fetched, both by "check now" and by the scheduled job; the first detection
 * goes on the timeline once. The incident's owner is reminded by email a day later, once a day while
 * it is outstanding. Bad input is a 400 naming the field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { scheduleChecks } from '../../src/hotfixes/schedule.ts';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createGitScene, type GitScene } from '../helpers/git-repo.ts';
import { runJobs } from '../helpers/jobs.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let scene: GitScene;
let sink: SmtpSink;
let dataDir: string;
let number: number;
let fix: string;

before(async () => {
  scene = createGitScene();
  sink = await startSmtpSink();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-data-'));
  const channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels, env: { EXPEDITE_DATA_DIR: dataDir } });
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title: 'Login fails',
      scope: 'ALL-USERS',
      criticality: 'ALLBLOCK',
      area: 'BE',
      takeOwnership: true,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  number = res.body.number;
  // The first round of checks, as the server's start adds it; each round adds the next.
  await scheduleChecks(t.db.pool, t.clock.now());
});
after(async () => {
  await t.close();
  await sink.close();
  scene.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const states = (h: { branches: { branch: string; state: string }[] }) =>
  Object.fromEntries(h.branches.map((b) => [b.branch, b.state]));

async function hotfixes() {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${number}/hotfixes` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

async function timelineKinds(kind: string) {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${number}/timeline` });
  assert.equal(res.status, 200);
  return res.body.items.filter((e: { kind: string }) => e.kind === kind);
}

test('an admin adds a repository; its token is never shown', async () => {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/repositories',
    payload: {
      name: 'api',
      cloneUrl: scene.origin,
      branches: ['main', 'develop', 'release/*'],
      token: 'secret-1',
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.hasToken, true);
  assert.equal(JSON.stringify(res.body).includes('secret-1'), false);
  const list = await t.call('responder', { method: 'GET', url: '/api/v1/repositories' });
  assert.deepEqual(
    list.body.items.map((r: { name: string; provider: string }) => [r.name, r.provider]),
    [['api', 'git']],
  );
  assert.equal(JSON.stringify(list.body).includes('secret-1'), false);
  const twice = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/repositories',
    payload: { name: 'api', cloneUrl: scene.origin, branches: ['main'] },
  });
  assert.equal(twice.status, 409);
  const responder = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/repositories',
    payload: { name: 'web', cloneUrl: scene.origin, branches: ['main'] },
  });
  assert.equal(responder.status, 403);
});

test('bad input is a 400 naming the field', async () => {
  const record = (payload: Record<string, unknown>) =>
    t.call('responder', { method: 'POST', url: `/api/v1/incidents/${number}/hotfixes`, payload });
  const nonHex = await record({ repository: 'api', branch: 'main', commits: ['not-a-sha!'] });
  assert.equal(nonHex.status, 400);
  assert.equal(nonHex.body.error.details[0].field, 'body.commits.0');
  const unknown = await record({ repository: 'nope', branch: 'main', commits: ['abcdef1'] });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.details[0].field, 'body.repository');
  const dash = await record({ repository: 'api', branch: '--upload-pack=evil', commits: ['abcdef1'] });
  assert.equal(dash.status, 400);
  assert.equal(dash.body.error.details[0].field, 'body.branch');
  const badRepo = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/repositories',
    payload: { name: 'x', cloneUrl: '--upload-pack=touch /tmp/x', branches: ['main'] },
  });
  assert.equal(badRepo.status, 400);
  assert.equal(badRepo.body.error.details[0].field, 'body.cloneUrl');
  const noProject = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/repositories',
    payload: {
      name: 'gh',
      cloneUrl: 'https://github.com/acme/api.git',
      provider: 'github',
      branches: ['main'],
    },
  });
  assert.equal(noProject.status, 400);
  assert.equal(noProject.body.error.details[0].field, 'body.apiProject');
});

test('a hotfix on main is missing from develop, then merged back after a real merge and a fetch', async () => {
  fix = scene.commit('app.txt', 'fixed\n', 'HOT FIX: login accepts long passwords again');
  scene.git('push', '--quiet', 'origin', 'main');
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${number}/hotfixes`,
    payload: {
      repository: 'api',
      branch: 'main',
      commits: [fix.toUpperCase()],
      links: ['https://git.example.com/api/pull/412'],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual(res.body.commits, [fix]);
  assert.equal(res.body.outstanding, true);
  const recorded = await timelineKinds('hotfix-recorded');
  assert.equal(recorded.length, 1);
  assert.deepEqual(recorded[0].data, {
    hotfixId: res.body.id,
    repository: 'api',
    branch: 'main',
    commits: [fix],
    links: ['https://git.example.com/api/pull/412'],
  });

  // The check the recording asked for runs as a job: clone, fetch, ask git.
  await runJobs(t);
  let [h] = await hotfixes();
  assert.deepEqual(states(h), { main: 'merged', develop: 'missing' });
  assert.deepEqual(h.branches.find((b: { branch: string }) => b.branch === 'develop').missing, [fix]);
  assert.equal(h.outstanding, true);
  let merged = await timelineKinds('hotfix-merged-back');
  assert.deepEqual(
    merged.map((e: { data: { target: string } }) => e.data.target),
    ['main'],
  );
  assert.equal(merged[0].data.commit, fix, 'main’s tip is the fix itself');

  // Check now, nothing changed: still missing, and no second timeline entry for main.
  const now = await t.call('responder', { method: 'POST', url: '/api/v1/repositories/api/check' });
  assert.equal(now.status, 200, JSON.stringify(now.body));
  assert.equal(now.body.checkError, null);
  assert.equal((await timelineKinds('hotfix-merged-back')).length, 1);

  const outstanding = await t.call('stakeholder', {
    method: 'GET',
    url: '/api/v1/hotfixes?outstanding=true',
  });
  assert.deepEqual(
    outstanding.body.items.map((x: { id: string }) => x.id),
    [h.id],
  );

  // The real merge, pushed to origin; found by the next scheduled round (fetch --prune, then git).
  scene.git('checkout', '--quiet', 'develop');
  scene.git('merge', '--quiet', '--no-edit', 'main');
  scene.git('push', '--quiet', 'origin', 'develop');
  const mergeCommit = scene.git('rev-parse', 'HEAD');
  scene.git('checkout', '--quiet', 'main');
  t.clock.advance(5 * 60_000);
  await runJobs(t);
  [h] = await hotfixes();
  assert.deepEqual(states(h), { main: 'merged', develop: 'merged' });
  assert.equal(h.outstanding, false);
  merged = await timelineKinds('hotfix-merged-back');
  assert.deepEqual(
    merged.map((e: { data: { target: string; commit: string } }) => [e.data.target, e.data.commit]),
    [
      ['main', fix],
      ['develop', mergeCommit],
    ],
  );
  const none = await t.call('stakeholder', { method: 'GET', url: '/api/v1/hotfixes?outstanding=true' });
  assert.deepEqual(none.body.items, []);
});

test('the owner is reminded once a day while a hotfix is outstanding', async () => {
  const other = scene.commit('other.txt', 'x\n', 'HOT FIX: a second one');
  scene.git('push', '--quiet', 'origin', 'main');
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${number}/hotfixes`,
    payload: { repository: 'api', branch: 'main', commits: [other] },
  });
  assert.equal(res.status, 201);
  await runJobs(t);
  const before = sink.messages.length;
  // Within the first day: no reminder.
  for (let i = 0; i < 2; i++) {
    t.clock.advance(6 * 60 * 60_000);
    await runJobs(t);
  }
  assert.equal(sink.messages.length, before);
  // A day later: one reminder to the owner, then not again the same day.
  for (let i = 0; i < 2; i++) {
    t.clock.advance(7 * 60 * 60_000);
    await runJobs(t);
  }
  const reminders = () =>
    sink.messages.slice(before).filter((m) => m.subject?.includes('hotfix on main not merged back'));
  assert.equal(reminders().length, 1);
  assert.deepEqual(reminders()[0]!.envelope.to, ['responder@example.com']);
  assert.match(reminders()[0]!.subject ?? '', /into develop/);
  assert.match(reminders()[0]!.text ?? '', /main ✓, develop ✗/);
  t.clock.advance(24 * 60 * 60_000);
  await runJobs(t);
  assert.equal(reminders().length, 2, 'the next day, again');

  // Merged into develop and found by "check now": no longer outstanding, no more reminders.
  scene.git('checkout', '--quiet', 'develop');
  scene.git('merge', '--quiet', '--no-edit', 'main');
  scene.git('push', '--quiet', 'origin', 'develop');
  scene.git('checkout', '--quiet', 'main');
  const now = await t.call('responder', { method: 'POST', url: '/api/v1/repositories/api/check' });
  assert.equal(now.status, 200);
  assert.equal(now.body.checkError, null);
  const [, second] = await hotfixes();
  assert.equal(second.id, res.body.id);
  assert.deepEqual(states(second), { main: 'merged', develop: 'merged' });
  assert.equal(second.outstanding, false);
  t.clock.advance(24 * 60 * 60_000);
  await runJobs(t);
  assert.equal(reminders().length, 2, 'merged back: no reminder');
  assert.deepEqual(sink.violations, []);
});

test('a hotfix cherry-picked into develop rather than merged counts as merged back, and says so', async () => {
  const third = scene.commit('third.txt', 'fixed\n', 'HOT FIX: a third one');
  scene.git('push', '--quiet', 'origin', 'main');
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${number}/hotfixes`,
    payload: { repository: 'api', branch: 'main', commits: [third] },
  });
  assert.equal(res.status, 201);
  await runJobs(t);
  const mine = async () => (await hotfixes()).find((h: { id: string }) => h.id === res.body.id);
  assert.deepEqual(states(await mine()), { main: 'merged', develop: 'missing' });

  // develop gets the same change as a new commit of its own.
  scene.git('checkout', '--quiet', 'develop');
  scene.git('cherry-pick', third);
  scene.git('push', '--quiet', 'origin', 'develop');
  const picked = scene.git('rev-parse', 'HEAD');
  scene.git('checkout', '--quiet', 'main');
  assert.notEqual(picked, third);
  const now = await t.call('responder', { method: 'POST', url: '/api/v1/repositories/api/check' });
  assert.equal(now.body.checkError, null);
  const h = await mine();
  assert.deepEqual(states(h), { main: 'merged', develop: 'merged' });
  assert.equal(h.outstanding, false);
  const develop = h.branches.find((b: { branch: string }) => b.branch === 'develop');
  assert.equal(develop.detail, `The same change, cherry-picked: ${third.slice(0, 10)}`);
  assert.equal(h.branches.find((b: { branch: string }) => b.branch === 'main').detail, null);
});
