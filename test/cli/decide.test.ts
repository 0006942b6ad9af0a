/**
 * `expedite decide`: records expedite, backlog or decline with a reason through the API; backlog
 * takes the incident out of `list` (open) and into `list --status backlogged`; a decision other
 * than the three, or one without --reason, is a usage error that calls nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

/** Declares a P3 incident (decision: ask the product owner) and answers its number. */
async function declared(title: string): Promise<number> {
  const res = await run('declare', title, '--urgency', 'P3', '--reason', 'test', '--json');
  assert.equal(res.code, 0, res.stderr);
  const incident = JSON.parse(res.stdout);
  assert.equal(incident.decision, 'product-owner');
  return incident.number;
}

const listed = async (...args: string[]) => {
  const res = await run('list', ...args, '--json');
  assert.equal(res.code, 0, res.stderr);
  return (JSON.parse(res.stdout).items as { number: number }[]).map((i) => i.number);
};

test('decide backlog moves it to the Backlog, off the open list', async () => {
  const n = await declared('Typo in the footer');
  const res = await run('decide', String(n), 'backlog', '--reason', 'Cosmetic; next sprint');
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, new RegExp(`^Moved to the Backlog: #${n} `));
  assert.ok(!(await listed('--status', 'open')).includes(n));
  assert.ok((await listed('--status', 'backlogged')).includes(n));
});

test('decide decline closes it; expedite sets the decision', async () => {
  const a = await declared('Old browser banner');
  const declined = JSON.parse(
    (await run('decide', `#${a}`, 'decline', '--reason', 'Unsupported', '--json')).stdout,
  );
  assert.equal(declined.status, 'closed');
  const b = await declared('Slow search');
  const expedited = JSON.parse(
    (await run('decide', String(b), 'EXPEDITE', '--reason', 'Campaign', '--json')).stdout,
  );
  assert.equal(expedited.decision, 'expedite');
});

test('a decision other than the three, or no --reason, is a usage error', async () => {
  const bad = await run('decide', '1', 'later', '--reason', 'x');
  assert.equal(bad.code, 2, bad.stdout);
  assert.match(bad.stderr, /expedite, backlog or decline/);
  const none = await run('decide', '1', 'backlog');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--reason is required/);
});
