/**
 * Post-mortems over HTTP with a real SMTP sink: a resolved P1 gets one by the rule (once), its
 * draft filled in from the incident; the meeting invitation arrives as an iCalendar REQUEST; the
 * blameless check flags a sentence naming a colleague; a due action item is reminded to its owner
 * once a day until done; reviewers approve before it is published to management; the catch-up at
 * start covers the last 30 days; delegating and moving the due date go on the timeline.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { scheduleCatchUp, scheduleSweep } from '../../src/postmortems/sweep.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';
import { emailConfigFor, startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
let grace: Awaited<ReturnType<TestApp['addUser']>>;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  grace = await t.addUser('responder', 'grace@example.com', 'Grace Hopper');
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Runs the minute's post-mortem check and every job it writes. */
async function sweep() {
  await scheduleSweep(t.db.pool, t.clock.now());
  await runJobs(t);
}

async function ok(res: { status: number; body: any }, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** Declares an incident (P1 for ALL/ALLBLOCK), takes it and resolves it `hours` later. */
async function resolvedIncident(payload: Record<string, unknown>, hours: number): Promise<number> {
  const made = await ok(
    await t.call('responder', { method: 'POST', url: '/api/v1/incidents', payload }),
    201,
  );
  const n = made.number as number;
  await ok(
    await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${n}/ownership`, payload: {} }),
  );
  t.clock.advance(hours * 3600_000);
  for (const body of [
    { status: 'investigating' },
    { status: 'resolved', summary: 'Rolled the release back.' },
  ])
    await ok(
      await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${n}/status`, payload: body }),
    );
  return n;
}

/** The text/calendar part of a received message: its Content-Type and decoded body. */
function calendarPart(mail: ReceivedMail): { type: string; body: string } {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(mail.raw)?.[1];
  assert.ok(boundary, 'a multipart message');
  const parts = mail.raw.split(/--[^\r\n]+\r?\n/).filter((p) => /content-type:\s*text\/calendar/i.test(p));
  assert.equal(parts.length >= 1, true, 'a text/calendar part');
  const part = parts[0]!;
  const at = part.search(/\r?\n\r?\n/);
  const head = part.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
  const type = /content-type:\s*([^\r\n]+)/i.exec(head)![1]!;
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase() ?? '7bit';
  const raw = part
    .slice(at)
    .trim()
    .split(/\r?\n--/)[0]!;
  const body =
    encoding === 'base64'
      ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            raw
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : raw;
  return { type, body };
}

let n: number;

