// What the update entries of the timeline say: an update sent with its stage and audiences, an
// update due (the comms lead reminded), an email of an update that could not be sent, a link
// attached, and a part of the conclusion sent.
import type { EntryText } from './timeline-text.ts';
import { resolutionReportNews } from './learn-text.ts';
import { audienceWords, stageWords, type Audience, type Stage } from './update-model.ts';

const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** One update entry, described; undefined for other kinds. */
export function updateNews(kind: string, d: Record<string, unknown>): EntryText | undefined {
  switch (kind) {
    case 'update-sent': {
      const to = (Array.isArray(d.audiences) ? (d.audiences as Audience[]) : [])
        .map((a) => audienceWords[a]?.label ?? s(a))
        .join(', ');
      return {
        what: `sent an update (${stageWords[d.stage as Stage] ?? s(d.stage)})`,
        lines: [`To: ${to}`],
        text: s(d.text) || undefined,
      };
    }
    case 'update-due':
      return {
        what: d.to ? `An update is due: reminded ${s(d.to)}` : 'An update is due; nobody to remind',
        lines: d.why ? [s(d.why)] : [],
        sentence: true,
      };
    case 'update-remind-failed':
    case 'update-not-sent':
      return {
        what: `Could not send ${kind === 'update-not-sent' ? 'the update' : 'the reminder'} to ${s(d.to)} by ${s(d.channel)}: ${s(d.error)}`,
        lines: [],
        sentence: true,
      };
    case 'link-added':
      return { what: `attached a link: ${s(d.title)}`, lines: [s(d.url)] };
    case 'conclusion-sent': {
      const part: Record<string, string> = {
        'team-summary': 'the summary to the team',
        'origin-notice': 'the notice to who reported it',
        'status-resolved': 'the resolved update to the status pages',
      };
      const to = Array.isArray(d.recipients) ? (d.recipients as unknown[]).map(s).join(', ') : '';
      return { what: `sent ${part[s(d.part)] ?? s(d.part)}`, lines: to ? [`To: ${to}`] : [] };
    }
    default:
      return resolutionReportNews(kind, d);
  }
}
