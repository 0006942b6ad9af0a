// Timeline entries in words: what happened ("changed the status: Triage → Investigating"), the
// details as short lines ("scope: — → ADMINS"), and any text written by a person (note, summary).
// Entries written by Expedite itself (alerts arriving, automatic resolution) have no actor; the
// timeline shows them as "Expedite".
import { decisionNews } from './decision-text.ts';
import type { TimelineEntry } from '../../api/types.ts';
import { codeWords, labels, statusLabel, taglineWords } from '../../lib/labels.ts';
import { entryTime, incidentRoleLabel } from './incident-model.ts';
import { updateNews } from './update-text.ts';
import { chatNews } from './chat-text.ts';
import { pagingNews } from './paging-text.ts';
import { debtNews, deploymentNews, handoffNews, hotfixNews, verificationNews } from './fix-text.ts';
import { postmortemNews } from './learn-text.ts';
import { num, reasonLine, str, text, type Data, type EntryText } from './timeline-words.ts';

export type { EntryText };

function name(v: unknown): string {
  return typeof v === 'object' && v !== null && 'name' in v ? str(v.name) : str(v);
}

function status(v: unknown): string {
  return typeof v === 'string' && v in statusLabel ? statusLabel[v as keyof typeof statusLabel] : str(v);
}

/** The holds a status change passed, in their own words. */
function overridden(v: unknown): string {
  return Array.isArray(v) ? v.map((h: { message?: unknown }) => str(h?.message)).join('; ') : str(v);
}

function role(v: unknown): string {
  return typeof v === 'string' && v in incidentRoleLabel
    ? incidentRoleLabel[v as keyof typeof incidentRoleLabel]
    : str(v);
}

// What a person changed comes first; what the policy derived from it (urgency, decision, tagline) after.
const derived = ['urgency', 'decision', 'tagline'];

function value(field: string, v: unknown): string {
  if (field === 'lifespan.startedAt' && typeof v === 'string') return entryTime(v);
  if (field === 'decision' && typeof v === 'string' && v in labels.decision)
    return labels.decision[v as keyof typeof labels.decision];
  // A classification or urgency code carries its words: "ADMINS (some admins)".
  if (codeFields.has(field) && typeof v === 'string' && codeWords(v)) return `${v} (${codeWords(v)})`;
  const s = str(v);
  return s.length > 160 ? `${s.slice(0, 159)}…` : s;
}

const codeFields = new Set(['scope', 'criticality', 'area', 'urgency']);

/** How the declared urgency was set: by hand (with the reason) or by the alert's severity. */
function declaredUrgencyLine(reason: string): string {
  return /^From (alert severity|routing rule)/.test(reason)
    ? `Urgency ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`
    : `Urgency set by hand because: ${reason}`;
}