test('a resolved P1 gets a post-mortem by the rule, once, with its draft filled in', async () => {
  n = await resolvedIncident(
    {
      title: 'Checkout fails',
      description: 'A slow query held every connection of the pool.',
      scope: 'ALL',
      criticality: 'ALLBLOCK',
      area: 'BE',
      lifespan: { startedAt: '2026-03-01T08:30:00Z' },
    },
    2.5,
  );
  const before = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${n}/postmortem` });
  assert.equal(before.status, 404);
  await sweep();
  await sweep();
  const pm = await ok(
    await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${n}/postmortem` }),
  );
  assert.equal(pm.requiredBy, 'P1');
  assert.equal(pm.status, 'draft');
  assert.equal(pm.owner.name, 'Responder');
  assert.equal(pm.dueOn, '2026-03-06'); // resolved on Sunday 1 March: five working days later
  assert.equal(
    pm.document.summary.split('\n\n')[0],
    'On Sunday 1 March 2026 our product experienced 3 hours of downtime.',
  );
  assert.match(
    pm.document.summary,
    /The issue was: A slow query held every connection of the pool\. The fix was: Rolled the release back\./,
  );
  assert.match(pm.document.timeline, /^- 09:00 UTC Declared: ALL-ALLBLOCK-BE: Checkout fails, urgency P1\n/);
  assert.match(pm.document.timeline, /\n- 11:30 UTC Resolved: Rolled the release back\.$/);
  const timeline = await ok(
    await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${n}/timeline` }),
  );
  const created = (timeline.items ?? timeline).filter(
    (e: { kind: string }) => e.kind === 'postmortem-created',
  );
  assert.equal(created.length, 1);
  assert.deepEqual(created[0].data, { postmortemId: pm.id, requiredBy: 'P1' });
  const list = await ok(await t.call('stakeholder', { method: 'GET', url: '/api/v1/postmortems' }));
  assert.deepEqual(
    list.items.map((p: { incident: { number: number }; status: string }) => [p.incident.number, p.status]),
    [[n, 'draft']],
  );
});

test('the meeting invitation arrives as an iCalendar REQUEST to each participant', async () => {
  const res = await ok(
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${n}/postmortem/invite`,
      payload: { at: '2026-03-04T14:00:00Z', minutes: 45, with: ['grace@example.com', 'ops@example.com'] },
    }),
  );
  assert.equal(res.meeting.sequence, 0);
  const sent = sink.messages.length;
  await runJobs(t);
  const mails = sink.messages.slice(sent);
  assert.deepEqual(mails.map((m) => m.envelope.to[0]).sort(), ['grace@example.com', 'ops@example.com']);
  assert.deepEqual(sink.violations, []);
  const mail = mails.find((m) => m.envelope.to[0] === 'grace@example.com')!;
  assert.equal(mail.subject, `Post-mortem #${n}: Checkout fails`);
  assert.match(mail.text!, /When: 2026-03-04 14:00 UTC, 45 minutes\./);
  const cal = calendarPart(mail);
  assert.match(cal.type, /^text\/calendar;.*method=REQUEST/i);
  const lines = cal.body.replace(/\r\n[ \t]/g, '').split('\r\n');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.ok(lines.includes('METHOD:REQUEST'));
  assert.ok(lines.includes('DTSTART:20260304T140000Z'));
  assert.ok(lines.includes('DTEND:20260304T144500Z'));
  assert.ok(lines.includes('SEQUENCE:0'));
  assert.ok(lines.includes(`SUMMARY:Post-mortem #${n}: Checkout fails`));
  assert.ok(lines.includes('ORGANIZER;CN="Responder":mailto:responder@example.com'));
  assert.deepEqual(
    lines.filter((l) => l.startsWith('ATTENDEE')),
    [
      'ATTENDEE;CN="Grace Hopper";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:grace@example.com',
      'ATTENDEE;CN="ops@example.com";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ops@example.com',
    ],
  );
  assert.match(
    lines.find((l) => l.startsWith('UID:'))!,
    /^UID:postmortem-[0-9a-f-]{36}@expedite$/,
  );
  assert.ok(cal.body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75));

  // Moved: the same event, one SEQUENCE higher.
  await ok(
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${n}/postmortem/invite`,
      payload: { at: '2026-03-04T15:00:00Z', with: ['grace@example.com'] },
    }),
  );
  const before = sink.messages.length;
  await runJobs(t);
  const moved = calendarPart(sink.messages.slice(before)[0]!)
    .body.replace(/\r\n[ \t]/g, '')
    .split('\r\n');
  assert.ok(moved.includes('SEQUENCE:1'));
  assert.ok(moved.includes('DTSTART:20260304T150000Z'));
  assert.equal(
    moved.find((l) => l.startsWith('UID:')),
    lines.find((l) => l.startsWith('UID:')),
  );
});

test("the blameless check flags Grace's careless deploy, passes the system's wording, saves both", async () => {
  const saved = await ok(
    await t.call('responder', {
      method: 'PUT',
      url: `/api/v1/incidents/${n}/postmortem/document`,
      payload: {
        document: {
          contributingFactors:
            "Grace's careless deploy caused the outage. The deploy went out without a review step, which caused the outage.",
        },
      },
    }),
  );
  assert.deepEqual(saved.findings, [
    {
      section: 'contributingFactors',
      sentence: "Grace's careless deploy caused the outage.",
      person: "Grace's",
      phrases: ['careless'],
      suggestion: 'The deploy caused the outage.',
    },
  ]);
  assert.match(saved.document.contributingFactors, /^Grace's careless deploy/);
  assert.match(saved.document.summary, /^On Sunday 1 March 2026/);
});

test('a due action item is reminded to its owner once a day until done', async () => {
  const action = await ok(
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${n}/postmortem/actions`,
      payload: {
        kind: 'technical',
        title: 'Load test large changes on staging',
        owner: 'grace@example.com',
        dueOn: '2026-03-03',
      },
    }),
    201,
  );
  const toGrace = () =>
    sink.messages.filter((m) => m.subject === 'Action item due: Load test large changes on staging');
  await sweep(); // 1 March: not due yet
  assert.equal(toGrace().length, 0);
  t.clock.set(new Date('2026-03-03T08:00:00Z'));
  await sweep();
  assert.equal(toGrace().length, 1);
  assert.equal(toGrace()[0]!.envelope.to[0], 'grace@example.com');
  assert.match(toGrace()[0]!.text!, /is yours \(due today\):\n {2}Load test large changes on staging/);
  t.clock.set(new Date('2026-03-03T15:00:00Z'));
  await sweep();
  assert.equal(toGrace().length, 1, 'at most once a day');
  t.clock.set(new Date('2026-03-04T08:00:00Z'));
  await sweep();
  assert.equal(toGrace().length, 2);
  assert.match(toGrace()[1]!.text!, /\(due 2026-03-03, overdue\)/);
  const mine = await t.app.inject({
    method: 'GET',
    url: '/api/v1/actions?mine=true',
    headers: { authorization: `Bearer ${grace.token}` },
  });
  assert.deepEqual(
    mine.json().items.map((a: { title: string; overdue: boolean }) => [a.title, a.overdue]),
    [['Load test large changes on staging', true]],
  );
  const handed = await ok(
    await t.call('responder', { method: 'POST', url: `/api/v1/actions/${action.id}/handoff` }),
    202,
  );
  assert.equal(handed.queued, true);
  const { rows } = await t.db.pool.query('SELECT kind, payload FROM jobs WHERE key = $1', [
    `action-handoff:${action.id}`,
  ]);
  assert.deepEqual(rows, [{ kind: 'action-handoff', payload: { actionId: action.id } }]);
  await ok(
    await t.call('responder', {
      method: 'PATCH',
      url: `/api/v1/actions/${action.id}`,
      payload: { status: 'done' },
    }),
  );
  t.clock.set(new Date('2026-03-05T08:00:00Z'));
  await sweep();
  assert.equal(toGrace().length, 2, 'done: no more reminders');
});

