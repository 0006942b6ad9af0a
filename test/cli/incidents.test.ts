import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let env: Record<string, string>;
let adminToken: string;
const run = (...args: string[]) => cli(args, env);
const json = async (...args: string[]) => {
  const res = await run(...args, '--json');
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout);
};

before(async () => {
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const res = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(res.code, 0, res.stderr);
  adminToken = JSON.parse(readFileSync(env.EXPEDITE_CONFIG!, 'utf8')).token;
  const people: [string, string][] = [
    ['grace@example.com', 'responder'],
    ['sam@example.com', 'stakeholder'],
  ];
  for (const [email, role] of people) {
    const added = await api(server.url, adminToken, 'POST', '/users', {
      email,
      name: email.split('@')[0],
      role,
      password: 'a-long-password',
    });
    assert.equal(added.status, 201);
  }
});
after(async () => server.stop());

describe('declare and list', () => {
  test('declare with a classification prints number, tagline, urgency and decision', async () => {
    const res = await run(
      'declare',
      'Clicking on user details gives an error',
      '--scope',
      'admins',
      '--criticality',
      'FBLOCK',
      '--area',
      'FE',
      '--experience',
      'medium',
    );
    assert.equal(res.code, 0, res.stderr);
    const [first, second] = res.stdout.trim().split('\n');
    assert.match(first!, /^Declared #\d+ ADMINS-FBLOCK-FE: Clicking on user details gives an error$/);
    assert.match(second!, /Urgency P3 \(policy\)/);
    assert.match(second!, /Decision: Ask the product owner \(product-owner\)/);
    assert.match(second!, /Status triage/);
  });

  test('declare --json is the API incident; urgency by hand needs --reason', async () => {
    const incident = await json(
      'declare',
      'Checkout fails',
      '--scope',
      'ALL-USERS',
      '--criticality',
      'ALLBLOCK',
    );
    assert.equal(incident.tagline, 'ALL-USERS-ALLBLOCK: Checkout fails');
    assert.equal(incident.status, 'triage');
    assert.equal(typeof incident.number, 'number');
    assert.ok(['P1', 'P2', 'P3', 'P4'].includes(incident.urgency));
    assert.ok(incident.decision);

    const missing = await run('declare', 'Slow search', '--urgency', 'P2');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--reason is required/);
    const byHand = await json('declare', 'Slow search', '--urgency', 'p2', '--reason', 'Sales demo today');
    assert.equal(byHand.urgency, 'P2');
    assert.deepEqual(byHand.urgencyOverride, { reason: 'Sales demo today' });
  });

  test('a bad code is the API 400 naming the field, exit 1', async () => {
    const res = await run('declare', 'Something', '--scope', 'EVERYONE');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^expedite declare: body\.scope: /);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  });

  test('list shows the incidents as tab-separated lines when piped; filters and --json work', async () => {
    const declared = await json(
      'declare',
      'Login page is blank',
      '--scope',
      'ALL',
      '--criticality',
      'ALLBLOCK',
    );
    const res = await run('list');
    assert.equal(res.code, 0, res.stderr);
    const row = res.stdout.split('\n').find((l) => l.startsWith(`${declared.number}\t`));
    assert.ok(row, `#${declared.number} is listed`);
    assert.deepEqual(row.split('\t').slice(1, 4), [declared.urgency, 'triage', '-']);
    assert.equal(row.split('\t')[5], 'ALL-ALLBLOCK: Login page is blank');

    const found = await json('list', '--search', 'blank', '--status', 'triage');
    assert.deepEqual(
      found.items.map((i: { id: string }) => i.id),
      [declared.id],
    );
    const none = await run('list', '--owner', 'me');
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /No incidents match/);
  });

  test('list pages with a cursor, and --all follows it', async () => {
    const page = await run('list', '--limit', '1');
    assert.equal(page.stdout.trim().split('\n').length, 1);
    const cursor = /--cursor (\S+)/.exec(page.stderr)?.[1];
    assert.ok(cursor, 'the next cursor is printed');
    const next = await run('list', '--limit', '1', '--cursor', cursor);
    assert.notEqual(next.stdout, page.stdout);
    const all = await json('list', '--limit', '1', '--all');
    assert.ok(all.items.length >= 4);
    assert.equal(all.nextCursor, null);
    const bad = await run('list', '--limit', 'lots');
    assert.equal(bad.code, 2);
  });

  test('declare --service names the affected service; --no-page says why nobody is paged', async () => {
    const made = await api(server.url, adminToken, 'POST', '/integrations', {
      name: 'Shop',
      type: 'generic',
      service: 'Checkout',
    });
    assert.equal(made.status, 201);
    const res = await run(
      'declare',
      'Payments fail',
      '--service',
      'checkout',
      '--scope',
      'ALL',
      '--criticality',
      'ALLBLOCK',
      '--no-page',
      'Vendor outage, they are on it',
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Service Checkout$/m);
    const incident = await json('declare', 'Cart slow', '--service', 'Checkout');
    assert.equal(incident.service.name, 'Checkout');
    const unknown = await run('declare', 'Cart slow', '--service', 'Nope');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /service/);
  });
});

