/**
 * Incidents in words: the headline (#12 plus tagline), urgency and decision, and one line per
 * timeline entry. Shared by every command that prints an incident, so they all read the same.
 */
import { labels } from '../classification/codes.ts';
import type { Incident, TimelineEntry } from '../incidents/schema.ts';
import { urgencySource } from '../incidents/urgency-source.ts';
import type { Context } from './context.ts';
import { statusStyle, urgencyStyle, type Styler } from './format.ts';

/** "#12 ADMINS-FBLOCK-FE: Clicking on user details gives an error". */
export function headline(i: Incident, style: Styler): string {
  return `${style('bold', `#${i.number}`)} ${i.tagline}`;
}

/** How a reference typed by a person is echoed back: 12 → #12; #12 and ids unchanged. */
export function refLabel(ref: string): string {
  return /^\d+$/.test(ref.trim()) ? `#${ref.trim()}` : ref.trim();
}

/** Where the urgency came from, in the words of the incident room. */
export function urgencyHow(i: Pick<Incident, 'urgencyOverride' | 'origin'>): string {
  const source = urgencySource(i);
  if (source.kind === 'alert') return `from alert severity (${source.severity})`;
  if (source.kind === 'rule') return `from routing rule ${source.rule}`;
  return source.kind === 'hand' ? `set by hand: ${source.reason}` : 'policy';
}

/** "Urgency P3 (policy) · Decision: Ask the product owner (product-owner) · Status triage". */
export function verdict(i: Incident, style: Styler): string {
  const urgency = i.urgency ? style(urgencyStyle(i.urgency), i.urgency) : 'unknown';
  const how = urgencyHow(i);
  const decision = `${labels.decision[i.decision]} (${i.decision})`;
  return `Urgency ${urgency} (${how}) · Decision: ${decision} · Status ${style(statusStyle(i.status), i.status)}`;
}

/** Prints an incident the API returned: its JSON with --json, else `prefix` + headline, and verdict. */
export function printIncident(ctx: Context, i: Incident, prefix?: string): void {
  if (ctx.json) return ctx.printJson(i);
  ctx.out(`${prefix ? `${prefix} ` : ''}${headline(i, ctx.style)}`, verdict(i, ctx.style));
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function unset(v: unknown): string {
  return v === null || v === undefined ? 'unset' : show(v);
}

function name(v: unknown): string {
  return typeof v === 'object' && v && 'name' in v ? show(v.name) : show(v);
}

function changes(v: unknown): string {
  if (!v || typeof v !== 'object') return '';
  // The override reason is shown as the entry's reason.
  return Object.entries(v as Record<string, { from?: unknown; to?: unknown }>)
    .filter(([field]) => field !== 'urgencyOverride')
    .map(([field, c]) => `${field} ${unset(c.from)} → ${unset(c.to)}`)
    .join(', ');
}

function join(...parts: (string | false | undefined)[]): string {
  return parts.filter(Boolean).join(' — ');
}

/** What a timeline entry says, in one line (without time, actor and kind). */
export function describeEntry(e: TimelineEntry): string {
  const d = e.data;
  switch (e.kind) {
    case 'declared':
      return `${show(d.tagline)} (urgency ${show(d.urgency)}, ${show(d.decision)})`;
    case 'classified':
    case 'edited':
    case 'urgency-overridden':
    case 'urgency-override-cleared':
      return join(changes(d.changes) || 'no change', typeof d.reason === 'string' && `reason: ${d.reason}`);
    case 'status-changed':
      return join(`${show(d.from)} → ${show(d.to)}`, typeof d.note === 'string' && d.note);
    case 'resolved':
      return join(
        `${show(d.from)} → resolved`,
        typeof d.note === 'string' && d.note,
        `summary: ${show(d.summary)}`,
      );
    case 'note':
      return show(d.text);
    case 'ownership-taken':
      return `${name(d.owner)} took ownership`;
    case 'handed-over':
      return join(`to ${name(d.to)}`, show(d.note));
    case 'role-assigned':
    case 'role-removed':
      return `${name(d.person)} as ${show(d.role)}`;
    case 'task-added':
    case 'task-done':
    case 'task-updated':
      return join(show(d.text), d.assignee ? `for ${name(d.assignee)}` : undefined);
    case 'time-logged':
      return `${show(d.hours)} h by ${name(d.person)}: ${show(d.description)}`;
    default:
      return Object.keys(d).length ? JSON.stringify(d) : '';
  }
}
