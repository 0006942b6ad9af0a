/**
 * What each audience of an update receives: the texts filled from the incident with the extra
 * sections (known outstanding issues, data loss) appended, and per audience where it goes (the
 * preview shown before sending, and what sending follows).
 */
import type { Queryable } from '../db/pool.ts';
import { incidentClient } from '../clients/store.ts';
import { methodsOf } from '../decisions/store.ts';
import type { Incident } from '../incidents/schema.ts';
import { publicStatus, type Audience, type Preview, type Stage, type UpdateBody } from './schema.ts';
import { stakeholderTargets } from './store.ts';
import { fill, placeholders } from './templates.ts';

/** An update's texts after filling, as stored. */
export interface Filled {
  stage: Stage;
  technical: string;
  plain: string;
  outstanding: string | null;
  dataLoss: string | null;
}

/** Fills every placeholder of the body's texts from the incident at `now`. */
export function fillBody(body: UpdateBody, incident: Incident, publicUrl: string, now: Date): Filled {
  const values = placeholders(incident, publicUrl, now);
  const f = (t: string | null | undefined) => (t ? fill(t, values) : null);
  return {
    stage: body.stage,
    technical: f(body.technical) ?? '',
    plain: f(body.plain) ?? '',
    outstanding: f(body.outstanding),
    dataLoss: f(body.dataLoss),
  };
}

/** One version of an update with its sections, as a message says it. */
export function fullText(u: Filled, version: 'technical' | 'plain'): string {
  return [
    u[version],
    u.outstanding ? `Known outstanding issues:\n${u.outstanding}` : '',
    u.dataLoss ? `Data loss:\n${u.dataLoss}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

const stageWords: Record<Stage, string> = {
  investigating: 'investigating',
  identified: 'cause identified',
  fixing: 'fixing',
  monitoring: 'monitoring a fix',
  resolved: 'we are back',
};

/** The subject of an update's email for the team (technical) or stakeholders (plain). */
export function subjectOf(incident: Incident, stage: Stage, version: 'technical' | 'plain'): string {
  return version === 'technical'
    ? `#${incident.number} update (${stageWords[stage]}): ${incident.tagline}`
    : `Update (${stageWords[stage]}): ${incident.title}`;
}

/** The team of an incident: its owner and the people in its roles, with their verified email. */
export async function teamEmails(
  db: Queryable,
  incident: Incident,
): Promise<{ userId: string; methodId: string; name: string; address: string }[]> {
  const ids = [...new Set([incident.owner?.id, ...incident.roles.map((r) => r.person.id)].filter(Boolean))];
  const methods = (await methodsOf(db, ids as string[])).filter((m) => m.kind === 'email');
  // One email per person: their first verified address.
  const seen = new Set<string>();
  return methods
    .filter((m) => !seen.has(m.userId) && seen.add(m.userId))
    .map((m) => ({ userId: m.userId, methodId: m.id, name: m.name, address: m.address }));
}

/** Each chosen audience: who or where it goes, what it says, and why it cannot go, if so. */
export async function previewOf(
  db: Queryable,
  incident: Incident,
  u: Filled,
  chosen: readonly Audience[],
): Promise<Preview['audiences']> {
  const out: Preview['audiences'] = [];
  for (const audience of chosen) {
    if (audience === 'internal') {
      const team = await teamEmails(db, incident);
      out.push({
        audience,
        recipients: [
          'The incident channel and the broadcast channel',
          ...team.map((p) => `${p.name} <${p.address}>`),
        ],
        subject: subjectOf(incident, u.stage, 'technical'),
        text: fullText(u, 'technical'),
        problem: null,
      });
    } else if (audience === 'stakeholders') {
      const { emails, channels } = await stakeholderTargets(db, incident.id);
      const recipients = [...emails, ...channels.map((c) => `Chat channel ${c}`)];
      out.push({
        audience,
        recipients,
        subject: subjectOf(incident, u.stage, 'plain'),
        text: fullText(u, 'plain'),
        problem: recipients.length ? null : 'No stakeholder list applies: an admin sets them under Updates.',
      });
    } else if (audience === 'clients') {
      const found = await incidentClient(db, incident.id);
      const contacts = found?.client.emergencyContacts ?? [];
      out.push({
        audience,
        recipients: contacts.map((c) => `${c.name} (${c.order.join(', ')})`),
        subject: found ? `${found.client.name}: update on incident #${incident.number}` : null,
        text: fullText(u, 'plain'),
        problem: !found
          ? 'This incident has no client: set its client first.'
          : contacts.length
            ? null
            : `${found.client.name} has no emergency contacts.`,
      });
    } else {
      out.push({
        audience,
        recipients: [
          incident.service
            ? `Public status pages showing ${incident.service.name}`
            : 'Every public status page',
        ],
        subject: `Status: ${publicStatus[u.stage]}`,
        text: fullText(u, 'plain'),
        problem: null,
      });
    }
  }
  return out;
}