test('named reviewers approve before it is published to management, emailed a link', async () => {
  const early = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${n}/postmortem/publish`,
    payload: { audience: ['management'] },
  });
  assert.equal(early.status, 409);
  await ok(
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${n}/postmortem/review`,
      payload: { reviewers: ['grace@example.com'] },
    }),
  );
  const notReviewer = await t.call('admin', {
    method: 'POST',
    url: `/api/v1/incidents/${n}/postmortem/approve`,
  });
  assert.equal(notReviewer.status, 403);
  const waiting = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${n}/postmortem/publish`,
    payload: { audience: ['management'] },
  });
  assert.equal(waiting.status, 409);
  assert.match(waiting.body.error.message, /Waiting for the approval of Grace Hopper/);
  const approved = await t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${n}/postmortem/approve`,
    headers: { authorization: `Bearer ${grace.token}` },
  });
  assert.equal(approved.statusCode, 200, approved.body);
  const published = await ok(
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${n}/postmortem/publish`,
      payload: { audience: ['management'] },
    }),
  );
  assert.equal(published.status, 'published');
  const before = sink.messages.length;
  await runJobs(t);
  const mails = sink.messages.slice(before);
  assert.deepEqual(mails.map((m) => m.envelope.to[0]).sort(), [
    'admin@example.com',
    'stakeholder@example.com',
  ]);
  assert.equal(mails[0]!.subject, `Post-mortem published: #${n} Checkout fails`);
  assert.match(mails[0]!.text!, new RegExp(`Read it: http://127\\.0\\.0\\.1:8080/incidents/${n}#postmortem`));
  const timeline = await ok(
    await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${n}/timeline` }),
  );
  const entry = (timeline.items ?? timeline).find((e: { kind: string }) => e.kind === 'postmortem-published');
  assert.deepEqual(entry.data, { postmortemId: published.id, audience: ['management'] });
  const frozen = await t.call('responder', {
    method: 'PUT',
    url: `/api/v1/incidents/${n}/postmortem/document`,
    payload: { document: { wentWell: 'x' } },
  });
  assert.equal(frozen.status, 409);
});

test('by hand for an incident the rule leaves out; a second is refused; bad input names the field', async () => {
  const made = await ok(
    await t.call('responder', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title: 'Typo on the pricing page' },
    }),
    201,
  );
  const listOf = async () =>
    (
      await ok(
        await t.call('stakeholder', { method: 'GET', url: `/api/v1/postmortems?incident=${made.number}` }),
      )
    ).items as { id: string; requiredBy: string }[];
  assert.deepEqual(await listOf(), []);
  const first = await ok(
    await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${made.number}/postmortem`,
      payload: {},
    }),
    201,
  );
  assert.equal(first.requiredBy, 'by-hand');
  assert.deepEqual(
    (await listOf()).map((p) => [p.id, p.requiredBy]),
    [[first.id, 'by-hand']],
  );
  const again = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${made.number}/postmortem`,
    payload: {},
  });
  assert.equal(again.status, 409);
  const bad = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/incidents/${made.number}/postmortem/actions`,
    payload: { kind: 'technical', title: 'x', owner: 'nobody@example.com', dueOn: '2026-03-10' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, 'body.owner');
  const stakeholder = await t.call('stakeholder', {
    method: 'POST',
    url: `/api/v1/incidents/${made.number}/postmortem/approve`,
  });
  assert.equal(stakeholder.status, 403);
});

