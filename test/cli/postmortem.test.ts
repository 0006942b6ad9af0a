/**
 * `expedite postmortem` and `expedite actions` against a real server: start one by hand, show its
 * drafted document, invite to its meeting, ask for review and approve as the named reviewer,
 * publish; an unknown action is a usage error; publishing again is refused by the API. Delegate
 * it with a new due date, then move the date; add an action item and change it by its short id.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ADMIN_EMAIL, adminCli, api } from './helpers.ts';

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

test('postmortem delegate and due; actions add and set', async () => {
  const token = JSON.parse(readFileSync(admin.env.EXPEDITE_CONFIG!, 'utf8')).token as string;
  const grace = await api(admin.server.url, token, 'POST', '/users', {
    email: 'grace@example.com',
    name: 'Grace Hopper',
    role: 'responder',
    password: 'a-long-password',
  });
  assert.equal(grace.status, 201);
  const declared = await run('declare', 'Invoices late', '--urgency', 'P3', '--reason', 'test', '--json');
  const n = String(JSON.parse(declared.stdout).number);
  assert.equal((await run('postmortem', n, 'create')).code, 0);

  const delegated = await run('postmortem', n, 'delegate', 'grace@example.com', '--due', '2030-06-14');
  assert.equal(delegated.code, 0, delegated.stderr);
  assert.match(delegated.stdout, /^Delegated to Grace Hopper, due 2030-06-14\.\n/);
  assert.match(delegated.stdout, /Status: draft · owner Grace Hopper · due 2030-06-14 · needed: by-hand/);
  const moved = await run('postmortem', n, 'due', '2030-06-21', '--json');
  assert.equal(moved.code, 0, moved.stderr);
  const pm = JSON.parse(moved.stdout);
  assert.equal(pm.dueOn, '2030-06-21');
  assert.equal(pm.owner.email, 'grace@example.com');
  const timeline = await api(admin.server.url, token, 'GET', `/incidents/${n}/timeline`);
  const changes = (timeline.body.items ?? timeline.body)
    .filter((e: { kind: string }) => e.kind === 'postmortem-changed')
    .map((e: { data: { owner?: { name: string }; dueOn?: string } }) => [e.data.owner?.name, e.data.dueOn]);
  assert.deepEqual(changes, [
    ['Grace Hopper', '2030-06-14'],
    [undefined, '2030-06-21'],
  ]);

  const added = await run(
    'actions',
    'add',
    n,
    '--kind',
    'training',
    '--title',
    'Walk the team through the invoice queue',
    '--owner',
    'grace@example.com',
    '--due',
    '2030-07-01',
    '--json',
  );
  assert.equal(added.code, 0, added.stderr);
  const item = JSON.parse(added.stdout);
  assert.equal(item.kind, 'training');
  assert.equal(item.owner.email, 'grace@example.com');
  assert.equal(item.dueOn, '2030-07-01');

  const changed = await run(
    'actions',
    'set',
    item.id.slice(0, 8),
    '--owner',
    ADMIN_EMAIL,
    '--due',
    '2030-07-08',
  );
  assert.equal(changed.code, 0, changed.stderr);
  assert.equal(
    changed.stdout,
    `Changed: Walk the team through the invoice queue (training, admin, due 2030-07-08) [${item.id.slice(0, 8)}]\n`,
  );
  const retitled = await run(
    'actions',
    'set',
    item.id,
    '--title',
    'Walk support through the invoice queue',
    '--json',
  );
  assert.equal(JSON.parse(retitled.stdout).title, 'Walk support through the invoice queue');

  const listed = await run('actions', '--json');
  assert.deepEqual(
    JSON.parse(listed.stdout).items.map((a: { title: string; owner: { email: string }; dueOn: string }) => [
      a.title,
      a.owner.email,
      a.dueOn,
    ]),
    [['Walk support through the invoice queue', ADMIN_EMAIL, '2030-07-08']],
  );
  assert.equal(
    (
      await run(
        'actions',
        'add',
        n,
        '--kind',
        'lunch',
        '--title',
        'x',
        '--owner',
        ADMIN_EMAIL,
        '--due',
        '2030-07-01',
      )
    ).code,
    2,
  );
  assert.equal((await run('actions', 'set', item.id)).code, 2);
  assert.equal((await run('postmortem', n, 'delegate')).code, 2);
  const nobody = await run('postmortem', n, 'delegate', 'nobody@example.com');
  assert.equal(nobody.code, 1);
  assert.match(nobody.stderr, /nobody@example\.com/);
});
