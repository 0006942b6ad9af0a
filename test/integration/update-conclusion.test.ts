/**
 * The conclusion of an incident over HTTP, with a real SMTP sink: links attached to the incident;
 * before resolving nothing can be sent; after, the summary email to the team carries the summary
 * and links, the support reporter gets the notice, the resolved update is queued for the status
 * pages with the contract payload; each is recorded once on the timeline, and the incident shows
 * what was and was not sent.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  const made = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind: 'email', address: 'responder@example.com' },
  });
  const code = /(\d{6})/.exec(sink.messages.at(-1)!.text!)![1];
  const verified = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/me/contact-methods/${made.body.id}/verify`,
    payload: { code },
  });
  assert.equal(verified.body.verified, true);
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Moves the incident to investigating, then resolves it with `summary`. */
async function resolve(id: string, summary: string) {
  for (const payload of [{ status: 'investigating' }, { status: 'resolved', summary }]) {
    const res = await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${id}/status`, payload });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
}

const run = () => runJobs(t);

test('the conclusion: summary to the team with links, notice to the reporter, resolved on status pages', async () => {
  const filed = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      whatHappens: 'Invoices show the wrong VAT',
      checklist: { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: false },
      classification: { scope: 'USERS', criticality: 'FBEHAV', area: 'BE' },
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const id = filed.body.incident.id as string;
  const n = filed.body.incident.number as number;
  const own = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/ownership`,
    payload: {},
  });
  assert.ok(own.status < 300, JSON.stringify(own.body));
  const link = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/links`,
    payload: { kind: 'pull-request', title: 'Fix VAT rounding', url: 'https://git.example.com/shop/pull/42' },
  });
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const badLink = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/links`,
    payload: { title: 'x', url: 'javascript:alert(1)' },
  });
  assert.equal(badLink.status, 400);
  assert.equal(badLink.body.error.details[0].field, 'body.url');

  const early = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/conclusion/team-summary`,
    payload: { text: 'Done' },
  });
  assert.equal(early.status, 409);
  assert.match(early.body.error.message, /Resolve the incident/);

  await resolve(id, 'VAT is rounded per line again.');
  const offered = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/conclusion` });
  assert.equal(offered.status, 200);
  assert.equal(offered.body.resolved, true);
  const [summary, notice, status] = offered.body.parts;
  assert.deepEqual(summary.recipients, ['Responder <responder@example.com>']);
  assert.equal(summary.subject, `#${n} resolved: USERS-FBEHAV-BE: Invoices show the wrong VAT`);
  assert.equal(
    summary.text,
    `#${n} Invoices show the wrong VAT is resolved after 0 min.\nSummary: VAT is rounded per line again.\nOwner: Responder\n\n` +
      `Links:\n- Fix VAT rounding (pull-request): https://git.example.com/shop/pull/42\n\nIncident: http://127.0.0.1:8080/incidents/${n}`,
  );
  assert.deepEqual(notice.recipients, ['Support <support@example.com>']);
  assert.equal(
    notice.text,
    'Hello Support,\n\nThe problem reported as "Invoices show the wrong VAT" is resolved. VAT is rounded per line again.\n\nThank you for reporting it.',
  );
  assert.equal(status.text, 'We are back: the service works normally again. The problem lasted 0 min.');
  assert.deepEqual(
    offered.body.parts.map((p: { sentAt: string | null }) => p.sentAt),
    [null, null, null],
  );

  for (const [part, text] of [
    ['team-summary', summary.text],
    ['origin-notice', `${notice.text}\n-- The support team`],
    ['status-resolved', 'We are back: invoices are correct again.'],
  ])
    assert.equal(
      (
        await t.call('responder', {
          method: 'POST',
          url: `/api/v1/incidents/${id}/conclusion/${part}`,
          payload: { text },
        })
      ).status,
      200,
      part,
    );
  await run();
  const team = sink.messages.filter(
    (m) => m.subject === `#${n} resolved: USERS-FBEHAV-BE: Invoices show the wrong VAT`,
  );
  assert.equal(team.length, 1);
  assert.deepEqual(team[0]!.envelope.to, ['responder@example.com']);
  assert.match(
    team[0]!.text!,
    /- Fix VAT rounding \(pull-request\): https:\/\/git\.example\.com\/shop\/pull\/42/,
  );
  const toReporter = sink.messages.filter((m) => m.subject === 'Resolved: Invoices show the wrong VAT');
  assert.equal(toReporter.length, 1);
  assert.deepEqual(toReporter[0]!.envelope.to, ['support@example.com']);
  assert.match(toReporter[0]!.text!, /-- The support team/);
  const { rows } = await t.db.pool.query(
    "SELECT payload FROM jobs WHERE kind = 'statuspage-publish' AND payload->>'incidentId' = $1",
    [id],
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0].payload.status, 'resolved');
  assert.equal(rows[0].payload.body, 'We are back: invoices are correct again.');
  assert.deepEqual(sink.violations, []);

  const again = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${id}/conclusion/team-summary`,
    payload: { text: 'twice' },
  });
  assert.equal(again.status, 409, 'each part is sent once');
  const shown = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/conclusion` });
  assert.deepEqual(
    shown.body.parts.map((p: { part: string; sentBy: string | null }) => [p.part, p.sentBy]),
    [
      ['team-summary', 'Responder'],
      ['origin-notice', 'Responder'],
      ['status-resolved', 'Responder'],
    ],
  );
  const timeline = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}/timeline` });
  const kinds = timeline.body.items.map((e: { kind: string; data: { part?: string } }) =>
    e.kind === 'conclusion-sent' ? `conclusion-sent:${e.data.part}` : e.kind,
  );
  for (const k of [
    'link-added',
    'conclusion-sent:team-summary',
    'conclusion-sent:origin-notice',
    'update-sent',
    'conclusion-sent:status-resolved',
  ])
    assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
});

test('a declared incident without a client offers no notice to an origin', async () => {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Cron job skipped', page: false, noPageReason: 'test' },
  });
  await resolve(inc.body.id, 'Ran it by hand.');
  const offered = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/incidents/${inc.body.id}/conclusion`,
  });
  assert.equal(
    offered.body.parts[1].problem,
    'It came from no support report and its client (if any) has no contacts.',
  );
  const res = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${inc.body.id}/conclusion/origin-notice`,
    payload: { text: 'x' },
  });
  assert.equal(res.status, 409);
  assert.match(res.body.error.message, /no support report/);
});
