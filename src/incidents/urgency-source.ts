/** Where an incident's urgency came from, told apart the same way by the web app and the CLI. */
import type { Incident } from './schema.ts';

/** The urgency policy, a person (with the reason they gave), or the severity of the alert. */
export type UrgencySource =
  | { kind: 'policy' }
  | { kind: 'hand'; reason: string }
  | { kind: 'alert'; severity: string }
  | { kind: 'rule'; rule: string };

/**
 * An alert's routing rule records its urgency as an override whose reason reads "From alert
 * severity (critical), rule …" or, when the rule names the urgency itself, "From routing rule …";
 * that is the alert or its rule speaking, not a person.
 */
export function urgencySource(incident: Pick<Incident, 'urgencyOverride' | 'origin'>): UrgencySource {
  const reason = incident.urgencyOverride?.reason;
  if (reason === undefined) return { kind: 'policy' };
  const alert = /^From alert severity \(([^)]*)\)/.exec(reason);
  if (alert && incident.origin?.kind === 'alert') return { kind: 'alert', severity: alert[1]! };
  const rule = /^From routing rule (.+)$/.exec(reason);
  if (rule && incident.origin?.kind === 'alert') return { kind: 'rule', rule: rule[1]! };
  return { kind: 'hand', reason };
}
