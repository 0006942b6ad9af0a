/**
 * An iCalendar (RFC 5545) feed of one person's on-call shifts, pure: calendar apps subscribe to it
 * so on-call time shows next to meetings. Times are written in UTC (`…Z`), so the feed needs no
 * VTIMEZONE; the calendar app shows them in the reader's zone. Events are TRANSPARENT: being on
 * call does not make anyone busy.
 */

/** The parts of a shift the feed needs (the `Shift` of on-call.ts fits). */
export interface IcalShift {
  userId: string;
  start: Date;
  end: Date;
  /** A layer id, or 'override'. */
  layerId: string;
  /** The shift's schedule, when the feed spans several (wins over the options' schedule). */
  scheduleId?: string;
  scheduleName?: string;
}

/** Feed settings. */
export interface IcalOptions {
  /** PRODID, e.g. '-//Expedite//On-call//EN'. */
  prodId: string;
  calendarName: string;
  /** DTSTAMP of every event: when the feed was generated. */
  now: Date;
  /** Makes UIDs stable and unique across schedules. */
  scheduleId: string;
  /** Shown in event titles: 'Alice on call – Payments'. */
  scheduleName?: string;
  /** Layer id → name, for event descriptions. */
  layerNames?: Readonly<Record<string, string>>;
  /** The right-hand side of UIDs (default 'expedite'). */
  uidDomain?: string;
}

const CRLF = '\r\n';

/** Escapes a TEXT value: backslash, semicolon, comma and newlines; drops other control characters. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

function octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so no physical line exceeds 75 octets (UTF-8), never splitting a character;
 * continuation lines start with a space, which counts towards their 75.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = octets(ch.codePointAt(0)!);
    if (size + n > limit) {
      out.push(current);
      current = '';
      size = 0;
      limit = 74;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** An instant as an iCalendar UTC DATE-TIME: 20260329T070000Z. */
export function icalUtc(d: Date): string {
  const iso = d.toISOString(); // 2026-03-29T07:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** UID-safe text: letters, digits, '.', '_' and '-' kept, anything else percent-encoded. */
function uidPart(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A VCALENDAR of `shifts` for `personName` (the caller passes that person's shifts). UIDs derive
 * from schedule id, user and start, so a re-fetched feed updates events in place; the caller
 * passes whole shifts (see feed.ts), so a start never moves with the feed's window.
 */
export function icalFeed(personName: string, shifts: readonly IcalShift[], opts: IcalOptions): string {
  const domain = opts.uidDomain ?? 'expedite';
  const stamp = icalUtc(opts.now);
  const titleOf = (name: string | undefined) => `${personName} on call${name ? ` – ${name}` : ''}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(opts.prodId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(opts.calendarName)}`,
    `X-WR-CALNAME:${escapeText(opts.calendarName)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  const sorted = [...shifts].sort((a, b) => a.start.getTime() - b.start.getTime());
  for (const s of sorted) {
    if (!(s.end.getTime() > s.start.getTime())) continue;
    const source =
      s.layerId === 'override' ? 'an override' : `layer ${opts.layerNames?.[s.layerId] ?? s.layerId}`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uidPart(s.scheduleId ?? opts.scheduleId)}-${uidPart(s.userId)}-${icalUtc(s.start)}@${uidPart(domain)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icalUtc(s.start)}`,
      `DTEND:${icalUtc(s.end)}`,
      `SUMMARY:${escapeText(titleOf(s.scheduleName ?? opts.scheduleName))}`,
      `DESCRIPTION:${escapeText(`${personName} is on call (${source}).`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
