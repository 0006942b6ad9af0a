/**
 * Work handed to the team's tracker, against stand-ins that check each vendor's documented
 * contract: a backlogged incident becomes exactly one GitHub issue carrying its steps to reproduce
 * and a link back, shown on the incident and the Backlog, its state read again on a schedule; a
 * GitLab outage is retried; a support report's incident reaches Jira as an ADF document; the
 * webhook tracker's body is signed; a post-mortem action item becomes an issue with its URL kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeGitHub } from '../helpers/fakes/github.ts';
import { startFakeGitLab } from '../helpers/fakes/gitlab.ts';
import type { FakeTracker } from '../helpers/fakes/issue-server.ts';
import { startFakeJira } from '../helpers/fakes/jira.ts';
import { startWebhookSink, type WebhookSink } from '../helpers/fakes/webhook-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let t: TestApp;
let github: FakeTracker;
let gitlab: FakeTracker;
let jira: FakeTracker;
let hook: WebhookSink;

before(async () => {
  github = await startFakeGitHub({ repo: 'acme/web', token: 'ghp_secret_token_1' });
  gitlab = await startFakeGitLab({ project: 'acme/billing', token: 'glpat-secret-2' });
  jira = await startFakeJira({ project: 'OPS', email: 'bot@acme.example', token: 'jira-secret-3' });
  t = await createTestApp({ env: { EXPEDITE_PUBLIC_URL: 'https://expedite.acme.example' } });
  hook = await startWebhookSink({ secret: SECRET, now: () => t.clock.now().getTime() });
  await t.db.pool.query(
    `INSERT INTO services (name, created_at) VALUES ('Billing', now()), ('Support desk', now())`,
  );
});
after(async () => {
  await t.close();
  await Promise.all([github.close(), gitlab.close(), jira.close(), hook.close()]);
  for (const f of [github, gitlab, jira]) assert.deepEqual(f.violations, []);
  assert.deepEqual(hook.violations, []);
});

const addTracker = (payload: Record<string, unknown>) =>
  t.call('admin', { method: 'POST', url: '/api/v1/trackers', payload });

/** Declares a P4 (backlog) incident; its decision moves it to the Backlog. */
async function backlogged(title: string, extra: Record<string, unknown> = {}) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      scope: 'S-USER',
      criticality: 'FBEHAV',
      area: 'FE',
      urgency: 'P4',
      urgencyReason: 'cosmetic',
      ...extra,
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  await runJobs(t);
  const now = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.body.number}` });
  assert.equal(now.body.status, 'backlogged');
  return inc.body as { id: string; number: number };
}

let runs = 0;
/** Runs a job of `kind` now, as its schedule would (every five or fifteen minutes), and what it asks for. */
async function runNow(kind: 'tracker-sweep' | 'tracker-refresh') {
  await enqueue(t.db.pool, [{ kind, key: `${kind}:now:${++runs}`, runAt: t.clock.now() }]);
  await runJobs(t);
  await runJobs(t);
}
const sweep = () => runNow('tracker-sweep');

const handoff = async (n: number) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${n}/handoff` })).body;

async function timeline(n: number, kind: string) {
  const res = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${n}/timeline?limit=200` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.items as { kind: string; data: Record<string, unknown> }[]).filter((e) => e.kind === kind);
}

describe('setting up', () => {
  test('with no tracker, handing off is refused and says why', async () => {
    const inc = (
      await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload: { title: 'Typo' } })
    ).body;
    const res = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.number}/handoff` });
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /No tracker is set up/);
  });

  test('a GitHub tracker needs owner/repository; its token is never shown again', async () => {
    const bad = await addTracker({
      name: 'x',
      kind: 'github',
      baseUrl: github.baseUrl,
      project: 'web',
      secret: 't',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'body.project');
    const made = await addTracker({
      name: 'Web backlog',
      kind: 'github',
      baseUrl: github.baseUrl,
      project: 'acme/web',
      secret: 'ghp_secret_token_1',
      labels: ['incident'],
      isDefault: true,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.secretSet, true);
    const listed = await t.call('admin', { method: 'GET', url: '/api/v1/trackers' });
    assert.equal(listed.body.items.length, 1);
    assert.ok(!JSON.stringify(listed.body).includes('ghp_secret_token_1'), 'the secret is not answered');
    assert.equal((await t.call('responder', { method: 'GET', url: '/api/v1/trackers' })).status, 403);
  });
});

