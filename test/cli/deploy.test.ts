/**
 * `expedite deploy` as a CI step would run it, with only EXPEDITE_URL and EXPEDITE_TOKEN: records a
 * deployment (noted on the open incident of its service), rolls back the latest one of the service,
 * lists them; a wrong form is a usage error that calls nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let token: string;
let ci: Record<string, string>;

before(async () => {
  server = await startCliServer();
  const admin = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const login = await cli(['login', '--email', ADMIN_EMAIL], admin, `${ADMIN_PASSWORD}\n`);
  assert.equal(login.code, 0, login.stderr);
  const created = await cli(['tokens', 'create', 'ci'], admin);
  assert.equal(created.code, 0, created.stderr);
  token = created.stdout.trim();
  ci = { EXPEDITE_CONFIG: server.configFile('none'), EXPEDITE_URL: server.url, EXPEDITE_TOKEN: token };
  // The service "api", made by an integration that names it.
  const made = await api(server.url, token, 'POST', '/integrations', {
    name: 'API',
    type: 'generic',
    service: 'api',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
});
after(async () => server.stop());

test('deploy records a deployment and a rollback, each on the open incident’s timeline once', async () => {
  const declared = await api(server.url, token, 'POST', '/incidents', {
    title: 'Checkout errors',
    service: 'api',
  });
  assert.equal(declared.status, 201, JSON.stringify(declared.body));
  const n = declared.body.number as number;

  const deployed = await cli(
    [
      'deploy',
      '--service',
      'api',
      '--version',
      'v4.2.2',
      '--environment',
      'production',
      '--url',
      'https://ci.example.com/runs/9',
      '--commit',
      '9fceb02',
    ],
    ci,
  );
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.match(deployed.stdout, /^Recorded api v4\.2\.2 → production: finished \([0-9a-f-]{36}\)\n$/);

  const back = await cli(['deploy', 'rollback', '--service', 'api', '--to', 'v4.2.1', '--json'], ci);
  assert.equal(back.code, 0, back.stderr);
  const rolled = JSON.parse(back.stdout);
  assert.equal(rolled.status, 'rolled-back');
  assert.equal(rolled.rolledBackTo, 'v4.2.1');
  assert.equal(rolled.version, 'v4.2.2');

  const again = await cli(['deploy', 'rollback', rolled.id, '--to', 'v4.2.0'], ci);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^Rolled back api v4\.2\.2 → production: rolled-back to v4\.2\.1/);

  const timeline = await api(server.url, token, 'GET', `/incidents/${n}/timeline?limit=200`);
  const entries = (timeline.body.items as { kind: string; data: Record<string, unknown> }[]).filter(
    (e) => e.kind === 'deployment',
  );
  assert.deepEqual(
    entries.map((e) => [e.data.version, e.data.status, e.data.url, e.data.by]),
    [
      ['v4.2.2', 'finished', 'https://ci.example.com/runs/9', 'admin'],
      ['v4.2.2', 'rolled-back', 'https://ci.example.com/runs/9', 'admin'],
    ],
  );

  const list = await cli(['deploy', 'list'], ci);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /\tapi\tproduction\tv4\.2\.2\trolled-back to v4\.2\.1\tadmin\t/);

  const none = await cli(['deploy', 'rollback', '--service', 'nothing', '--to', 'v1'], ci);
  assert.equal(none.code, 4);
  const usage = await cli(['deploy', '--service', 'api'], ci);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--service and --version are required/);
});
