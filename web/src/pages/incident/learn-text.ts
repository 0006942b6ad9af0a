// The timeline's words for what is learned: resolution reports shared, post-mortems started, delegated and published.
import { str, type Data, type EntryText } from './timeline-words.ts';
const shareWords: Record<string, string> = {
  team: 'the team (technical)',
  stakeholders: 'stakeholders',
  clients: "the client's contacts",
  public: 'the status pages',
};

/** A resolution report shared, with whom; undefined for other kinds. */
export function resolutionReportNews(kind: string, d: Data): EntryText | undefined {
  if (kind !== 'resolution-report-shared') return undefined;
  const to = Array.isArray(d.audiences) ? d.audiences.map((a) => shareWords[str(a)] ?? str(a)) : [];
  return { what: 'shared the resolution report', lines: to.length ? [`With: ${to.join(', ')}`] : [] };
}

const requiredWords: Record<string, string> = {
  P1: 'a resolved P1',
  P2: 'a resolved P2',
  deviation: 'steps of the procedure were skipped',
  'data-loss': 'data was lost',
  'by-hand': 'asked for by hand',
};

/** Post-mortem entries, described; undefined for other kinds. */
export function postmortemNews(kind: string, d: Data): EntryText | undefined {
  switch (kind) {
    case 'postmortem-created':
      return {
        what: 'started the post-mortem',
        lines: [`Why: ${requiredWords[str(d.requiredBy)] ?? str(d.requiredBy)}`],
      };
    case 'postmortem-published':
      return {
        what: 'published the post-mortem',
        lines: [
          `Shared with ${Array.isArray(d.audience) ? d.audience.map(str).join(' and ') : str(d.audience)}`,
        ],
      };
    case 'postmortem-changed': {
      const owner = d.owner && typeof d.owner === 'object' ? str((d.owner as Data).name) : '';
      const lines = [...(owner ? [`Owner: ${owner}`] : []), ...(d.dueOn ? [`Due: ${str(d.dueOn)}`] : [])];
      return { what: owner ? 'delegated the post-mortem' : 'changed the post-mortem', lines };
    }
    case 'postmortem-email-failed':
      return {
        what: `could not email ${str(d.to)} about the post-mortem`,
        lines: [str(d.subject), `Error: ${str(d.error)}`],
      };
    default:
      return undefined;
  }
}