describe('working an incident', () => {
  let number: number;
  before(async () => {
    number = (await json('declare', 'Payments time out', '--scope', 'USERS', '--criticality', 'FBEHAV'))
      .number;
  });

  test('own, note, task add/list/done and log-time', async () => {
    const own = await run('own', `#${number}`);
    assert.equal(own.code, 0, own.stderr);
    assert.match(own.stdout, new RegExp(`^You own #${number} USERS-FBEHAV: Payments time out`));

    const note = await run('note', String(number), 'Error', 'rate', 'is', 'up');
    assert.equal(note.code, 0, note.stderr);
    assert.equal(note.stdout.trim(), `Noted on #${number}.`);

    const added = await json(
      'task',
      String(number),
      'add',
      'Roll back release 4.2.1',
      '--assignee',
      'grace@example.com',
    );
    assert.equal(added.text, 'Roll back release 4.2.1');
    assert.equal(added.assignee.email, 'grace@example.com');
    const listed = await run('task', String(number), 'list');
    assert.match(
      listed.stdout,
      new RegExp(`^${added.id}\topen\tgrace@example.com\tRoll back release 4.2.1$`, 'm'),
    );
    const done = await run('task', String(number), 'done', added.id.slice(0, 8));
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout.trim(), 'Done: Roll back release 4.2.1');
    const after = await json('task', String(number), 'list');
    assert.equal(after.items[0].done, true);

    const time = await run(
      'log-time',
      String(number),
      '1.5',
      'Investigated',
      'logs',
      '--person',
      'grace@example.com',
    );
    assert.equal(time.code, 0, time.stderr);
    assert.match(time.stdout, /Logged 1\.5 h/);
    const badHours = await run('log-time', String(number), 'soon', 'x');
    assert.equal(badHours.code, 2);
  });

  test('classify and urgency recompute and override', async () => {
    const classified = await json(
      'classify',
      String(number),
      '--revenue',
      'high',
      '--reason',
      'Card payments',
    );
    assert.equal(classified.impact.revenue, 'high');
    assert.equal(classified.decision, 'expedite');
    const nothing = await run('classify', String(number));
    assert.equal(nothing.code, 2);
    const p1 = await run('urgency', String(number), 'P1', '--reason', 'Black Friday');
    assert.equal(p1.code, 0, p1.stderr);
    assert.match(p1.stdout, /Urgency P1 \(set by hand: Black Friday\)/);
    const back = await json('urgency', String(number), 'policy', '--reason', 'Traffic is normal');
    assert.equal(back.urgencyOverride, null);
    assert.equal((await run('urgency', String(number), 'P1')).code, 2);
  });

  test('status, then resolve needs a summary', async () => {
    const status = await run('status', String(number), 'investigating', '--note', 'Looking at the gateway');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^Now investigating: /);

    const noSummary = await run('resolve', String(number));
    assert.equal(noSummary.code, 2);
    assert.match(noSummary.stderr, /--summary is required/);
    const apiSays = await run('status', String(number), 'resolved');
    assert.equal(apiSays.code, 1);
    assert.equal(
      apiSays.stderr.trim(),
      'expedite status: body.summary: a resolution summary is required to resolve',
    );
    const notAllowed = await run('status', String(number), 'closed');
    assert.equal(notAllowed.code, 1);
    assert.match(notAllowed.stderr, /Cannot move .* from investigating to closed/);

    const resolved = await run('resolve', String(number), '--summary', 'Raised the gateway timeout');
    assert.equal(resolved.code, 0, resolved.stderr);
    assert.match(resolved.stdout, /Status resolved/);
  });

  test('show prints the incident, every timeline kind, tasks and time', async () => {
    const res = await run('show', String(number));
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`^#${number} USERS-FBEHAV: Payments time out`));
    assert.match(res.stdout, /Owner: +admin <admin@example.com>/);
    assert.match(res.stdout, /Resolution\n {2}Raised the gateway timeout/);
    for (const kind of [
      'declared',
      'ownership-taken',
      'note',
      'task-added',
      'task-done',
      'time-logged',
      'classified',
      'urgency-overridden',
      'urgency-override-cleared',
      'status-changed',
      'resolved',
    ])
      assert.match(res.stdout, new RegExp(`  ${kind} +admin: `), `timeline shows ${kind}`);
    assert.match(res.stdout, /note +admin: Error rate is up/);
    assert.match(res.stdout, /Tasks \(0 open of 1\)\n {2}\[x\] \w{8} {2}Roll back release 4\.2\.1 \(grace\)/);
    assert.match(res.stdout, /Time spent: 1\.5 h/);

    const data = await json('show', String(number));
    assert.equal(data.incident.number, number);
    assert.equal(data.timeline[0].kind, 'declared');
    assert.equal(data.tasks.length, 1);
    assert.equal(data.time.totalHours, 1.5);
  });

  test('handover and roles', async () => {
    const { number: n } = await json('declare', 'Search is slow');
    assert.equal((await run('own', String(n))).code, 0);
    const noNote = await run('handover', String(n), 'grace@example.com');
    assert.equal(noNote.code, 2);
    const handed = await json('handover', String(n), 'grace@example.com', '--note', 'Index rebuild running');
    assert.equal(handed.owner.email, 'grace@example.com');
    const unknown = await run('handover', String(n), 'nobody@example.com', '--note', 'x');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /body\.to: no person "nobody@example.com"/);

    const role = await json('role', String(n), 'sam@example.com', 'observer');
    assert.deepEqual(
      role.roles.map((r: { role: string; person: { email: string } }) => [r.role, r.person.email]),
      [['observer', 'sam@example.com']],
    );
    const removed = await json('role', String(n), 'sam@example.com', 'observer', '--remove');
    assert.deepEqual(removed.roles, []);
  });
});

