/**
 * What a ticket says, read from the incident once and written for each tracker: a detailed ticket
 * ("create a detailed ticket, provide steps to duplicate"): the tagline as title, classification,
 * description, steps to reproduce, evidence links (support report uploads and recordings, alerts'
 * links, the incident's links) and the link back to the incident. Rendered as Markdown (GitHub,
 * GitLab) or as an Atlassian Document Format document (Jira).
 */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';

/** One link of a ticket. */
export interface TicketLink {
  text: string;
  url: string;
}

/** A ticket before it is written for a tracker. */
export interface Ticket {
  title: string;
  incident: { id: string; number: number; url: string };
  /** Label and value lines (scope, criticality, area, urgency, decision, service). */
  classification: { label: string; value: string }[];
  description: string;
  stepsToReproduce: string;
  evidence: TicketLink[];
}

/** The ticket of incident `incidentId`, links made absolute with `publicUrl`. */
export async function ticketFor(db: Queryable, incidentId: string, publicUrl: string): Promise<Ticket> {
  const { rows } = await db.query<{
    number: number;
    tagline: string;
    description: string;
    scope: string | null;
    criticality: string | null;
    area: string | null;
    urgency: string | null;
    decision: string;
    service: string | null;
    steps: string | null;
    report_steps: string[] | null;
  }>(
    `SELECT i.number, i.tagline, i.description, i.scope, i.criticality, i.area, i.urgency, i.decision,
            s.name AS service, i.steps_to_reproduce AS steps,
            (SELECT array_agg(r.steps ORDER BY r.created_at) FROM support_reports r
              WHERE r.incident_id = i.id AND r.steps <> '') AS report_steps
       FROM incidents i LEFT JOIN services s ON s.id = i.service_id WHERE i.id = $1`,
    [incidentId],
  );
  const i = rows[0];
  if (!i) throw notFound('Incident', incidentId);
  const { rows: links } = await db.query<TicketLink>(
    `SELECT text, url FROM (
       SELECT 1 AS o, r.created_at AS at, 'Support report recording' AS text, r.recording_url AS url
         FROM support_reports r WHERE r.incident_id = $1 AND r.recording_url IS NOT NULL
       UNION ALL
       SELECT 2, u.uploaded_at, 'Report attachment: ' || u.filename, $2 || '/api/v1/uploads/' || u.id
         FROM uploads u JOIN support_reports r ON r.id = u.report_id WHERE r.incident_id = $1
       UNION ALL
       SELECT 3, a.first_seen_at, coalesce(nullif(l->>'text', ''), 'Alert: ' || a.title), l->>'href'
         FROM alerts a CROSS JOIN LATERAL jsonb_array_elements(a.links) l
        WHERE a.incident_id = $1 AND l->>'href' ~ '^https?://'
       UNION ALL
       SELECT 4, k.added_at, k.title, k.url FROM incident_links k WHERE k.incident_id = $1
     ) e ORDER BY o, at LIMIT 50`,
    [incidentId, publicUrl],
  );
  const steps = [i.steps ?? '', ...(i.report_steps ?? [])]
    .map((s) => s.trim())
    .filter((s, n, all) => s !== '' && all.indexOf(s) === n);
  const known = (v: string | null) => v ?? 'not known yet';
  return {
    title: i.tagline,
    incident: { id: incidentId, number: i.number, url: `${publicUrl}/incidents/${i.number}` },
    classification: [
      { label: 'Scope', value: known(i.scope) },
      { label: 'Criticality', value: known(i.criticality) },
      { label: 'Area', value: known(i.area) },
      { label: 'Urgency', value: known(i.urgency) },
      { label: 'Decision', value: i.decision },
      { label: 'Service', value: i.service ?? 'not named' },
    ],
    description: i.description.trim(),
    stepsToReproduce: steps.join('\n\n'),
    evidence: links,
  };
}

/** The ticket as Markdown, for GitHub and GitLab issues. */
export function toMarkdown(t: Ticket): string {
  const out = [
    `Handed over from Expedite incident [#${t.incident.number}](${t.incident.url}).`,
    '',
    '## Classification',
    ...t.classification.map((c) => `- **${c.label}:** ${c.value}`),
    '',
    '## Description',
    t.description || '_No description given._',
    '',
    '## Steps to reproduce',
    t.stepsToReproduce || '_No steps given._',
    '',
    '## Evidence',
    ...(t.evidence.length ? t.evidence.map((e) => `- [${e.text}](${e.url})`) : ['_None attached._']),
  ];
  return out.join('\n');
}

type AdfNode = Record<string, unknown>;

const text = (s: string, link?: string): AdfNode =>
  link
    ? { type: 'text', text: s, marks: [{ type: 'link', attrs: { href: link } }] }
    : { type: 'text', text: s };
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const heading = (s: string): AdfNode => ({ type: 'heading', attrs: { level: 2 }, content: [text(s)] });
const bullets = (items: AdfNode[][]): AdfNode => ({
  type: 'bulletList',
  content: items.map((content) => ({ type: 'listItem', content: [paragraph(...content)] })),
});
/** Plain text as paragraphs (one per block), never an empty text node (ADF refuses those). */
const paragraphs = (s: string, empty: string): AdfNode[] =>
  (s ? s.split(/\n{2,}/) : [empty]).map((p) => paragraph(text(p)));

/** The ticket as an Atlassian Document Format document, for Jira's `fields.description`. */
export function toAdf(t: Ticket): AdfNode {
  return {
    type: 'doc',
    version: 1,
    content: [
      paragraph(
        text('Handed over from Expedite incident '),
        text(`#${t.incident.number}`, t.incident.url),
        text('.'),
      ),
      heading('Classification'),
      bullets(t.classification.map((c) => [text(`${c.label}: ${c.value}`)])),
      heading('Description'),
      ...paragraphs(t.description, 'No description given.'),
      heading('Steps to reproduce'),
      ...paragraphs(t.stepsToReproduce, 'No steps given.'),
      heading('Evidence'),
      t.evidence.length
        ? bullets(t.evidence.map((e) => [text(e.text || e.url, e.url)]))
        : paragraph(text('None attached.')),
    ],
  };
}