describe('GitHub', () => {
  let inc: { id: string; number: number };

  test('a backlogged incident becomes exactly one issue with its steps to reproduce and a link back', async () => {
    inc = await backlogged('Export button does nothing', {
      description: 'Reports export shows no file.',
      stepsToReproduce: '1. Open Reports\n2. Click Export',
    });
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/links`,
      payload: { kind: 'document', title: 'Customer screenshot', url: 'https://files.acme.example/shot.png' },
    });
    await sweep();
    await sweep();
    assert.equal(github.issues.length, 1);
    const issue = github.issues[0]!;
    assert.equal(issue.title, 'S-USER-FBEHAV-FE: Export button does nothing');
    assert.deepEqual(issue.labels, ['incident']);
    const body = issue.body as string;
    assert.ok(body.includes('## Steps to reproduce\n1. Open Reports\n2. Click Export'), body);
    assert.ok(body.includes(`(https://expedite.acme.example/incidents/${inc.number})`), body);
    assert.ok(body.includes('[Customer screenshot](https://files.acme.example/shot.png)'), body);
    assert.ok(body.includes('Reports export shows no file.'));
    assert.equal(issue.headers.authorization, 'Bearer ghp_secret_token_1');
  });

  test('the link shows on the incident, the timeline and the Backlog; asking again changes nothing', async () => {
    const h = await handoff(inc.number);
    assert.ok(h.ticket, JSON.stringify(h));
    assert.equal(h.ticket.tracker, 'Web backlog');
    assert.equal(h.ticket.ref, '#1');
    assert.equal(h.ticket.url, 'https://github.com/acme/web/issues/1');
    assert.equal(h.ticket.state, 'open');
    const entries = await timeline(inc.number, 'handed-off');
    assert.deepEqual(
      entries.map((e) => e.data),
      [{ tracker: 'Web backlog', url: 'https://github.com/acme/web/issues/1', ref: '#1' }],
    );
    const again = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/handoff`,
    });
    assert.equal(again.status, 409);
    const backlog = await t.call('stakeholder', { method: 'GET', url: '/api/v1/backlog/tickets' });
    const mine = backlog.body.items.find((x: { number: number }) => x.number === inc.number);
    assert.equal(mine.url, 'https://github.com/acme/web/issues/1');
    assert.equal(github.issues.length, 1);
  });

  test('the ticket closed in GitHub shows closed after the refresh', async () => {
    github.issues[0]!.state = 'closed';
    t.clock.advance(60_000);
    await runNow('tracker-refresh');
    const h = await handoff(inc.number);
    assert.equal(h.ticket.state, 'closed');
    const changed = await timeline(inc.number, 'ticket-state-changed');
    assert.equal(changed.length, 1);
    assert.equal(changed[0]!.data.state, 'closed');
  });
});

describe('GitLab', () => {
  test('a service override sends it to GitLab; an outage is retried until the issue exists', async () => {
    const made = await addTracker({
      name: 'Billing issues',
      kind: 'gitlab',
      baseUrl: gitlab.baseUrl,
      project: 'acme/billing',
      secret: 'glpat-secret-2',
      labels: ['incident', 'backlog'],
      services: ['Billing'],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(
      made.body.usedBy.services.map((s: { name: string }) => s.name),
      ['Billing'],
    );
    gitlab.fail(503, 1);
    const inc = await backlogged('Invoice PDF has wrong VAT rounding', {
      service: 'Billing',
      stepsToReproduce: 'Create an invoice of 10.005',
    });
    await sweep();
    assert.equal(gitlab.issues.length, 0);
    const waiting = await handoff(inc.number);
    assert.equal(waiting.ticket, null);
    assert.equal(waiting.pending.attempts, 1);
    assert.match(waiting.pending.lastError, /503/);
    t.clock.advance(5_000);
    await runJobs(t);
    assert.equal(gitlab.issues.length, 1);
    assert.equal(gitlab.issues[0]!.labels, 'incident,backlog');
    assert.ok((gitlab.issues[0]!.body as string).includes('Create an invoice of 10.005'));
    assert.equal((await handoff(inc.number)).ticket.url, 'https://gitlab.example/acme/billing/-/issues/1');
    assert.equal(github.issues.length, 1, 'not to the default');
  });
});

describe('Jira', () => {
  test('a support report’s incident, handed off by hand, reaches Jira with its steps as a document', async () => {
    const made = await addTracker({
      name: 'Support Jira',
      kind: 'jira',
      baseUrl: jira.baseUrl,
      project: 'OPS',
      email: 'bot@acme.example',
      secret: 'jira-secret-3',
      issueType: 'Bug',
      services: ['Support desk'],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const filed = await t.call('support', {
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        title: 'Password reset mail never arrives',
        whatHappens: 'Customers get no reset email',
        steps: '1. Click "Forgot password"\n2. Enter the email',
        checklist: { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: false },
        service: 'Support desk',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const n = filed.body.incident.number as number;
    assert.equal(filed.body.incident.stepsToReproduce, '1. Click "Forgot password"\n2. Enter the email');
    const asked = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${n}/handoff` });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    await runJobs(t);
    assert.equal(jira.issues.length, 1);
    const doc = JSON.stringify(jira.issues[0]!.body);
    assert.ok(doc.includes('"text":"Steps to reproduce"'), doc);
    assert.ok(doc.includes('1. Click \\"Forgot password\\"\\n2. Enter the email'), doc);
    assert.ok(doc.includes(`"href":"https://expedite.acme.example/incidents/${n}"`), doc);
    const h = await handoff(n);
    assert.equal(h.ticket.ref, 'OPS-1');
    assert.equal(h.ticket.url, `${jira.baseUrl}/browse/OPS-1`);
    const entry = (await timeline(n, 'handed-off'))[0]!;
    assert.equal(entry.data.ref, 'OPS-1');
  });
});

