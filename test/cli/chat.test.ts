/**
 * `expedite chat`: shows an incident's chat, sets and lifts "affects deployments" through the API
 * (a second "on" is refused), opening a channel without Slack configured fails with the reason, and
 * a wrong form is a usage error that calls nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminCli } from './helpers.ts';

const admin = adminCli();
const run = admin.run;

test('chat deployments on and off, chat show, and chat channel without Slack', async () => {
  const declared = await run('declare', 'Deploys break the API', '--json');
  assert.equal(declared.code, 0, declared.stderr);
  const n = String(JSON.parse(declared.stdout).number);

  const on = await run('chat', 'deployments', n, 'on');
  assert.equal(on.code, 0, on.stderr);
  assert.equal(
    on.stdout,
    'Marked as affecting deployments.\nBroadcast message: none\nIncident channel:  none\nAffects deployments: yes\n',
  );
  const again = await run('chat', 'deployments', n, 'on');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already affects deployments/);
  const shown = JSON.parse((await run('chat', 'show', `#${n}`, '--json')).stdout);
  assert.equal(shown.affectsDeployments, true);
  const off = await run('chat', 'deployments', n, 'off');
  assert.match(off.stdout, /^Deployments flag lifted\.\n/);

  const channel = await run('chat', 'channel', n);
  assert.equal(channel.code, 1);
  assert.match(channel.stderr, /Slack is not configured/);

  const bad = await run('chat', 'deployments', n, 'maybe');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /chat deployments <ref> on\|off/);
});
