/**
 * `expedite deviation` and `expedite debt`: a deviation recorded without its item holds off closing
 * until `debt add --deviation` creates it; hours logged with `log-time --debt` count towards the
 * budget (8 h against 6 h: overrun by 2 h); `debt list --filter overrun`, `debt show`, `debt set`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_EMAIL, adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

test('a deviation, its item added later, hours against the budget and the item done', async () => {
  const declared = await run('declare', 'Checkout fails', '--urgency', 'P2', '--reason', 'test', '--json');
  assert.equal(declared.code, 0, declared.stderr);
  const n = String(JSON.parse(declared.stdout).number as number);

  const dev = await run(
    'deviation',
    n,
    '--reason',
    'speed,lack-of-resources',
    '--skipped',
    'review,tests',
    '--justification',
    'Out of hours',
    '--json',
  );
  assert.equal(dev.code, 0, dev.stderr);
  const deviation = JSON.parse(dev.stdout) as { id: string; techDebtId: string | null };
  assert.equal(deviation.techDebtId, null);

  for (const args of [
    ['status', n, 'investigating'],
    ['resolve', n, '--summary', 'Hotfix out'],
  ]) {
    const res = await run(...args);
    assert.equal(res.code, 0, res.stderr);
  }
  const refused = await run('status', n, 'closed');
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /deviation "skipped review, tests" has no tech-debt item/);

  const added = await run(
    'debt',
    'add',
    n,
    '--title',
    'Tests and review for the hotfix',
    '--budget',
    '6',
    '--owner',
    ADMIN_EMAIL,
    '--due',
    '2099-12-20',
    '--deviation',
    deviation.id,
  );
  assert.equal(added.code, 0, added.stderr);
  const prefix = added.stdout.slice(0, 8);
  assert.match(
    added.stdout.trim(),
    /^[0-9a-f]{8} open: Tests and review for the hotfix \(#\d+\) — 0 h of 6 h, admin, due 2099-12-20$/,
  );
  assert.equal((await run('status', n, 'closed')).code, 0, 'closes once the item exists');

  for (const h of ['5', '3']) {
    const logged = await run('log-time', n, h, 'Wrote the tests', '--debt', prefix);
    assert.equal(logged.code, 0, logged.stderr);
  }
  const shown = await run('debt', 'show', prefix, '--json');
  assert.equal(shown.code, 0, shown.stderr);
  const item = JSON.parse(shown.stdout);
  assert.equal(item.spentHours, 8);
  assert.equal(item.overrunHours, 2);
  assert.equal(item.overrun, true);

  const listed = await run('debt', 'list', '--filter', 'overrun');
  assert.equal(listed.code, 0, listed.stderr);
  const cols = listed.stdout.trim().split('\t');
  assert.deepEqual(cols.slice(1), [
    'open',
    `#${n}`,
    '6',
    '8',
    '2',
    'admin',
    '2099-12-20',
    'Tests and review for the hotfix',
  ]);

  const done = await run('debt', 'set', prefix, '--status', 'done');
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, / done: Tests and review for the hotfix .* \[overrun by 2 h\]$/m);
  const bad = await run('debt', 'set', prefix);
  assert.equal(bad.code, 2);
  const unknown = await run('debt', 'list', '--filter', 'late');
  assert.equal(unknown.code, 2);
});