describe('webhook and action items', () => {
  test('the webhook tracker’s body is signed (Standard Webhooks)', async () => {
    const made = await addTracker({
      name: 'Planner hook',
      kind: 'webhook',
      baseUrl: hook.url('/tickets'),
      secret: SECRET,
      isDefault: true,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const inc = await t.call('responder', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title: 'Slow search on the catalogue', stepsToReproduce: 'Search "shoes"' },
    });
    const asked = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.body.number}/handoff`,
    });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    await runJobs(t);
    assert.equal(hook.deliveries.length, 1);
    const d = hook.deliveries[0]!;
    assert.equal(d.verified, true);
    const body = d.body as { type: string; data: { stepsToReproduce: string; incident: { number: number } } };
    assert.equal(body.type, 'incident.handed-off');
    assert.equal(body.data.stepsToReproduce, 'Search "shoes"');
    assert.equal(body.data.incident.number, inc.body.number);
    assert.equal((await handoff(inc.body.number)).ticket.ref, d.id);
  });

  test('a post-mortem action item becomes an issue in its incident’s tracker; its URL is kept', async () => {
    const { rows } = await t.db.pool.query<{ id: string; number: number }>(
      `SELECT id, number FROM incidents WHERE service_id = (SELECT id FROM services WHERE name = 'Billing')`,
    );
    const inc = rows[0]!;
    const owner = t.users.responder.id;
    const pm = await t.db.pool.query<{ id: string }>(
      `INSERT INTO postmortems (incident_id, owner_id, due_on, required_by, created_at, updated_at)
       VALUES ($1, $2, '2026-03-10', 'by-hand', now(), now()) RETURNING id`,
      [inc.id, owner],
    );
    const action = await t.db.pool.query<{ id: string }>(
      `INSERT INTO postmortem_actions (postmortem_id, kind, title, owner_id, due_on, created_at)
       VALUES ($1, 'technical', 'Round VAT per line, not per invoice', $2, '2026-03-20', now()) RETURNING id`,
      [pm.rows[0]!.id, owner],
    );
    const actionId = action.rows[0]!.id;
    const job = {
      kind: 'action-handoff',
      key: `action-handoff:${actionId}`,
      runAt: t.clock.now(),
      payload: { actionId },
    };
    await enqueue(t.db.pool, [job]);
    await runJobs(t);
    await enqueue(t.db.pool, [{ ...job, key: `${job.key}:again` }]);
    await runJobs(t);
    assert.equal(gitlab.issues.length, 2, 'one issue for the action');
    assert.equal(gitlab.issues[1]!.title, 'Round VAT per line, not per invoice');
    const saved = await t.db.pool.query('SELECT tracker_url FROM postmortem_actions WHERE id = $1', [
      actionId,
    ]);
    assert.equal(saved.rows[0].tracker_url, 'https://gitlab.example/acme/billing/-/issues/2');
    const entries = await timeline(inc.number, 'handed-off');
    assert.deepEqual(entries.at(-1)!.data, {
      tracker: 'Billing issues',
      url: 'https://gitlab.example/acme/billing/-/issues/2',
      ref: '#2',
      actionId,
    });
  });
});

test('steps to reproduce are edited like the description, on the timeline', async () => {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Logo blurry' },
  });
  const edited = await t.call('responder', {
    method: 'PATCH',
    url: `/api/v1/incidents/${inc.body.number}`,
    payload: { stepsToReproduce: 'Open the home page on a retina screen' },
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.stepsToReproduce, 'Open the home page on a retina screen');
  const entry = (await timeline(inc.body.number, 'edited'))[0]!;
  assert.deepEqual(entry.data.changes, {
    stepsToReproduce: { from: null, to: 'Open the home page on a retina screen' },
  });
  const cleared = await t.call('responder', {
    method: 'PATCH',
    url: `/api/v1/incidents/${inc.body.number}`,
    payload: { stepsToReproduce: '' },
  });
  assert.equal(cleared.body.stepsToReproduce, null);
});
