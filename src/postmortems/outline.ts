/**
 * The first draft of a post-mortem, pure: the sample outline the team writes from ("On {date} our
 * {product} experienced {3 hours} of downtime … The issue was … The fix was … As a result of this
 * we have implemented the following"), filled in from the incident (date, service, how long it
 * lasted, its description, the resolution summary), its key timeline moments, its impact and data
 * loss, and the steps skipped under pressure (deviations) as a first contributing factor.
 */

/** The sections of the document, in the order they are shown. */
export const sections = [
  'summary',
  'impact',
  'timeline',
  'contributingFactors',
  'wentWell',
  'couldGoBetter',
  'discussion',
] as const;
export type Section = (typeof sections)[number];

/** Section titles in plain words. */
export const sectionTitles: Record<Section, string> = {
  summary: 'Summary',
  impact: 'Impact',
  timeline: 'Timeline',
  contributingFactors: 'Contributing factors',
  wentWell: 'What went well',
  couldGoBetter: 'What could go better',
  discussion: 'Discussion outcomes',
};

/** What the outline reads of the incident. */
export interface OutlineIncident {
  number: number;
  title: string;
  description: string;
  criticality: string | null;
  scope: string | null;
  impact: { conversion: string | null; experience: string | null; revenue: string | null };
  startedAt: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolutionSummary: string | null;
  service: string | null;
}

/** A timeline entry as the outline reads it. */
export interface OutlineEntry {
  at: string;
  kind: string;
  actor: string | null;
  data: Record<string, unknown>;
}

/** A deviation from the procedure. */
export interface OutlineDeviation {
  reasons: string[];
  skipped: string[];
  justification: string;
}

const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date in words, in UTC: "Sunday 1 March 2026". */
export function dateInWords(d: Date): string {
  return `${days[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A duration in words: "2 hours 30 minutes", "45 minutes", "1 day 3 hours", "less than a minute". */
export function durationInWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes === 0) return 'less than a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d && plural(d, 'day'), h && plural(h, 'hour'), !d && m && plural(m, 'minute')];
  return parts.filter(Boolean).join(' ') || plural(d, 'day');
}

/** "HH:MM UTC", with the date when it is not the first day. */
function momentTime(at: Date, first: Date): string {
  const hm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')} UTC`;
  return at.toISOString().slice(0, 10) === first.toISOString().slice(0, 10)
    ? hm
    : `${at.toISOString().slice(0, 10)} ${hm}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const nameOf = (v: unknown) => (typeof v === 'object' && v !== null && 'name' in v ? str(v.name) : '');

/** The words of a key moment, or null for an entry that is not one. */
export function keyMoment(e: OutlineEntry): string | null {
  const d = e.data;
  const by = e.actor ? ` (${e.actor})` : '';
  switch (e.kind) {
    case 'declared':
      return `Declared: ${str(d.tagline) || 'the incident'}${str(d.urgency) ? `, urgency ${str(d.urgency)}` : ''}`;
    case 'acknowledged':
      return `Page acknowledged${by}`;
    case 'ownership-taken':
      return `${nameOf(d.owner) || e.actor || 'Someone'} took ownership`;
    case 'handed-over':
      return `Handed over to ${nameOf(d.to) || 'another owner'}`;
    case 'urgency-overridden':
      return `Urgency set by hand${str(d.reason) ? `: ${str(d.reason)}` : ''}`;
    case 'status-changed':
      return `Status ${str(d.from)} → ${str(d.to)}${str(d.note) ? `: ${str(d.note)}` : ''}`;
    case 'resolved':
      return `Resolved: ${str(d.summary)}`;
    case 'deployment':
      return `Deployment of ${nameOf(d.service)} ${str(d.version)} to ${str(d.environment)}: ${str(d.status)}`;
    case 'hotfix-recorded':
      return `Hotfix on ${str(d.repository)} ${str(d.branch)}`;
    case 'verified':
      return `Fix verified: ${str(d.metric)}`;
    case 'verification-failed':
      return `Fix not verified: ${str(d.metric)}`;
    case 'deviation-recorded':
      return `Procedure steps skipped: ${Array.isArray(d.skipped) ? d.skipped.join(', ') : ''}`;
    case 'update-sent':
      return 'Update sent to stakeholders';
    default:
      return null;
  }
}

/** The incident's key timeline moments as lines ("- 09:05 UTC Declared: …"). */
export function keyMoments(entries: readonly OutlineEntry[]): string {
  if (entries.length === 0) return '';
  const first = new Date(entries[0]!.at);
  const lines: string[] = [];
  let updates = 0;
  for (const e of entries) {
    const words = keyMoment(e);
    if (!words) continue;
    // The first update marks when stakeholders heard; the rest would crowd the moments.
    if (e.kind === 'update-sent' && updates++ > 0) continue;
    lines.push(`- ${momentTime(new Date(e.at), first)} ${words}`);
  }
  return lines.join('\n');
}

const impactWords: Record<string, string> = {
  conversion: 'Conversion',
  experience: 'Customer experience',
  revenue: 'Revenue',
};

/** The document's first draft. */
export function draftOutline(
  incident: OutlineIncident,
  entries: readonly OutlineEntry[],
  extra: { dataLoss: readonly string[]; deviations: readonly OutlineDeviation[] },
): Record<Section, string> {
  const start = new Date(incident.startedAt ?? incident.createdAt);
  const end = incident.resolvedAt ? new Date(incident.resolvedAt) : null;
  const product = incident.service ? `${incident.service} service` : 'product';
  const how = incident.criticality === 'ALLBLOCK' ? 'downtime' : 'disruption';
  const lasted = end ? durationInWords(end.getTime() - start.getTime()) : 'an unknown time';
  const issue = (incident.description.trim() || incident.title).replace(/[.\s]+$/, '');
  const fix = (incident.resolutionSummary ?? 'still to be described').trim().replace(/[.\s]+$/, '');
  const summary = [
    `On ${dateInWords(start)} our ${product} experienced ${lasted} of ${how}.`,
    'Our team worked together to understand and fix the issue.',
    "At the time of writing the service is up and we don't anticipate any further issues.",
    `The issue was: ${issue}. The fix was: ${fix}.`,
    'As a result of this we have implemented the following (the agreed action items):',
  ].join('\n\n');
  const impact = [
    incident.scope ? `Who was affected: ${incident.scope}.` : '',
    ...Object.entries(incident.impact)
      .filter(([, level]) => level)
      .map(([k, level]) => `${impactWords[k] ?? k}: ${level}.`),
    ...extra.dataLoss.map((d) => `Data lost: ${d}`),
  ]
    .filter(Boolean)
    .join('\n');
  const contributingFactors = extra.deviations
    .map(
      (d) =>
        `- Steps skipped under pressure (${d.reasons.join(', ')}): ${d.skipped.join(', ')}. Why: ${d.justification}`,
    )
    .join('\n');
  return {
    summary,
    impact,
    timeline: keyMoments(entries),
    contributingFactors,
    wentWell: '',
    couldGoBetter: '',
    discussion: '',
  };
}
