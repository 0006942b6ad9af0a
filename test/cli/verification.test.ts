/**
 * `expedite watch` and `expedite verification` through the real binary against a real server, and
 * `--override-reason` on `resolve` and `status`: a watched query holds off resolving until the fix is
 * verified, so resolving needs a reason, which the timeline keeps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

async function declared(title: string): Promise<number> {
  const res = await run('declare', title, '--urgency', 'P2', '--reason', 'test', '--json');
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout).number;
}

test('watch a query, see it, and resolve the unverified fix only with a reason', async () => {
  const n = await declared('Checkout errors');
  const watched = await run(
    'watch',
    String(n),
    '--query',
    'rate(http_errors_total[1m])',
    '--above',
    '0.05',
    '--window',
    '20',
  );
  assert.equal(watched.code, 0, watched.stderr);
  assert.match(
    watched.stdout,
    /^Watching:\nMetric: {3}rate\(http_errors_total\[1m\]\) \(bad > 0\.05\)\nWindow: {3}20 min\n/,
  );

  const shown = await run('verification', `#${n}`, '--json');
  assert.equal(shown.code, 0, shown.stderr);
  const v = JSON.parse(shown.stdout);
  assert.deepEqual(v.metric, {
    kind: 'query',
    description: 'rate(http_errors_total[1m]) (bad > 0.05)',
    query: 'rate(http_errors_total[1m])',
    integrationId: null,
    integrationName: null,
    comparison: 'above',
    threshold: 0.05,
  });
  assert.equal(v.windowMinutes, 20);
  assert.equal(v.run, null);

  assert.equal((await run('status', String(n), 'investigating')).code, 0);
  const refused = await run('resolve', String(n), '--summary', 'Cache key fixed');
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /not verified on rate\(http_errors_total\[1m\]\) \(bad > 0\.05\) yet/);
  assert.match(refused.stderr, /overrideReason/);

  const resolved = await run(
    'resolve',
    String(n),
    '--summary',
    'Cache key fixed',
    '--override-reason',
    'Checked by hand with the customer',
    '--json',
  );
  assert.equal(resolved.code, 0, resolved.stderr);
  assert.equal(JSON.parse(resolved.stdout).status, 'resolved');
});

test('status passes --override-reason; watch without a threshold is a usage error', async () => {
  const n = await declared('Search slow');
  assert.equal((await run('watch', String(n), '--query', 'up', '--below', '1')).code, 0);
  assert.equal((await run('status', String(n), 'investigating')).code, 0);
  const moved = await run(
    'status',
    String(n),
    'resolved',
    '--summary',
    'Index rebuilt',
    '--override-reason',
    'Metric gone',
    '--json',
  );
  assert.equal(moved.code, 0, moved.stderr);
  const usage = await run('watch', String(n), '--query', 'up');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /give one of --above or --below with --query/);
  const stopped = await run('watch', String(n), '--stop');
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /^Nothing chosen is watched any more\.\nMetric: {3}no metric is watched/);
});