let caught: number;

test('the catch-up at start creates those resolved in the last 30 days, not older ones', async () => {
  const p2 = (title: string) => ({ title, urgency: 'P2', urgencyReason: 'Payments degraded' });
  t.clock.set(new Date('2026-03-06T09:00:00Z'));
  const old = await resolvedIncident(p2('Refunds stuck'), 1); // resolved Friday 6 March
  t.clock.set(new Date('2026-04-01T09:00:00Z'));
  caught = await resolvedIncident(p2('Invoices late'), 1); // resolved Wednesday 1 April
  t.clock.set(new Date('2026-04-08T12:00:00Z'));
  const status = async (ref: number) =>
    (await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${ref}/postmortem` })).status;
  await sweep(); // the minute's check looks back one day only
  assert.equal(await status(caught), 404);
  assert.equal(await status(old), 404);
  await scheduleCatchUp(t.db.pool, t.clock.now());
  await runJobs(t);
  const pm = await ok(
    await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${caught}/postmortem` }),
  );
  assert.equal(pm.requiredBy, 'P2');
  assert.equal(pm.dueOn, '2026-04-08');
  assert.equal(await status(old), 404); // 33 days ago: left out
  await scheduleCatchUp(t.db.pool, new Date('2026-04-08T12:05:00Z'));
  t.clock.set(new Date('2026-04-08T12:05:00Z'));
  await runJobs(t);
  const timeline = await ok(
    await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${caught}/timeline` }),
  );
  const created = (timeline.items ?? timeline).filter(
    (e: { kind: string }) => e.kind === 'postmortem-created',
  );
  assert.equal(created.length, 1);
});

test('delegating and moving the due date are recorded on the timeline, once per change', async () => {
  const url = `/api/v1/incidents/${caught}/postmortem`;
  const entries = async () => {
    const timeline = await ok(
      await t.call('responder', { method: 'GET', url: `${url.replace('/postmortem', '')}/timeline` }),
    );
    return (timeline.items ?? timeline)
      .filter((e: { kind: string }) => e.kind === 'postmortem-changed')
      .map((e: { data: unknown; actor: { name: string } | null }) => [e.actor?.name, e.data]);
  };
  const body = { owner: 'grace@example.com', dueOn: '2026-04-15' };
  const pm = await ok(await t.call('responder', { method: 'PATCH', url, payload: body }));
  assert.equal(pm.owner.name, 'Grace Hopper');
  assert.equal(pm.dueOn, '2026-04-15');
  await ok(await t.call('responder', { method: 'PATCH', url, payload: body })); // nothing new
  await ok(await t.call('admin', { method: 'PATCH', url, payload: { dueOn: '2026-04-17' } }));
  assert.deepEqual(await entries(), [
    [
      'Responder',
      { postmortemId: pm.id, owner: { id: grace.id, name: 'Grace Hopper' }, dueOn: '2026-04-15' },
    ],
    ['Admin', { postmortemId: pm.id, dueOn: '2026-04-17' }],
  ]);
  const bad = await t.call('responder', { method: 'PATCH', url, payload: { owner: 'nobody@example.com' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, 'body.owner');
  const stakeholder = await t.call('stakeholder', { method: 'PATCH', url, payload: { dueOn: '2026-04-20' } });
  assert.equal(stakeholder.status, 403);
});
