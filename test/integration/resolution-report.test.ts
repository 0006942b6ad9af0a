/**
 * Resolution reports over HTTP, with a real SMTP sink: from a worked incident (two people's time
 * with their roles, a hotfix and a deployment on the timeline, an update with data loss) the
 * technical and plain versions carry the fixes, hours per person, side effects and data loss; the
 * plain one carries no tagline code, hostname or commit id; an edit is kept; sharing sends the
 * technical text to the team and the plain one to stakeholders, recorded once on the timeline;
 * Markdown and printable HTML downloads.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appendTimeline } from '../../src/incidents/timeline.ts';
import { createChannels } from '../../src/notify/index.ts';
import { describeEntry } from '../../web/src/pages/incident/timeline-text.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  for (const [email, name] of [
    ['ada@example.com', 'Ada Lovelace'],
    ['grace@example.com', 'Grace Hopper'],
  ] as const) {
    const user = await t.addUser('responder', email, name);
    await t.db.pool.query(
      `INSERT INTO contact_methods (user_id, kind, address, verified_at, created_at) VALUES ($1, 'email', $2, $3, $3)`,
      [user.id, email, t.clock.now()],
    );
  }
  const set = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/update-settings',
    payload: { stakeholders: { default: ['board@example.com'] } },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

async function ok(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.call('responder', { method, url, payload });
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const plainExpected = (n: number) =>
  `# We are back: Admins cannot open user details

## What happened

Admins cannot open user details.

- Who was affected: Only some admins; a feature is blocked
- People who told us they were affected: 2
- How long: 2 h 30 min (from 2026-03-01 09:00 UTC to 2026-03-01 11:30 UTC)

## What we fixed

Admins can open user details again: a missing profile photo no longer breaks the page.

- We made an urgent correction to the software.
- We put the fix in place for Admin web on 2026-03-01 11:00 UTC.

## Time we spent

- Ada Lovelace (owner): 3.5 h
- Grace Hopper (developer): 2 h
- Total: 5.5 h

## Side effects

Profile pages load a little slower until tonight.

## What is still not working

Nothing that we know of.

## Data lost

Profile photos uploaded between 09:10 and 09:40 UTC were not saved.

## What you should do

Nothing: it works normally again. If you still see the problem, tell us.
`.replace('#N', `#${n}`);

test('a worked incident: both versions, an edit kept, shared to the team and stakeholders, downloads', async () => {
  const inc = await ok('POST', '/api/v1/incidents', {
    title: 'Admins cannot open user details',
    description: 'GET /admin/users/:id returns 500 on web-03 when the avatar is null.',
    scope: 'ADMINS',
    criticality: 'FBLOCK',
    area: 'FE',
    takeOwnership: true,
    page: false,
    noPageReason: 'Office hours',
  });
  const n = inc.number as number;
  const base = `/api/v1/incidents/${n}`;
  await ok('POST', `${base}/handover`, { to: 'ada@example.com', note: 'Ada knows the admin pages.' });
  await ok('POST', `${base}/roles`, { person: 'grace@example.com', role: 'developer' });
  await ok('POST', `${base}/notes`, { text: 'Null avatar on web-03 breaks the page.' });
  await ok('POST', `${base}/status`, { status: 'investigating' });
  const filed = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      incident: String(n),
      whatHappens: 'The user page shows an error',
      affectedUsers: ['u-1900', 'u-1842'],
      checklist: { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: true },
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  for (const [person, hours] of [
    ['ada@example.com', 2],
    ['grace@example.com', 2],
    ['ada@example.com', 1.5],
  ] as const)
    await ok('POST', `${base}/time`, { person, hours, description: 'Worked on it' });
  await ok('POST', `${base}/updates`, {
    stage: 'fixing',
    technical: 'Patching the avatar null check.',
    audiences: ['internal'],
    dataLoss: 'Profile photos uploaded between 09:10 and 09:40 UTC were not saved.',
  });
  t.clock.advance(60 * 60_000);
  await appendTimeline(t.db.pool, {
    incidentId: inc.id,
    at: t.clock.now(),
    actorId: t.users.responder.id,
    kind: 'hotfix-recorded',
    data: {
      hotfixId: '8d0c7f52-4b1e-4c55-9d1a-3c8f1f0b6a01',
      repository: 'shop/admin-web',
      branch: 'hotfix/avatar-null',
      commits: ['3f9c2ab7d1'],
      links: ['https://git.internal.example.com/shop/admin-web/pull/88'],
    },
  });
  t.clock.advance(60 * 60_000);
  await appendTimeline(t.db.pool, {
    incidentId: inc.id,
    at: t.clock.now(),
    actorId: null,
    kind: 'deployment',
    data: {
      deploymentId: 'c7a1d8e2-5f3b-4a9c-8e2d-1b0f9a7c6d54',
      service: { id: 'a3b2c1d0-1111-4222-8333-444455556666', name: 'Admin web' },
      version: '4.12.1',
      environment: 'production',
      status: 'finished',
      url: 'https://deploy.internal.example.com/runs/991',
      by: 'ci-bot',
    },
  });

  const early = await t.call('responder', {
    method: 'POST',
    url: `${base}/resolution-report/share`,
    payload: { audiences: ['team'] },
  });
  assert.equal(early.status, 409);
  assert.match(early.body.error.message, /Resolve the incident/);

  t.clock.advance(30 * 60_000);
  await ok('POST', `${base}/status`, {
    status: 'resolved',
    summary: 'Admins can open user details again: a missing profile photo no longer breaks the page.',
  });

  const generated = await ok('GET', `${base}/resolution-report`);
  assert.equal(generated.saved, false);
  assert.equal(generated.resolved, true);
  assert.equal(generated.sharedAt, null);
  assert.deepEqual(generated.facts, {
    sideEffects: null,
    outstanding: null,
    dataLoss: 'Profile photos uploaded between 09:10 and 09:40 UTC were not saved.',
    readerAction: null,
  });
  const tech = generated.technical as string;
  for (const line of [
    `# Resolution report: #${n} ADMINS-FBLOCK-FE: Admins cannot open user details`,
    'GET /admin/users/:id returns 500 on web-03 when the avatar is null.',
    '- Duration: 2 h 30 min (from 2026-03-01 09:00 UTC to 2026-03-01 11:30 UTC)',
    '- Scope: ADMINS · FBLOCK · FE (some admins · a feature is blocked · front end)',
    '- Affected users reported: u-1842, u-1900',
    '- Hotfix in shop/admin-web on branch hotfix/avatar-null: commits 3f9c2ab7d1 (https://git.internal.example.com/shop/admin-web/pull/88)',
    '- Deployment of Admin web 4.12.1 to production: finished, by ci-bot at 2026-03-01 11:00 UTC (https://deploy.internal.example.com/runs/991)',
    '- Resolution: Admins can open user details again: a missing profile photo no longer breaks the page.',
    '- Ada Lovelace (owner): 3.5 h',
    '- Grace Hopper (developer): 2 h',
    '- Total: 5.5 h',
    '## Side effects\n\nNone expected.',
    '## Data loss\n\nProfile photos uploaded between 09:10 and 09:40 UTC were not saved.',
    `Incident: http://127.0.0.1:8080/incidents/${n}`,
  ])
    assert.ok(tech.includes(line), `technical lacks: ${line}\n---\n${tech}`);
  assert.deepEqual(generated.warnings, []);

  // Side effects are added by people; the draft is generated again, nothing saved.
  const draft = await ok('POST', `${base}/resolution-report/draft`, {
    sideEffects: 'Profile pages load a little slower until tonight.',
  });
  assert.equal(draft.plain, plainExpected(n));
  assert.ok(draft.technical.includes('## Side effects\n\nProfile pages load a little slower until tonight.'));
  for (const jargon of ['ADMINS', 'FBLOCK', 'web-03', '3f9c2ab', 'internal.example.com', 'http'])
    assert.ok(!draft.plain.includes(jargon), `plain holds ${jargon}`);
  assert.deepEqual(draft.warnings, []);
  assert.equal((await ok('GET', `${base}/resolution-report`)).saved, false);

  // Jargon written into the plain version is named.
  const noisy = await ok('POST', `${base}/resolution-report/draft`, {
    sideEffects: 'Cache on web-03 is cold after 3f9c2ab7d1.',
  });
  assert.deepEqual(
    noisy.warnings.map((w: { kind: string; text: string }) => `${w.kind}:${w.text}`),
    ['host:web-03', 'sha:3f9c2ab7d1'],
  );

  // The edit is kept.
  const plain = `${draft.plain}\nThank you for your patience.`;
  const saved = await ok('PUT', `${base}/resolution-report`, { technical: draft.technical, plain });
  assert.equal(saved.saved, true);
  assert.equal(saved.plain, plain);
  assert.equal(saved.editedBy.name, 'Responder');
  assert.equal((await ok('GET', `${base}/resolution-report`)).plain, plain);
  const reader = await t.call('stakeholder', {
    method: 'PUT',
    url: `${base}/resolution-report`,
    payload: { technical: 'x', plain: 'y' },
  });
  assert.equal(reader.status, 403);

  const shared = await ok('POST', `${base}/resolution-report/share`, { audiences: ['team', 'stakeholders'] });
  assert.equal(shared.sharedAt, '2026-03-01T11:30:00.000Z');
  await runJobs(t);
  const team = sink.messages.filter(
    (m) => m.subject === `#${n} update (we are back): ADMINS-FBLOCK-FE: Admins cannot open user details`,
  );
  assert.deepEqual(team.map((m) => m.envelope.to[0]).sort(), ['ada@example.com', 'grace@example.com']);
  for (const m of team) {
    assert.match(m.text!, /- Ada Lovelace \(owner\): 3\.5 h/);
    assert.match(m.text!, /commits 3f9c2ab7d1/);
    assert.match(m.text!, /Profile pages load a little slower until tonight\./);
  }
  const board = sink.messages.filter((m) => m.envelope.to.includes('board@example.com'));
  assert.equal(board.length, 1);
  assert.equal(board[0]!.subject, 'Update (we are back): Admins cannot open user details');
  assert.match(board[0]!.text!, /- Grace Hopper \(developer\): 2 h/);
  assert.match(board[0]!.text!, /Profile photos uploaded between 09:10 and 09:40 UTC were not saved\./);
  assert.match(board[0]!.text!, /Thank you for your patience\./);
  assert.doesNotMatch(board[0]!.text!, /3f9c2ab|FBLOCK|web-03/);

  const timeline = await ok('GET', `${base}/timeline`);
  const entries = (timeline.items ?? timeline.entries) as { kind: string; data: unknown }[];
  assert.deepEqual(
    entries.filter((e) => e.kind === 'resolution-report-shared').map((e) => e.data),
    [{ audiences: ['team', 'stakeholders'] }],
  );

  const md = await t.call('stakeholder', {
    method: 'GET',
    url: `${base}/resolution-report.md?version=plain`,
  });
  assert.equal(md.status, 200);
  assert.match(String(md.headers['content-type']), /^text\/markdown/);
  assert.equal(md.headers['content-disposition'], `attachment; filename="incident-${n}-resolution-plain.md"`);
  const mdText = await t.app.inject({
    method: 'GET',
    url: `${base}/resolution-report.md?version=plain`,
    headers: { authorization: `Bearer ${t.users.stakeholder.token}` },
  });
  assert.equal(mdText.body, plain);

  const html = await t.app.inject({
    method: 'GET',
    url: `${base}/resolution-report.html?version=technical`,
    headers: { authorization: `Bearer ${t.users.stakeholder.token}` },
  });
  assert.equal(html.statusCode, 200);
  assert.match(String(html.headers['content-type']), /^text\/html/);
  assert.match(String(html.headers['content-security-policy']), /^default-src 'none'.*style-src 'sha256-/);
  assert.doesNotMatch(html.body, /<script/i);
  assert.ok(html.body.includes('<li>Ada Lovelace (owner): 3.5 h</li>'));
  assert.ok(html.body.includes('Print / save as PDF'));

  const bad = await t.call('stakeholder', {
    method: 'GET',
    url: `${base}/resolution-report.html?version=pdf`,
  });
  assert.equal(bad.status, 400);
});

test('the timeline says with whom the report was shared, in words', () => {
  assert.deepEqual(
    describeEntry({
      id: 1,
      at: '2026-03-01T11:30:00.000Z',
      kind: 'resolution-report-shared',
      actor: null,
      data: { audiences: ['team', 'stakeholders', 'public'] },
    }),
    {
      what: 'shared the resolution report',
      lines: ['With: the team (technical), stakeholders, the status pages'],
    },
  );
});
