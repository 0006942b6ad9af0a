/**
 * Writes the two versions of a resolution report from one source: the incident, its fixes on the
 * timeline, its links, the hours per person and what people add (side effects, outstanding issues,
 * data loss, what the reader should do). Technical for the team: tagline, services, versions,
 * commits and addresses as recorded. Plain for stakeholders and clients: the codes in words, no
 * tagline, no commit ids, no addresses ("other business units may just need to hear 'We are back'").
 * Markdown, a starting point people edit.
 */
import { labels, phrases, plainWords } from '../classification/codes.ts';
import type { Incident, IncidentRole } from '../incidents/schema.ts';
import { durationWords } from '../updates/templates.ts';
import type { Facts } from './schema.ts';

/** Everything a report is generated from. */
export interface Source {
  incident: Incident;
  client: string | null;
  /** Affected users named in support reports (ids or names as the reporter wrote them). */
  affected: string[];
  fixes: { kind: string; at: Date; data: Record<string, unknown> }[];
  links: { kind: string; title: string; url: string }[];
  hours: { userId: string; name: string; hours: number }[];
  publicUrl: string;
  now: Date;
}

/** The facts with every field present (null: nothing said). */
export type FullFacts = { [K in keyof Facts]-?: string | null };

const roleWords: Record<IncidentRole, string> = {
  'comms-lead': 'comms lead',
  developer: 'developer',
  reviewer: 'reviewer',
  tester: 'tester',
  designer: 'designer',
  'product-owner': 'product owner',
  observer: 'observer',
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const when = (d: Date | string) => `${new Date(d).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** "3.5 h", "2 h". */
export function hoursWords(h: number): string {
  return `${Number(h.toFixed(2))} h`;
}

/** Each person's hours with their part in the incident ("Ada Lovelace (owner): 3.5 h"), and the total. */
function hoursLines(s: Source): string[] {
  if (!s.hours.length) return ['No time was logged.'];
  const lines = s.hours.map((p) => {
    const parts = [
      ...(s.incident.owner?.id === p.userId ? ['owner'] : []),
      ...s.incident.roles.filter((r) => r.person.id === p.userId).map((r) => roleWords[r.role]),
    ];
    return `- ${p.name} (${parts.length ? parts.join(', ') : 'helped'}): ${hoursWords(p.hours)}`;
  });
  const total = s.hours.reduce((sum, p) => sum + p.hours, 0);
  return [...lines, `- Total: ${hoursWords(total)}`];
}

function duration(i: Incident, now: Date): { words: string; span: string } {
  const end = i.resolvedAt ? new Date(i.resolvedAt) : now;
  const words = durationWords(new Date(i.createdAt), end);
  return i.resolvedAt
    ? { words, span: `from ${when(i.createdAt)} to ${when(i.resolvedAt)}` }
    : { words: `${words} so far`, span: `since ${when(i.createdAt)}, not resolved yet` };
}

function technicalFixes(s: Source): string[] {
  const lines = s.fixes.map((f) => {
    const d = f.data;
    if (f.kind === 'hotfix-recorded') {
      const commits = strs(d.commits);
      const links = strs(d.links);
      return (
        `- Hotfix in ${str(d.repository)} on branch ${str(d.branch)}` +
        (commits.length ? `: commits ${commits.join(', ')}` : '') +
        (links.length ? ` (${links.join(', ')})` : '')
      );
    }
    if (f.kind === 'hotfix-merged-back')
      return `- Hotfix merged back into ${str(d.target)} of ${str(d.repository)}${str(d.commit) ? ` (commit ${str(d.commit)})` : ''}`;
    const service = str((d.service as { name?: unknown } | undefined)?.name);
    return (
      `- Deployment of ${service} ${str(d.version)} to ${str(d.environment)}: ${str(d.status)}` +
      (str(d.by) ? `, by ${str(d.by)}` : '') +
      ` at ${when(f.at)}` +
      (str(d.url) ? ` (${str(d.url)})` : '')
    );
  });
  for (const l of s.links) lines.push(`- ${l.title} (${l.kind}): ${l.url}`);
  if (s.incident.resolutionSummary) lines.push(`- Resolution: ${s.incident.resolutionSummary}`);
  return lines.length ? lines : ['None recorded yet.'];
}

function plainFixes(s: Source): string[] {
  const lines: string[] = [];
  for (const f of s.fixes) {
    const service = str((f.data.service as { name?: unknown } | undefined)?.name) || 'the service';
    if (f.kind === 'hotfix-recorded') lines.push('- We made an urgent correction to the software.');
    else if (f.kind === 'deployment' && f.data.status === 'finished')
      lines.push(`- We put the fix in place for ${service} on ${when(f.at)}.`);
    else if (f.kind === 'deployment' && f.data.status === 'rolled-back')
      lines.push(`- We undid a change to ${service} on ${when(f.at)}.`);
  }
  const summary = s.incident.resolutionSummary;
  if (summary) return lines.length ? [summary, '', ...lines] : [summary];
  return lines.length ? lines : ['We are still working on the fix.'];
}

const section = (title: string, body: string[] | string) =>
  [`## ${title}`, '', ...(Array.isArray(body) ? body : [body]), ''].join('\n');

/** The technical version, for the team. */
export function technicalReport(s: Source, f: FullFacts): string {
  const i = s.incident;
  const d = duration(i, s.now);
  const codes = [i.scope, i.criticality, i.area].filter(Boolean).join(' · ');
  const words = plainWords(i);
  const impact = (['conversion', 'experience', 'revenue'] as const)
    .filter((k) => i.impact[k])
    .map((k) => `${k} ${i.impact[k]}`)
    .join(', ');
  return [
    `# Resolution report: #${i.number} ${i.tagline}`,
    '',
    section('What happened', [i.description.trim() || i.title]),
    section('Impact', [
      `- Duration: ${d.words} (${d.span})`,
      `- Scope: ${codes ? `${codes}${words ? ` (${words.toLowerCase()})` : ''}` : 'not classified'}`,
      `- Urgency: ${i.urgency ?? 'none set'}`,
      `- Service: ${i.service?.name ?? 'none recorded'}`,
      ...(s.client ? [`- Client: ${s.client}`] : []),
      ...(s.affected.length ? [`- Affected users reported: ${s.affected.join(', ')}`] : []),
      ...(impact ? [`- Business impact: ${impact}`] : []),
    ]),
    section('Fixes put in place', technicalFixes(s)),
    section('Hours spent', hoursLines(s)),
    section('Side effects', f.sideEffects || 'None expected.'),
    section('Known outstanding issues', f.outstanding || 'None known.'),
    section('Data loss', f.dataLoss || 'None.'),
    section(
      'What to do',
      f.readerAction || 'Watch for the side effects above and report anything unusual on the incident.',
    ),
    `Incident: ${s.publicUrl}/incidents/${i.number}`,
    '',
  ].join('\n');
}

/** The plain version, for stakeholders and clients: no codes, commit ids or addresses. */
export function plainReport(s: Source, f: FullFacts): string {
  const i = s.incident;
  const d = duration(i, s.now);
  const who = [
    i.scope ? labels.scope[i.scope] : null,
    i.criticality ? phrases.criticality[i.criticality] : null,
  ].filter(Boolean);
  return [
    `# ${i.resolvedAt ? 'We are back' : 'Still being fixed'}: ${i.title}`,
    '',
    section('What happened', [
      `${i.title.replace(/[.!?]+$/, '')}.`,
      '',
      ...(who.length ? [`- Who was affected: ${who.join('; ')}`] : []),
      ...(i.service ? [`- What was affected: ${i.service.name}`] : []),
      ...(s.client ? [`- For: ${s.client}`] : []),
      ...(s.affected.length ? [`- People who told us they were affected: ${s.affected.length}`] : []),
      `- How long: ${d.words} (${d.span})`,
    ]),
    section('What we fixed', plainFixes(s)),
    section('Time we spent', hoursLines(s)),
    section('Side effects', f.sideEffects || 'We expect none.'),
    section('What is still not working', f.outstanding || 'Nothing that we know of.'),
    section('Data lost', f.dataLoss || 'No data was lost.'),
    section(
      'What you should do',
      f.readerAction || 'Nothing: it works normally again. If you still see the problem, tell us.',
    ),
  ]
    .join('\n')
    .trimEnd()
    .concat('\n');
}
