/**
 * `expedite link` and `expedite conclusion`: a link is attached with its kind and title; the
 * conclusion shows each part sent or not with its recipients (or why it cannot go); `--send
 * status-page --preview` shows the part and sends nothing, `--send` sends it once; a part sent
 * before the incident is resolved is refused; unknown kinds and parts are usage errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

test('links, the conclusion shown part by part, and the status page part previewed then sent', async () => {
  const declared = await run('declare', 'Exports time out', '--urgency', 'P2', '--reason', 'test', '--json');
  assert.equal(declared.code, 0, declared.stderr);
  const n = String(JSON.parse(declared.stdout).number as number);

  const pr = await run(
    'link',
    n,
    'https://git.example.com/shop/pull/7',
    '--title',
    'Fix export',
    '--kind',
    'pr',
  );
  assert.equal(pr.code, 0, pr.stderr);
  assert.equal(pr.stdout.trim(), 'Link added (pull-request): Fix export');
  const doc = await run('link', `#${n}`, 'https://wiki.example.com/exports');
  assert.equal(doc.stdout.trim(), 'Link added (other): https://wiki.example.com/exports');

  const early = await run('conclusion', n, '--send', 'status-page');
  assert.equal(early.code, 1);
  assert.match(early.stderr, /Resolve the incident before sending its conclusion\./);

  for (const args of [
    ['status', n, 'investigating'],
    ['resolve', n, '--summary', 'Raised the export timeout'],
  ]) {
    const res = await run(...args);
    assert.equal(res.code, 0, res.stderr);
  }

  const shown = await run('conclusion', n);
  assert.equal(shown.code, 0, shown.stderr);
  assert.deepEqual(shown.stdout.trimEnd().split('\n'), [
    'Resolved: the conclusion can be sent.',
    'team: Summary to the team, not sent: Nobody on the incident has a verified email address.',
    'reporter: Notice to the reporter, not sent: It came from no support report and its client (if any) has no contacts.',
    'status-page: Resolved on the status pages, not sent; goes to Every public status page',
    'Links:',
    '  pull-request  Fix export  https://git.example.com/shop/pull/7',
    '  other  https://wiki.example.com/exports  https://wiki.example.com/exports',
  ]);

  const preview = await run(
    'conclusion',
    n,
    '--send',
    'status-page',
    '--preview',
    '--text',
    'Exports work again.',
  );
  assert.equal(preview.code, 0, preview.stderr);
  assert.deepEqual(preview.stdout.trimEnd().split('\n'), [
    'status-page: Resolved on the status pages, not sent; goes to Every public status page',
    'Status: resolved',
    'Exports work again.',
  ]);
  assert.match((await run('conclusion', n)).stdout, /^status-page: Resolved on the status pages, not sent;/m);

  const sent = await run('conclusion', n, '--send', 'status-page', '--text', 'Exports work again.');
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal(sent.stdout.trim(), 'Sent: resolved on the status pages to Every public status page.');
  const after = await run('conclusion', n, '--json');
  const part = JSON.parse(after.stdout).parts.find((p: { part: string }) => p.part === 'status-resolved');
  assert.equal(part.text, 'Exports work again.');
  assert.equal(part.sentBy, 'admin');
  assert.match(
    (await run('conclusion', n)).stdout,
    /^status-page: Resolved on the status pages, sent \d{4}-\d\d-\d\d \d\d:\d\d by admin to Every public status page$/m,
  );
  const twice = await run('conclusion', n, '--send', 'status-page');
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /This part of the conclusion was sent already\./);
});

test('an unknown link kind or part is a usage error', async () => {
  const kind = await run('link', '1', 'https://x.example.com', '--kind', 'video');
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /--kind must be one of pr, ticket, doc/);
  const part = await run('conclusion', '1', '--send', 'press');
  assert.equal(part.code, 2);
  assert.match(part.stderr, /--send must be one of team, reporter, status-page/);
  const alone = await run('conclusion', '1', '--preview');
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--preview and --text go with --send/);
});
