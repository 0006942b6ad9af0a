// The timeline's words for the fix discipline: deviations and tech debt, hotfixes and their
// merge-back, deployments, verification on the metric, and the hand-off to a tracker.
import { num, str, text, type Data, type EntryText } from './timeline-words.ts';
const reasonWords: Record<string, string> = {
  speed: 'speed of fix',
  complexity: 'complexity of fix',
  'lack-of-resources': 'lack of resources',
  'temporary-fix': 'temporary fix',
};

function list(v: unknown, words: Record<string, string> = {}): string {
  return Array.isArray(v) ? v.map((x) => words[str(x)] ?? str(x)).join(', ') : str(v);
}

/** The entries of deviations from process and tech debt, described; undefined for other kinds. */
export function debtNews(kind: string, d: Data): EntryText | undefined {
  switch (kind) {
    case 'deviation-recorded':
      return {
        what: `broke process, skipping ${list(d.skipped)}`,
        lines: [`Because of: ${list(d.reasons, reasonWords)}`],
        text: text(d.justification),
      };
    case 'tech-debt-created': {
      const owner = typeof d.owner === 'object' && d.owner !== null && 'name' in d.owner ? d.owner.name : '';
      return {
        what: `created tech debt: ${str(d.title)}`,
        lines: [`Budget ${num(d.budgetHours)} h, owned by ${str(owner)}, due ${str(d.dueOn)}`],
      };
    }
    case 'tech-debt-changed':
      return {
        what: `changed tech debt: ${str(d.title)}`,
        lines: [`Status: ${str(d.status).replace('-', ' ')}`],
      };
    case 'tech-debt-reminder-failed':
      return {
        what: `The tech-debt reminder to ${str(d.to)} could not be sent`,
        lines: [`Error: ${str(d.error)}`],
        sentence: true,
      };
    default:
      return undefined;
  }
}

/** A hotfix's entries: recorded with its commits, merged back into a long-lived branch. */
export function hotfixNews(kind: string, d: Data): EntryText | undefined {
  const commits = Array.isArray(d.commits) ? d.commits.map((c) => str(c).slice(0, 10)) : [];
  const links = Array.isArray(d.links) ? d.links.map(str) : [];
  if (kind === 'hotfix-recorded')
    return {
      what: `recorded a hotfix on ${str(d.branch)} of ${str(d.repository)}`,
      lines: [
        `${commits.length === 1 ? 'Commit' : 'Commits'}: ${commits.join(', ')}`,
        ...links.map((l) => `Pull request: ${l}`),
      ],
    };
  if (kind === 'hotfix-merged-back')
    return {
      what: `The hotfix is merged back into ${str(d.target)} of ${str(d.repository)}`,
      lines: text(d.commit) ? [`Found at ${str(d.commit).slice(0, 10)}`] : [],
      sentence: true,
    };
  return undefined;
}

/** A `deployment` entry (a deployment of the incident's service), as one sentence; else undefined. */
export function deploymentNews(kind: string, d: Data): EntryText | undefined {
  if (kind !== 'deployment') return undefined;
  const service =
    typeof d.service === 'object' && d.service !== null && 'name' in d.service ? d.service.name : '';
  const what = `${str(service)} ${str(d.version)}`;
  const where = str(d.environment);
  const by = text(d.by) ? ` by ${str(d.by)}` : '';
  const sentence: Record<string, string> = {
    started: `Deploying ${what} to ${where}${by}`,
    finished: `Deployed ${what} to ${where}${by}`,
    failed: `Deploying ${what} to ${where} failed${by ? ` (${by.trim()})` : ''}`,
    'rolled-back': `Rolled back ${what} in ${where}`,
  };
  return {
    what: sentence[str(d.status)] ?? `Deployment of ${what} to ${where}: ${str(d.status)}`,
    lines: text(d.url) ? [str(d.url)] : [],
    sentence: true,
  };
}

/** Verification of a fix on its metric: monitoring started, verified, failed, what is watched. */
export function verificationNews(kind: string, d: Data): EntryText | undefined {
  switch (kind) {
    case 'monitoring-started':
      return {
        what: `started monitoring the fix on ${str(d.metric)} for ${num(d.windowMinutes)} min`,
        lines: text(d.deploymentId) ? ['after a deployment'] : [],
      };
    case 'verified':
      return {
        what: `Fix verified: ${str(d.metric)} stayed good for ${num(d.windowMinutes)} min`,
        lines: [],
        sentence: true,
      };
    case 'verification-failed':
      return {
        what: `Fix failed verification on ${str(d.metric)}`,
        lines: [],
        text: text(d.detail),
        sentence: true,
      };
    case 'watched-metric-changed':
      return {
        what:
          text(d.query) || text(d.integrationId)
            ? 'chose the metric that verifies the fix'
            : 'stopped watching a query',
        lines: [
          ...(text(d.query)
            ? [`${str(d.query)} is bad ${d.comparison === 'below' ? 'below' : 'above'} ${str(d.threshold)}`]
            : []),
          ...(text(d.integrationId)
            ? [`the alert rate of ${str(d.integration)} is bad above ${str(d.threshold)} signals per minute`]
            : []),
          `window: ${num(d.windowMinutes)} min`,
        ],
      };
    default:
      return undefined;
  }
}

/** The hand-off entries: an incident or an action item in the team's tracker, and its ticket's state. */
export function handoffNews(kind: string, d: Data): EntryText | undefined {
  const ticket = `${str(d.tracker)} ${str(d.ref)}`;
  const link = text(d.url) ? [`Ticket: ${str(d.url)}`] : [];
  if (kind === 'handed-off')
    return d.actionId
      ? { what: `Action item handed to ${ticket}`, lines: link, sentence: true }
      : { what: `Handed to the tracker: ${ticket}`, lines: link, sentence: true };
  if (kind === 'ticket-state-changed')
    return {
      what:
        d.state === 'closed' ? `Ticket ${ticket} was closed in the tracker` : `Ticket ${ticket} was reopened`,
      lines: link,
      sentence: true,
    };
  return undefined;
}