/** "scope: — → ADMINS" for each change recorded by a reclassification or an edit. */
function changeLines(d: Data): string[] {
  const changes = (d.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
  // The reason of a manual urgency is shown as the entry's reason, not as a change.
  const fields = Object.keys(changes).filter((f) => f !== 'urgencyOverride');
  fields.sort((a, b) => derived.indexOf(a) - derived.indexOf(b));
  return fields.map((f) => `${f}: ${value(f, changes[f]?.from)} → ${value(f, changes[f]?.to)}`);
}

/** "1 alert", "3 alerts". */
function alerts(n: number): string {
  return `${n} alert${n === 1 ? '' : 's'}`;
}

/** A change (deploy, configuration) on the incident's service, from a PagerDuty change event. */
function changeNews(d: Data): EntryText {
  const lines: string[] = [];
  if (text(d.source)) lines.push(`Source: ${str(d.source)}`);
  if (typeof d.occurredAt === 'string') lines.push(`Changed at ${entryTime(d.occurredAt)}`);
  for (const l of Array.isArray(d.links) ? (d.links as Data[]) : [])
    if (typeof l.href === 'string') lines.push(text(l.text) ? `${str(l.text)}: ${l.href}` : l.href);
  const where = text(d.service) ? str(d.service) : str(d.integration);
  return { what: `Change on ${where}: ${str(d.summary)}`, lines, sentence: true };
}

/** What one `alerts` entry says: new alerts, and those acknowledged or resolved at the source. */
function alertNews(d: Data): EntryText {
  const added = num(d.added);
  const acknowledged = num(d.acknowledged);
  const resolved = num(d.resolved);
  const open = num(d.open);
  const titles = Array.isArray(d.titles) ? d.titles.filter((t): t is string => typeof t === 'string') : [];
  const parts: string[] = [];
  if (added > 0) {
    const more = added > titles.length ? ', …' : '';
    parts.push(
      `received ${added} new ${added === 1 ? 'alert' : 'alerts'}${titles.length ? `: ${titles.join(', ')}${more}` : ''}`,
    );
  }
  if (acknowledged > 0) parts.push(`${alerts(acknowledged)} acknowledged at the source`);
  if (resolved > 0)
    parts.push(
      open === 0 ? 'All alerts resolved at the source' : `${alerts(resolved)} resolved at the source`,
    );
  const [first = 'updated the alerts', ...rest] = parts;
  const what = added > 0 ? first : `noted: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
  const lines = rest.map((p) => `${p.charAt(0).toUpperCase()}${p.slice(1)}`);
  if (open > 0) lines.push(`${alerts(open)} still open`);
  return { what, lines };
}

/** Any other entry: its kind in words and its data as "key: value" lines. */
function generic(kind: string, d: Data): EntryText {
  return {
    what: kind.replaceAll('-', ' '),
    lines: Object.entries(d).map(([k, v]) => `${k}: ${value(k, v)}`),
  };
}

/** Describes one timeline entry in plain words. */
export function describeEntry(e: TimelineEntry): EntryText {
  const d = e.data;
  switch (e.kind) {
    case 'declared': {
      const decision = labels.decision[d.decision as keyof typeof labels.decision] ?? str(d.decision);
      const words = taglineWords(str(d.tagline));
      const lines = [str(d.tagline), ...(words ? [words] : [])];
      lines.push(`Urgency ${value('urgency', d.urgency ?? 'none')} · ${decision}`);
      if (text(d.urgencyOverride)) lines.push(declaredUrgencyLine(str(d.urgencyOverride)));
      const source = typeof d.source === 'object' && d.source !== null ? (d.source as Data) : undefined;
      if (source && 'report' in source) return { what: 'declared the incident from a support report', lines };
      if (source && 'integration' in source) {
        lines.push(`Routing rule: ${str(source.rule)}`);
        return {
          what: `declared the incident from ${alerts(num(source.alerts))} of ${str(source.integration)}`,
          lines,
        };
      }
      return { what: 'declared the incident', lines };
    }
    case 'alerts':
      return alertNews(d);
    case 'change':
      return changeNews(d);
    case 'report': {
      const reporter = name(d.reporter);
      const own = e.actor !== null && e.actor.name === reporter;
      const details: string[] = [];
      const users = num(d.affectedUsers);
      const files = num(d.attachments);
      if (users > 0) details.push(`${users} affected ${users === 1 ? 'user' : 'users'}`);
      if (files > 0) details.push(`${files} ${files === 1 ? 'file' : 'files'} attached`);
      return {
        what: own ? 'filed a support report' : `added a support report from ${reporter}`,
        lines: details.length ? [details.join(' · ')] : [],
        text: text(d.whatHappens),
      };
    }
    case 'classified':
      return { what: 'reclassified', lines: [...changeLines(d), ...reasonLine(d)] };
    case 'urgency-overridden':
      return { what: 'set the urgency by hand', lines: [...changeLines(d), ...reasonLine(d)] };
    case 'urgency-override-cleared':
      return { what: 'returned the urgency to the policy', lines: [...changeLines(d), ...reasonLine(d)] };
    case 'edited':
      return { what: 'edited the incident', lines: changeLines(d) };
    case 'status-changed':
      return {
        what: `changed the status: ${status(d.from)} → ${status(d.to)}`,
        lines: text(d.overrideReason)
          ? [`Despite: ${overridden(d.overridden)}`, `Reason: ${str(d.overrideReason)}`]
          : [],
        text: text(d.note),
      };
    case 'resolved':
      if (d.automatic === true)
        return {
          what: `resolved the incident: all alerts resolved at the source (was ${status(d.from)})`,
          lines: [],
          text: text(d.summary),
        };
      return {
        what: `resolved the incident (was ${status(d.from)})`,
        lines: text(d.overrideReason)
          ? [`Despite: ${overridden(d.overridden)}`, `Reason: ${str(d.overrideReason)}`]
          : [],
        text: text(d.summary),
      };
    case 'note':
      return { what: 'added a note', lines: [], text: text(d.text) };
    case 'ownership-taken':
      return { what: 'took ownership', lines: [] };
    case 'handed-over':
      return { what: `handed over to ${name(d.to)}`, lines: [], text: text(d.note) };
    case 'role-assigned':
      return { what: `added ${name(d.person)} as ${role(d.role)}`, lines: [] };
    case 'role-removed':
      return { what: `removed ${name(d.person)} as ${role(d.role)}`, lines: [] };
    case 'task-added':
      return {
        what: `added a task: ${str(d.text)}`,
        lines: d.assignee ? [`Assigned to ${name(d.assignee)}`] : [],
      };
    case 'task-done':
      return { what: `completed a task: ${str(d.text)}`, lines: [] };
    case 'task-updated':
      return {
        what: `changed a task: ${str(d.text)}`,
        lines: [
          d.done ? 'Done' : 'Not done',
          d.assignee ? `Assigned to ${name(d.assignee)}` : 'Not assigned',
        ],
      };
    case 'time-logged':
      return {
        what: `logged ${str(d.hours)} h${e.actor && name(d.person) !== e.actor.name ? ` for ${name(d.person)}` : ''}`,
        lines: [],
        text: text(d.description),
      };
    default:
      return (
        pagingNews(e.kind, d) ??
        verificationNews(e.kind, d) ??
        decisionNews(e.kind, d) ??
        updateNews(e.kind, d) ??
        chatNews(e.kind, d) ??
        debtNews(e.kind, d) ??
        hotfixNews(e.kind, d) ??
        deploymentNews(e.kind, d) ??
        postmortemNews(e.kind, d) ??
        handoffNews(e.kind, d) ??
        generic(e.kind, d)
      );
  }
}
