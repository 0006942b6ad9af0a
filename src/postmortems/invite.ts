/**
 * The post-mortem meeting as an iCalendar invitation (RFC 5545, iTIP REQUEST of RFC 5546), pure:
 * one VEVENT with a stable UID (a moved meeting updates the same event, its SEQUENCE one higher),
 * the organiser and one ATTENDEE per participant who is asked to answer. Times are UTC, so no
 * VTIMEZONE is needed. Lines end in CRLF and are folded at 75 octets (the feed's own code).
 */
import { escapeText, foldLine, icalUtc } from '../schedules/ical.ts';

/** A person on the invitation. */
export interface InvitePerson {
  name: string;
  email: string;
}

/** What the invitation says. */
export interface Invite {
  /** Stable per post-mortem: `postmortem-<id>@<domain>`. */
  uid: string;
  sequence: number;
  /** When the invitation was written (DTSTAMP). */
  now: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  /** A link to the post-mortem. */
  url: string;
  organizer: InvitePerson;
  attendees: readonly InvitePerson[];
}

const CRLF = '\r\n';

/**
 * A parameter value (CN): quoted, since names hold commas, colons and semicolons; a double quote
 * cannot appear inside a quoted value, and control characters are dropped.
 */
export function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/["\u0000-\u001f\u007f]/g, '').trim()}"`;
}

/** A mailto: calendar address. */
function mailto(email: string): string {
  return `mailto:${email.replace(/[\s"<>]/g, '')}`;
}

/** The invitation as a VCALENDAR with METHOD:REQUEST. */
export function inviteCalendar(invite: Invite): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Expedite//Post-mortem//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${invite.uid}`,
    `DTSTAMP:${icalUtc(invite.now)}`,
    `DTSTART:${icalUtc(invite.start)}`,
    `DTEND:${icalUtc(invite.end)}`,
    `SEQUENCE:${invite.sequence}`,
    `SUMMARY:${escapeText(invite.summary)}`,
    `DESCRIPTION:${escapeText(invite.description)}`,
    `URL:${invite.url}`,
    `ORGANIZER;CN=${paramValue(invite.organizer.name)}:${mailto(invite.organizer.email)}`,
    ...invite.attendees.map(
      (a) =>
        `ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:${mailto(a.email)}`,
    ),
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
