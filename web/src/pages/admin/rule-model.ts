// Routing rules as the form edits them, and back: conditions become rows (field, operator, value),
// the numbers may be half typed. The JSON view and the API speak the rule as the server defines it
// (src/signals/rule-schema.ts); these functions carry a list between the two views.
import type { RoutingRule } from '../../api/types.ts';

export const severities = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

/** One condition: a label or the title equals a value or matches a regular expression; or the severity is one of some. */
export interface Condition {
  field: 'label' | 'title' | 'severity';
  /** The label's name (field 'label'). */
  label: string;
  op: 'is' | 'matches';
  value: string;
  /** The accepted severities (field 'severity'). */
  severities: Severity[];
}

/** A rule as the form holds it. */
export interface FormRule {
  /** React's key: stays with the card while rules move. */
  key: number;
  id: string;
  /** The id was typed (or saved): it no longer follows the name. */
  idTouched: boolean;
  name: string;
  conditions: Condition[];
  action: 'open' | 'drop';
  scope: string;
  criticality: string;
  area: string;
  urgency: string;
  count: number | string;
  windowMinutes: number | string;
  groupBy: string[];
  repeatIntervalMinutes: number | string;
  autoResolve: boolean;
}

let nextKey = 1;

export const emptyCondition = (): Condition => ({
  field: 'label',
  label: '',
  op: 'is',
  value: '',
  severities: [],
});

/** A new rule with the server's defaults. */
export function newRule(position: number): FormRule {
  return {
    key: nextKey++,
    id: `rule-${position}`,
    idTouched: false,
    name: '',
    conditions: [emptyCondition()],
    action: 'open',
    scope: '',
    criticality: '',
    area: '',
    urgency: 'from-severity',
    count: 1,
    windowMinutes: 5,
    groupBy: [],
    repeatIntervalMinutes: 240,
    autoResolve: true,
  };
}

/** A rule id from a name: lower-case letters, digits and dashes, at most 40. */
export function idFrom(name: string, fallback: string): string {
  const id = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return id || fallback;
}

const isRegex = (v: string) => v.length > 1 && v.startsWith('/') && v.endsWith('/');

function matcherRow(field: 'label' | 'title', label: string, matcher: string): Condition {
  return isRegex(matcher)
    ? { ...emptyCondition(), field, label, op: 'matches', value: matcher.slice(1, -1) }
    : { ...emptyCondition(), field, label, op: 'is', value: matcher };
}

/** A value of the JSON view as text (what the server would refuse stays visible). */
function text(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return fallback;
  // Numbers, booleans and objects alike: the JSON text of the value.
  return JSON.stringify(v);
}
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : v == null ? fallback : text(v));
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The form's rule for a rule of the API or of the JSON view (missing fields take the defaults). */
export function toForm(raw: unknown, position: number): FormRule {
  const r = obj(raw);
  const match = obj(r.match);
  const conditions: Condition[] = Object.entries(obj(match.labels)).map(([name, m]) =>
    matcherRow('label', name, text(m)),
  );
  if (match.title !== undefined) conditions.push(matcherRow('title', '', text(match.title)));
  if (Array.isArray(match.severity))
    conditions.push({
      ...emptyCondition(),
      field: 'severity',
      severities: match.severity.filter((s): s is Severity => severities.includes(s as Severity)),
    });
  const classification = obj(r.classification);
  const threshold = obj(r.threshold);
  return {
    key: nextKey++,
    id: text(r.id, `rule-${position}`),
    idTouched: true,
    name: text(r.name),
    conditions,
    action: r.action === 'drop' ? 'drop' : 'open',
    scope: text(classification.scope),
    criticality: text(classification.criticality),
    area: text(classification.area),
    urgency: text(r.urgency, 'from-severity'),
    count: num(threshold.count, 1),
    windowMinutes: num(threshold.windowMinutes, 5),
    groupBy: Array.isArray(r.groupBy) ? r.groupBy.map((g) => text(g)) : [],
    repeatIntervalMinutes: num(r.repeatIntervalMinutes, 240),
    autoResolve: r.autoResolve !== false,
  };
}

const whole = (v: number | string, fallback: number) => (typeof v === 'number' ? v : fallback);

/** The rule the API takes for a form rule (empty conditions are left out; the server checks the rest). */
export function toRule(f: FormRule): RoutingRule {
  const labels: Record<string, string> = {};
  let title: string | undefined;
  let severity: Severity[] | undefined;
  for (const c of f.conditions) {
    const matcher = c.op === 'matches' ? `/${c.value}/` : c.value;
    if (c.field === 'label' && c.label.trim()) labels[c.label.trim()] = matcher;
    if (c.field === 'title') title = matcher;
    if (c.field === 'severity' && c.severities.length > 0) severity = c.severities;
  }
  const classification: RoutingRule['classification'] = {};
  if (f.scope) classification.scope = f.scope as never;
  if (f.criticality) classification.criticality = f.criticality as never;
  if (f.area) classification.area = f.area as never;
  return {
    id: f.id,
    name: f.name,
    match: {
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(severity ? { severity } : {}),
      ...(title !== undefined ? { title } : {}),
    },
    action: f.action,
    classification,
    urgency: f.urgency as RoutingRule['urgency'],
    threshold: { count: whole(f.count, 1), windowMinutes: whole(f.windowMinutes, 5) },
    groupBy: f.groupBy.length ? f.groupBy : null,
    repeatIntervalMinutes: whole(f.repeatIntervalMinutes, 240),
    autoResolve: f.autoResolve,
  };
}

/** What the form cannot say in a rule: a second title or severity condition, a label named twice. */
export function conditionProblems(f: FormRule): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of f.conditions) {
    const what = c.field === 'label' ? `label ${c.label.trim()}` : c.field;
    if (c.field === 'label' && !c.label.trim()) problems.push('a label condition needs the label’s name');
    else if (seen.has(what)) problems.push(`${what} is used in two conditions; keep one`);
    seen.add(what);
  }
  return problems;
}

/** The JSON view's text for form rules. */
export function rulesJson(rules: FormRule[]): string {
  return rules.length ? JSON.stringify(rules.map(toRule), null, 2) : '';
}

/** Form rules for the JSON view's text, or the reason it cannot be read. */
export function parseRulesJson(value: string): { rules: FormRule[] } | { error: string } {
  if (!value.trim()) return { rules: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    return { error: `This is not valid JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { error: 'Write a list: [ { …rule… }, … ]' };
  return { rules: parsed.map((r, i) => toForm(r, i + 1)) };
}
