// Small pure helpers of the incident room: which status moves are allowed, labels for incident
// roles, where the urgency came from, and timeline times.
import type { Incident, IncidentRole } from '../../api/types.ts';

export { transitions } from '../../../../src/incidents/transitions.ts';

/** Incident roles in words. */
export const incidentRoleLabel: Record<IncidentRole, string> = {
  'comms-lead': 'Comms lead',
  developer: 'Developer',
  reviewer: 'Reviewer',
  tester: 'Tester',
  designer: 'Designer',
  'product-owner': 'Product owner',
  observer: 'Observer',
};

const timeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A timeline time, e.g. "22 Nov, 14:05:32" (one shared formatter: thousands of rows stay cheap). */
export function entryTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** Where an incident's urgency came from: the urgency policy, a person, or the alert's severity. */
export type UrgencySource =
  { kind: 'policy' } | { kind: 'hand'; reason: string } | { kind: 'alert'; severity: string };

/**
 * An alert's routing rule records its urgency as an override whose reason reads "From alert
 * severity (critical), rule …"; that is the alert speaking, not a person.
 */
export function urgencySource(incident: Pick<Incident, 'urgencyOverride' | 'origin'>): UrgencySource {
  const reason = incident.urgencyOverride?.reason;
  if (reason === undefined) return { kind: 'policy' };
  const alert = /^From alert severity \(([^)]*)\)/.exec(reason);
  if (alert && incident.origin?.kind === 'alert') return { kind: 'alert', severity: alert[1]! };
  return { kind: 'hand', reason };
}