describe('where urgency came from', () => {
  test('an alert-set urgency reads "from alert severity", never "set by hand"', async () => {
    const made = await api(server.url, adminToken, 'POST', '/integrations', {
      name: 'Monitor',
      type: 'generic',
      mapping: { items: '$.events[*]', title: '$.title', dedupKey: '$.key', severity: '$.severity' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const sent = await fetch(`${server.url}/api/v1/hooks/${made.body.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ key: 'disk-1', title: 'Disk full on db-1', severity: 'critical' }] }),
    });
    assert.equal(sent.status, 202);
    let number: number | undefined;
    for (let i = 0; i < 100 && number === undefined; i++) {
      number = (await json('list', '--search', 'Disk full')).items[0]?.number;
      if (number === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(number, 'the alert opened an incident');

    const shown = await run('show', String(number));
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Urgency P1 \(from alert severity \(critical\)\) · Decision: /m);
    assert.doesNotMatch(shown.stdout, /set by hand/);

    // Once a person sets it, it is theirs, with their reason.
    const byHand = await run('urgency', String(number), 'P2', '--reason', 'Only one replica affected');
    assert.equal(byHand.code, 0, byHand.stderr);
    assert.match(byHand.stdout, /^Urgency P2 \(set by hand: Only one replica affected\) · /m);
  });
});

describe('errors', () => {
  test('show of a missing incident is exit 4', async () => {
    const res = await run('show', '99999');
    assert.equal(res.code, 4);
    assert.equal(res.stderr.trim(), 'expedite show: Incident 99999 not found');
    assert.equal(res.stdout, '');
  });

  test('a missing argument is exit 2, naming it', async () => {
    const res = await run('note', '1');
    assert.equal(res.code, 2);
    assert.match(res.stderr, /missing <text>/);
  });

  test('a role without the permission is exit 3 with the API message', async () => {
    const samEnv = { EXPEDITE_CONFIG: server.configFile('sam'), EXPEDITE_URL: server.url };
    const login = await cli(['login', '--email', 'sam@example.com'], samEnv, 'a-long-password\n');
    assert.equal(login.code, 0, login.stderr);
    const res = await cli(['declare', 'I want to declare'], samEnv);
    assert.equal(res.code, 3);
    assert.match(res.stderr, /Your role \(stakeholder\) does not allow this/);
    const list = await cli(['list'], samEnv);
    assert.equal(list.code, 0, 'stakeholders may read');
  });
});
