/**
 * `expedite postmortem` and `expedite actions` against a real server: start one by hand, show its
 * drafted document, invite to its meeting, ask for review and approve as the named reviewer,
 * publish; an unknown action is a usage error; publishing again is refused by the API.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_EMAIL, adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

test('postmortem: create, show, invite, review, approve, publish', async () => {
  const declared = await run('declare', 'Exports time out', '--urgency', 'P3', '--reason', 'test', '--json');
  assert.equal(declared.code, 0, declared.stderr);
  const n = String(JSON.parse(declared.stdout).number);

  const created = await run('postmortem', n, 'create');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^Started the post-mortem\.\nPost-mortem of #\d+ Exports time out\n/);
  assert.match(created.stdout, /Status: draft · owner admin · due \d{4}-\d{2}-\d{2} · needed: by-hand/);
  assert.match(created.stdout, /## Summary\nOn \w+ \d+ \w+ \d{4} our product experienced/);

  const invited = await run(
    'postmortem',
    n,
    'invite',
    '--at',
    '2030-03-05T14:00:00Z',
    '--with',
    'ana@example.com,bob@example.com',
    '--json',
  );
  assert.equal(invited.code, 0, invited.stderr);
  assert.deepEqual(
    JSON.parse(invited.stdout).meeting.participants.map((p: { email: string }) => p.email),
    ['ana@example.com', 'bob@example.com'],
  );

  const reviewed = await run('postmortem', n, 'review', '--reviewers', ADMIN_EMAIL);
  assert.equal(reviewed.code, 0, reviewed.stderr);
  assert.match(reviewed.stdout, /^In review\.\n/);
  const approved = await run('postmortem', n, 'approve');
  assert.match(approved.stdout, /Reviewers: admin \(approved\)/);
  const published = await run('postmortem', n, 'publish', '--audience', 'management', '--json');
  assert.equal(published.code, 0, published.stderr);
  assert.equal(JSON.parse(published.stdout).status, 'published');
  const again = await run('postmortem', n, 'publish');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Already published/);
});

test('actions: none open; a bad action or id is a usage error', async () => {
  const listed = await run('actions', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout), { items: [] });
  const none = await run('actions');
  assert.equal(none.code, 0);
  assert.equal(none.stderr.trim(), 'No open action items.');
  assert.equal((await run('actions', 'done', 'ab')).code, 2);
  assert.equal((await run('postmortem', '1', 'frobnicate')).code, 2);
});
