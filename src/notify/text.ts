/**
 * The words of a page: a one-line subject (`[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details
 * gives an error`), a short text that ends with the ack link (one SMS of 160 characters where
 * possible: the tagline is cut, the link never), and what a phone call says. Only ASCII of our own,
 * so an SMS stays in the GSM alphabet (one curly quote would cut a segment from 160 to 70).
 */
import type { OutboundMessage } from './types.ts';

/** The incident fields a page is made from. */
export type PageIncident = Pick<OutboundMessage['incident'], 'number' | 'tagline' | 'urgency'>;

/** One SMS segment in the GSM 7-bit alphabet. */
export const smsSegmentLength = 160;

/** Longest text the SMS adapter sends (two segments); longer texts are cut, keeping the ack link. */
export const smsMaxLength = 300;

const subjectMax = 200;

/** Whitespace runs (newlines included) as single spaces, trimmed. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** `s` cut to at most `max` UTF-16 units with `...`, never splitting a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  const room = max > 3 ? max - 3 : max;
  let head = s.slice(0, room);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return max > 3 ? `${head.trimEnd()}...` : head;
}

/**
 * `text` within `max` characters. When it contains `link`, only what comes before the link is cut
 * and the link with what follows it is kept whole; a link longer than `max` is returned alone.
 */
export function fitText(text: string, link: string, max: number): string {
  if (text.length <= max) return text;
  const linkAt = link ? text.indexOf(link) : -1;
  if (linkAt < 0) return cut(text, max);
  // A label just before the link (` - ack: `) stays with it while there is room.
  const label = /(?:\s+[-|]\s+)?[^\s:]{1,20}:\s*$/.exec(text.slice(0, linkAt));
  for (const at of label ? [linkAt - label[0].length, linkAt] : [linkAt]) {
    const tail = text.slice(at).trim();
    const room = max - tail.length - 1;
    if (room < 0) continue;
    const head = cut(text.slice(0, at).trimEnd(), room);
    return head ? `${head} ${tail}` : tail;
  }
  return link + cut(text.slice(linkAt + link.length), max - link.length);
}

const typographic: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2007\u202F]/g, ' '],
];

/** Typographic quotes, dashes and ellipses as ASCII, so a text is not sent as UCS-2 for one of them. */
export function plainText(s: string): string {
  return typographic.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

const gsmBasic =
  '@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9 !"#\u00a4%&\'()*+,-./0123456789:;<=>?' +
  '\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0';
const gsmExtension = '^{}\\[~]|\u20ac\f';

/**
 * How much of an SMS `s` takes: GSM 7-bit septets (the extension characters `[]{}^~|`, backslash and the
 * euro sign count two), or, when one character is outside the GSM alphabet, its UTF-16 length.
 */
export function smsLength(s: string): number {
  let septets = 0;
  for (const ch of s) {
    if (gsmBasic.includes(ch)) septets += 1;
    else if (gsmExtension.includes(ch)) septets += 2;
    else return s.length;
  }
  return septets;
}

/** `[P1] #42 <tagline>` on one line (no brackets while the urgency is unknown). */
export function pageSubject(i: PageIncident): string {
  const urgency = i.urgency ? `[${i.urgency}] ` : '';
  return cut(oneLine(`${urgency}#${i.number} ${i.tagline}`), subjectMax);
}

/**
 * `[P1] #42 <tagline> - ack: <url>` in at most `max` characters where possible: the tagline is cut,
 * the urgency, number and link never.
 */
export function pageText(i: PageIncident, ackUrl: string, max = smsSegmentLength): string {
  const head = `${i.urgency ? `[${oneLine(i.urgency)}] ` : ''}#${i.number}`;
  const suffix = ` - ack: ${ackUrl}`;
  const tagline = oneLine(plainText(i.tagline));
  const page = (t: string) => `${head}${t ? ` ${t}` : ''}${suffix}`;
  // Characters first, then one by one while the GSM extension characters make it longer.
  for (let room = max - head.length - suffix.length - 1; room >= 8; room -= 1) {
    const text = page(cut(tagline, room));
    if (smsLength(text) <= max) return text;
  }
  return page('');
}

/** What a phone call says before asking for the key press. */
export function voiceScript(i: PageIncident): string {
  const urgency = i.urgency ? ` Urgency ${i.urgency}.` : '';
  return `Expedite page.${urgency} Incident ${i.number}: ${cut(oneLine(plainText(i.tagline)), 300)}.`;
}

/** The subject and text of a page, as the outbox stores them. */
export function composePage(i: PageIncident, ackUrl: string): { subject: string; text: string } {
  return { subject: pageSubject(i), text: pageText(i, ackUrl) };
}
