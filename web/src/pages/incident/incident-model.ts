// Small pure helpers of the incident room: which status moves are allowed, labels for incident
// roles, where the urgency came from, and timeline times.
import type { IncidentRole } from '../../api/types.ts';

export { transitions } from '../../../../src/incidents/transitions.ts';
export { urgencySource, type UrgencySource } from '../../../../src/incidents/urgency-source.ts';

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
