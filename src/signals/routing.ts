/**
 * Routing, pure: which rule takes a signal, which group it joins, and whether a silence or a
 * maintenance window holds it back. Rules are tried in order (the integration's, then its
 * service's); the first whose matchers all hold wins, else the default rule.
 */
import type { Urgency } from '../classification/codes.ts';
import type { NormalizedSignal, Severity } from './integrations/types.ts';
import type { Rule } from './rule-schema.ts';

/** The rule used when no rule matches: open at once, group by the source's group key. */
export const defaultRule: Rule = {
  id: 'default',
  name: 'Default',
  match: {},
  action: 'open',
  classification: {},
  urgency: 'from-severity',
  threshold: { count: 1, windowMinutes: 5 },
  groupBy: null,
  repeatIntervalMinutes: 240,
  autoResolve: true,
};

/** A silence or maintenance window as routing needs it. */
export interface ActiveSilence {
  id: string;
  kind: 'silence' | 'maintenance';
  integrationId: string | null;
  serviceId: string | null;
  matchers: Record<string, string>;
  startsAt: number;
  endsAt: number;
}

/** Where a signal goes. */
export interface Routed {
  rule: Rule;
  groupKey: string;
  /** `silence:<id>`, `maintenance:<id>` or `rule:<id>` (a drop rule) when it must open nothing. */
  suppressedBy: string | null;
}

const regexCache = new Map<string, RegExp>();

/** True when `value` satisfies `matcher`: equal, or matching `/regex/` in full. */
export function matches(matcher: string, value: string | undefined): boolean {
  if (matcher.length > 1 && matcher.startsWith('/') && matcher.endsWith('/')) {
    let re = regexCache.get(matcher);
    // Stryker disable ConditionalExpression,EqualityOperator,CallExpression: the cache only saves compiling a regex again; mutants there give the same answers
    if (!re) {
      re = new RegExp(`^(?:${matcher.slice(1, -1)})$`);
      if (regexCache.size > 1000) regexCache.clear();
      regexCache.set(matcher, re);
    }
    // Stryker restore all
    return re.test(value ?? '');
  }
  return value === matcher;
}

function labelsMatch(matchers: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!matchers) return true;
  for (const [name, m] of Object.entries(matchers)) if (!matches(m, labels[name])) return false;
  return true;
}

function ruleMatches(rule: Rule, s: NormalizedSignal): boolean {
  const m = rule.match;
  if (m.severity && (s.severity === null || !m.severity.includes(s.severity))) return false;
  if (m.title !== undefined && !matches(m.title, s.title)) return false;
  return labelsMatch(m.labels, s.labels);
}

/** The silence holding `s` back at `nowMs`, if any. */
export function silenceFor(
  silences: readonly ActiveSilence[],
  s: NormalizedSignal,
  at: { integrationId: string; serviceId: string | null; nowMs: number },
): ActiveSilence | undefined {
  return silences.find(
    (x) =>
      x.startsAt <= at.nowMs &&
      at.nowMs < x.endsAt &&
      (x.integrationId === null || x.integrationId === at.integrationId) &&
      (x.serviceId === null || x.serviceId === at.serviceId) &&
      labelsMatch(x.matchers, s.labels),
  );
}

/** Routes one signal. */
export function route(
  s: NormalizedSignal,
  rules: readonly Rule[],
  silences: readonly ActiveSilence[],
  at: { integrationId: string; serviceId: string | null; nowMs: number },
): Routed {
  const rule = rules.find((r) => ruleMatches(r, s)) ?? defaultRule;
  const groupKey = rule.groupBy
    ? rule.groupBy.map((name) => `${name}=${s.labels[name] ?? ''}`).join(',')
    : (s.groupKey ?? '');
  const silence = silenceFor(silences, s, at);
  const suppressedBy = silence
    ? `${silence.kind}:${silence.id}`
    : rule.action === 'drop'
      ? `rule:${rule.id}`
      : null;
  return { rule, groupKey, suppressedBy };
}

const bySeverity: Record<Severity, Urgency> = { critical: 'P1', error: 'P2', warning: 'P3', info: 'P4' };

/** The urgency a rule gives for a severity; null: let the urgency policy decide. */
export function ruleUrgency(rule: Rule, severity: Severity | null): Urgency | null {
  if (rule.urgency === 'from-policy') return null;
  if (rule.urgency === 'from-severity') return severity ? bySeverity[severity] : null;
  return rule.urgency;
}

/** A signal with its routing decided. */
export type RoutedSignal = NormalizedSignal & Routed;
