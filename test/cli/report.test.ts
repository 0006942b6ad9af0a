/**
 * `expedite report`: the plain version's Markdown alone (as saved to a file), the technical version
 * with where the report stands, sharing refused before resolving and done after, `--json`, and
 * unknown versions and audiences as usage errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

test('the report shown, as Markdown, shared once resolved', async () => {
  const declared = await run(
    'declare',
    'Exports time out',
    '--scope',
    'USERS',
    '--criticality',
    'FBLOCK',
    '--area',
    'BE',
    '--json',
  );
  assert.equal(declared.code, 0, declared.stderr);
  const n = String(JSON.parse(declared.stdout).number as number);
  for (const args of [
    ['own', n],
    ['status', n, 'investigating'],
    ['log-time', n, '2.25', 'Raised the timeout'],
  ]) {
    const res = await run(...args);
    assert.equal(res.code, 0, `${args.join(' ')}: ${res.stderr}`);
  }

  const early = await run('report', n, '--share', 'team');
  assert.equal(early.code, 1);
  assert.match(early.stderr, /Resolve the incident before sharing its resolution report\./);

  const resolved = await run('resolve', n, '--summary', 'Exports finish again.');
  assert.equal(resolved.code, 0, resolved.stderr);

  const md = await run('report', n, '--version', 'plain', '--markdown');
  assert.equal(md.code, 0, md.stderr);
  const lines = md.stdout.split('\n');
  assert.equal(lines[0], '# We are back: Exports time out');
  assert.ok(lines.includes('- Who was affected: Only some customers; a feature is blocked'), md.stdout);
  assert.ok(lines.includes('Exports finish again.'), md.stdout);
  assert.ok(lines.includes('- Total: 2.25 h'), md.stdout);
  assert.ok(!md.stdout.includes('USERS-FBLOCK-BE'));

  const shown = await run('report', n);
  assert.equal(shown.code, 0, shown.stderr);
  const out = shown.stdout.split('\n');
  assert.equal(out[0], 'Resolution report: generated from the incident (not saved); not shared.');
  assert.equal(out[2], `# Resolution report: #${n} USERS-FBLOCK-BE: Exports time out`);

  const shared = await run('report', `#${n}`, '--share', 'team');
  assert.equal(shared.code, 0, shared.stderr);
  assert.equal(shared.stdout.trim(), 'Shared with team.');
  const json = await run('report', n, '--json');
  const body = JSON.parse(json.stdout);
  assert.equal(body.saved, true);
  assert.equal(typeof body.sharedAt, 'string');
  assert.match((await run('report', n)).stdout, /; shared \d{4}-\d\d-\d\d \d\d:\d\d\.\n/);
});

test('an unknown version or audience is a usage error', async () => {
  const version = await run('report', '1', '--version', 'pdf');
  assert.equal(version.code, 2);
  assert.match(version.stderr, /--version must be technical or plain/);
  const audience = await run('report', '1', '--share', 'team,everyone');
  assert.equal(audience.code, 2);
  assert.match(audience.stderr, /--share takes team, stakeholders, clients, public/);
});
