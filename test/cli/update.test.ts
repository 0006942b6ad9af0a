/**
 * `expedite update`: --preview shows what each audience would receive (and why one cannot be
 * reached) without sending; sending answers with its audiences and the update is listed by the
 * API; a stage or audience not known is a usage error that calls nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

test('update --preview sends nothing; update sends to the audiences', async () => {
  const declared = await run('declare', 'Exports time out', '--urgency', 'P2', '--reason', 'test', '--json');
  assert.equal(declared.code, 0, declared.stderr);
  const n = JSON.parse(declared.stdout).number as number;

  const preview = await run(
    'update',
    String(n),
    '--stage',
    'identified',
    '--audience',
    'internal,stakeholders',
    '--preview',
  );
  assert.equal(preview.code, 0, preview.stderr);
  assert.match(preview.stdout, /^== internal: to The incident channel and the broadcast channel$/m);
  assert.match(
    preview.stdout,
    /^== stakeholders: No stakeholder list applies: an admin sets them under Updates\.$/m,
  );
  assert.match(
    preview.stdout,
    /^We have found the cause of the problem with the service and are working on a fix\.$/m,
  );

  const sent = await run(
    'update',
    `#${n}`,
    '--stage',
    'fixing',
    '--audience',
    'internal',
    '--technical',
    'Raising the export timeout',
  );
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal(sent.stdout.trim(), 'Update sent (fixing) to internal.');
  const shown = await run(
    'update',
    String(n),
    '--stage',
    'fixing',
    '--audience',
    'stakeholders',
    '--plain',
    'x',
    '--json',
  );
  assert.equal(shown.code, 1, 'no stakeholder list: refused');
  assert.match(shown.stderr, /No stakeholder list applies/);
});

test('an unknown stage or audience is a usage error', async () => {
  const stage = await run('update', '1', '--stage', 'later', '--audience', 'internal');
  assert.equal(stage.code, 2);
  assert.match(
    stage.stderr,
    /--stage must be one of investigating, identified, fixing, monitoring, resolved/,
  );
  const audience = await run('update', '1', '--stage', 'fixing', '--audience', 'internal,press');
  assert.equal(audience.code, 2);
  assert.match(audience.stderr, /unknown audience "press"/);
});
