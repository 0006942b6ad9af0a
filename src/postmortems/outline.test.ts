import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inviteCalendar } from './invite.ts';
import { dateInWords, draftOutline, durationInWords, keyMoments } from './outline.ts';
import { addWorkingDays, requiredBy } from './rule.ts';

test('dates and durations in words', () => {
  assert.equal(dateInWords(new Date('2026-02-01T23:30:00Z')), 'Sunday 1 February 2026');
  assert.equal(durationInWords(3 * 3600_000), '3 hours');
  assert.equal(durationInWords(150 * 60_000), '2 hours 30 minutes');
  assert.equal(durationInWords(45 * 60_000 + 59_000), '45 minutes');
  assert.equal(durationInWords(27 * 3600_000 + 5 * 60_000), '1 day 3 hours');
  assert.equal(durationInWords(30_000), 'less than a minute');
  assert.equal(durationInWords(2 * 86_400_000), '2 days');
});

test('the outline is filled in from the incident and its key moments', () => {
  const doc = draftOutline(
    {
      number: 7,
      title: 'Checkout fails',
      description: 'A slow query held every connection of the pool.',
      criticality: 'ALLBLOCK',
      scope: 'ALL',
      impact: { conversion: 'high', experience: null, revenue: 'medium' },
      startedAt: '2026-03-04T08:10:00Z',
      createdAt: '2026-03-04T08:20:00Z',
      resolvedAt: '2026-03-04T11:40:00Z',
      resolutionSummary: 'Rolled the release back.',
      service: 'Checkout',
    },
    [
      {
        at: '2026-03-04T08:20:00Z',
        kind: 'declared',
        actor: 'Ana',
        data: { tagline: 'ALL-ALLBLOCK-BE: Checkout fails', urgency: 'P1' },
      },
      { at: '2026-03-04T08:25:00Z', kind: 'note', actor: 'Ana', data: { text: 'looking' } },
      {
        at: '2026-03-04T08:26:00Z',
        kind: 'ownership-taken',
        actor: 'Ana',
        data: { owner: { name: 'Ana Silva' } },
      },
      {
        at: '2026-03-05T11:40:00Z',
        kind: 'resolved',
        actor: 'Ana',
        data: { from: 'fixing', summary: 'Rolled the release back.' },
      },
    ],
    {
      dataLoss: ['12 orders between 08:10 and 08:40'],
      deviations: [{ reasons: ['speed'], skipped: ['code review'], justification: 'Checkout was down' }],
    },
  );
  assert.equal(
    doc.summary,
    'On Wednesday 4 March 2026 our Checkout service experienced 3 hours 30 minutes of downtime.\n\n' +
      'Our team worked together to understand and fix the issue.\n\n' +
      "At the time of writing the service is up and we don't anticipate any further issues.\n\n" +
      'The issue was: A slow query held every connection of the pool. The fix was: Rolled the release back.\n\n' +
      'As a result of this we have implemented the following (the agreed action items):',
  );
  assert.equal(
    doc.timeline,
    '- 08:20 UTC Declared: ALL-ALLBLOCK-BE: Checkout fails, urgency P1\n' +
      '- 08:26 UTC Ana Silva took ownership\n' +
      '- 2026-03-05 11:40 UTC Resolved: Rolled the release back.',
  );
  assert.equal(
    doc.impact,
    'Who was affected: ALL.\nConversion: high.\nRevenue: medium.\nData lost: 12 orders between 08:10 and 08:40',
  );
  assert.equal(
    doc.contributingFactors,
    '- Steps skipped under pressure (speed): code review. Why: Checkout was down',
  );
  assert.equal(doc.wentWell, '');
});

test('no moments without entries', () => {
  assert.equal(keyMoments([]), '');
});

test('the rule: P1 and P2, then data loss, then deviations', () => {
  assert.equal(requiredBy({ urgency: 'P1', deviations: 1, dataLoss: 1 }), 'P1');
  assert.equal(requiredBy({ urgency: 'P2', deviations: 0, dataLoss: 0 }), 'P2');
  assert.equal(requiredBy({ urgency: 'P3', deviations: 1, dataLoss: 1 }), 'data-loss');
  assert.equal(requiredBy({ urgency: null, deviations: 2, dataLoss: 0 }), 'deviation');
  assert.equal(requiredBy({ urgency: 'P4', deviations: 0, dataLoss: 0 }), null);
});

test('working days skip weekends', () => {
  assert.equal(addWorkingDays(new Date('2026-03-04T11:40:00Z'), 5), '2026-03-11'); // Wednesday → Wednesday
  assert.equal(addWorkingDays(new Date('2026-03-06T23:00:00Z'), 1), '2026-03-09'); // Friday → Monday
  assert.equal(addWorkingDays(new Date('2026-03-07T10:00:00Z'), 1), '2026-03-09'); // Saturday → Monday
});

test('the invitation: a REQUEST with organiser, attendees, folded CRLF lines', () => {
  const ics = inviteCalendar({
    uid: 'postmortem-1@expedite',
    sequence: 1,
    now: new Date('2026-03-05T09:00:00Z'),
    start: new Date('2026-03-06T14:00:00Z'),
    end: new Date('2026-03-06T15:00:00Z'),
    summary: 'Post-mortem #7: Checkout fails, and why; a long title that goes past the fold',
    description: 'Line one\nLine two',
    url: 'http://x/postmortems/7',
    organizer: { name: 'Ana Silva', email: 'ana@example.com' },
    attendees: [
      { name: 'Grace "G" Hopper', email: 'grace@example.com' },
      { name: 'Bob, Jr.', email: 'bob@example.com' },
    ],
  });
  assert.equal(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Expedite//Post-mortem//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:postmortem-1@expedite',
      'DTSTAMP:20260305T090000Z',
      'DTSTART:20260306T140000Z',
      'DTEND:20260306T150000Z',
      'SEQUENCE:1',
      'SUMMARY:Post-mortem #7: Checkout fails\\, and why\\; a long title that goes p',
      ' ast the fold',
      'DESCRIPTION:Line one\\nLine two',
      'URL:http://x/postmortems/7',
      'ORGANIZER;CN="Ana Silva":mailto:ana@example.com',
      'ATTENDEE;CN="Grace G Hopper";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSV',
      ' P=TRUE:mailto:grace@example.com',
      'ATTENDEE;CN="Bob, Jr.";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE',
      ' :mailto:bob@example.com',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
});
