/**
 * `expedite insights`: the figures of a period as text (tab-separated when piped), JSON and the same
 * CSV as the API; days are UTC days with --to included; a wrong date is a usage error that calls
 * nothing, a wrong grouping the API's 400 naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let env: Record<string, string>;
const run = (...args: string[]) => cli(args, env);
const today = new Date().toISOString().slice(0, 10);

before(async () => {
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const res = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(res.code, 0, res.stderr);
  const declared = await run(
    'declare',
    'Checkout fails',
    '--scope',
    'ALL',
    '--criticality',
    'FBLOCK',
    '--area',
    'BE',
  );
  assert.equal(declared.code, 0, declared.stderr);
});
after(async () => server.stop());

test('insights of today: text, JSON and CSV', async () => {
  const text = await run('insights', '--from', today, '--to', today, '--group-by', 'area');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Incidents\t1 \(0 resolved\)$/m);
  assert.match(text.stdout, /^Time to resolve\t- \(p90 -, n=0\)$/m);
  assert.match(text.stdout, /^BE\t1\t/m);

  const json = await run('insights', '--from', today, '--to', today, '--json');
  assert.equal(json.code, 0, json.stderr);
  const x = JSON.parse(json.stdout);
  assert.equal(x.from, `${today}T00:00:00.000Z`);
  assert.equal(x.to, new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString());
  assert.equal(x.total.incidents, 1);

  const csv = await run('insights', '--from', today, '--to', today, '--bucket', 'month', '--csv');
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.split('\r\n');
  assert.equal(lines[0]!.split(',').slice(0, 5).join(','), 'row,key,label,incidents,resolved');
  assert.match(lines[1]!, /^total,,[^,]+,1,0,0,,,,0,,,,0,,,,0,0$/);
});

test('a wrong date is a usage error; a wrong grouping is the API naming the field', async () => {
  const date = await run('insights', '--from', '2026-13-45');
  assert.equal(date.code, 2);
  assert.match(date.stderr, /--from: "2026-13-45" is not a date/);
  const group = await run('insights', '--group-by', 'owner');
  assert.equal(group.code, 1);
  assert.match(group.stderr, /groupBy/);
});
