/**
 * The built-in templates per stage and section, and how placeholders are filled from an incident.
 * Technical words are for the team; plain words for stakeholders, clients and the status page
 * ("tell non-technical teams in plain words"). Admins may replace any template (store.ts).
 */
import { codeWords, taglineWords } from '../classification/codes.ts';
import type { Incident } from '../incidents/schema.ts';
import type { TemplateKey } from './schema.ts';

export interface Template {
  technical: string;
  plain: string;
}

export const defaultTemplates: Record<TemplateKey, Template> = {
  investigating: {
    technical:
      '[{{urgency}}] #{{number}} {{tagline}}\nStatus: investigating since {{started}} ({{duration}}). Owner: {{owner}}.\nWhat we know so far: …\n{{link}}',
    plain: 'We are looking into a problem: {{tagline_plain}}. We will send another update soon.',
  },
  identified: {
    technical:
      '[{{urgency}}] #{{number}} {{tagline}}\nCause identified: …\nNext step: …. Owner: {{owner}}.\n{{link}}',
    plain: 'We have found the cause of the problem with {{service}} and are working on a fix.',
  },
  fixing: {
    technical:
      '[{{urgency}}] #{{number}} {{tagline}}\nFix in progress: …\nExpected: …. Owner: {{owner}}.\n{{link}}',
    plain: 'A fix for the problem with {{service}} is under way. We will tell you when it is done.',
  },
  monitoring: {
    technical: '[{{urgency}}] #{{number}} {{tagline}}\nFix deployed; monitoring: …\n{{link}}',
    plain: 'A fix is in place for {{service}} and we are watching to make sure it holds.',
  },
  resolved: {
    technical: '#{{number}} {{tagline}} is resolved after {{duration}}.\nCause: …\nFollow-up: …\n{{link}}',
    plain: 'We are back: {{service}} works normally again. The problem lasted {{duration}}.',
  },
  outstanding: {
    technical: 'Known outstanding issues: …',
    plain: 'Some things are not fully back yet: …',
  },
  'data-loss': {
    technical: 'Data loss: … (what, how much, since when)',
    plain: 'Some data was lost: …. We are sorry; here is what it means for you: …',
  },
};

/** How long from `from` to `to`, in words ("1 h 5 min", "12 min"). */
export function durationWords(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}

/** The values of the placeholders for an incident at `now`. */
export function placeholders(incident: Incident, publicUrl: string, now: Date): Record<string, string> {
  const started = new Date(incident.lifespan.startedAt ?? incident.createdAt);
  const commsLead = incident.roles.find((r) => r.role === 'comms-lead')?.person.name;
  const title = incident.tagline.replace(/^[A-Z-]+: /, '') || incident.title;
  const plainCodes = taglineWords(incident.tagline);
  return {
    number: String(incident.number),
    title: incident.title,
    tagline: incident.tagline,
    tagline_plain: plainCodes ? `${title} (${plainCodes.toLowerCase().replaceAll(' · ', ', ')})` : title,
    service: incident.service?.name ?? 'the service',
    urgency: incident.urgency ?? 'no urgency yet',
    urgency_plain: incident.urgency ? (codeWords(incident.urgency) ?? incident.urgency) : 'not yet known',
    status: incident.status,
    started: `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    duration: durationWords(started, incident.resolvedAt ? new Date(incident.resolvedAt) : now),
    owner: incident.owner?.name ?? 'nobody yet',
    comms_lead: commsLead ?? incident.owner?.name ?? 'nobody yet',
    link: `${publicUrl}/incidents/${incident.number}`,
  };
}

/** The text with each known `{{name}}` replaced; unknown placeholders are left as written. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}
