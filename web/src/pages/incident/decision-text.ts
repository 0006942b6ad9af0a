// What the decision entries of the timeline say: the question put to the product owners, its
// reminder and escalation to the team's lead, and the answer with its reason.
import type { EntryText } from './timeline-text.ts';

const answerWords: Record<string, string> = {
  expedite: 'expedite — paging now',
  backlog: 'backlog — moved to the Backlog',
  decline: 'decline — closed',
};

const s = (v: unknown) => (typeof v === 'string' ? v : '');
const names = (v: unknown) => (Array.isArray(v) ? v.map(s).join(', ') : s(v));

/** One decision entry, described; undefined for other kinds. */
export function decisionNews(kind: string, d: Record<string, unknown>): EntryText | undefined {
  switch (kind) {
    case 'decision-asked':
      return {
        what: `Asked ${names(d.to)} to decide: expedite, backlog or decline`,
        lines: d.because ? [`As ${s(d.because)}`] : [],
        sentence: true,
      };
    case 'decision-unasked':
      return { what: 'Nobody was asked to decide', lines: [s(d.why)], sentence: true };
    case 'decision-reminded':
      return { what: 'Reminded the product owners: the decision is still open', lines: [], sentence: true };
    case 'decision-escalated':
      return {
        what: d.to
          ? `Told the team's lead ${s(d.to)}: nobody has decided`
          : 'Nobody has decided, and the team names no lead',
        lines: [],
        sentence: true,
      };
    case 'decision-not-sent':
      return { what: `could not send the question to ${s(d.to)} by ${s(d.channel)}`, lines: [s(d.error)] };
    case 'decision-answered':
      return {
        what: `decided ${answerWords[s(d.answer)] ?? s(d.answer)}${d.via === 'link' ? ' (from the message)' : ''}`,
        lines: [],
        text: s(d.reason) || undefined,
      };
    default:
      return undefined;
  }
}
