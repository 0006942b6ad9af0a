/**
 * `expedite prometheus` and `expedite watch --integration` through the real binary against a real
 * server: the Prometheus setting shown, set, tested against a stand-in answering the documented
 * query shape, and cleared; an incident watching an integration's alert rate, named by its name.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakePrometheus, type FakePrometheus } from '../helpers/fakes/prometheus-api.ts';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;
let prom: FakePrometheus;

before(async () => {
  prom = await startFakePrometheus(1);
});
after(async () => prom.close());

test('prometheus show, set, test and clear', async () => {
  const none = await run('prometheus', 'show');
  assert.equal(none.code, 0, none.stderr);
  assert.equal(none.stdout, 'No Prometheus is configured.\n');

  const untested = await run('prometheus', 'test');
  assert.equal(untested.code, 1);
  assert.match(untested.stderr, /Prometheus test failed: No Prometheus is configured/);

  const set = await run('prometheus', 'set', prom.url);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stdout, `Prometheus: ${prom.url}\n`);

  const tested = await run('prometheus', 'test', '--json');
  assert.equal(tested.code, 0, tested.stderr);
  assert.deepEqual(JSON.parse(tested.stdout), {
    ok: true,
    detail: `${prom.url} answered vector(1) with 1`,
  });
  assert.deepEqual(prom.queries, ['vector(1)']);
  assert.deepEqual(prom.violations, []);

  const cleared = await run('prometheus', 'clear');
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.equal(cleared.stdout, 'No Prometheus is configured now.\n');
  assert.equal((await run('prometheus', 'set')).code, 2, 'a missing url is a usage error');
});

test('watch an integration by its name', async () => {
  const made = await run('declare', 'Card payments failing', '--urgency', 'P2', '--reason', 'test', '--json');
  assert.equal(made.code, 0, made.stderr);
  const n: number = JSON.parse(made.stdout).number;
  const res = await fetch(`${admin.server.url}/api/v1/integrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
    body: JSON.stringify({ name: 'Payments', type: 'pagerduty' }),
  });
  assert.equal(res.status, 201);

  const watched = await run(
    'watch',
    String(n),
    '--integration',
    'payments',
    '--above',
    '5',
    '--window',
    '15',
  );
  assert.equal(watched.code, 0, watched.stderr);
  assert.equal(
    watched.stdout,
    'Watching:\nMetric:   the alert rate of Payments (bad > 5 per minute)\nWindow:   15 min\n' +
      'State:    not monitored yet (it starts when a fix is deployed or the status is monitoring)\n',
  );
  const unknown = await run('watch', String(n), '--integration', 'Billing', '--above', '5');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no integration "Billing"/);
  const below = await run('watch', String(n), '--integration', 'Payments', '--below', '5');
  assert.equal(below.code, 2);
});

/** A token of the admin's, made through the CLI. */
async function token(): Promise<string> {
  const created = await run('tokens', 'create', 'test');
  assert.equal(created.code, 0, created.stderr);
  return created.stdout.trim();
}
