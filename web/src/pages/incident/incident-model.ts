// Small pure helpers of the incident room: who may work, which status moves are allowed, labels
// for incident roles and impact, and timeline times.
import type { IncidentRole, Role } from '../../api/types.ts';

export { transitions } from '../../../../src/incidents/transitions.ts';

/** Admins and responders work incidents; support and stakeholders read them. */
export function canWork(role: Role): boolean {
  return role === 'admin' || role === 'responder';
}

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

/** Impact levels and expected lifespans in words. */
export const levelLabel: Record<string, string> = {
  none: 'None',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};
export const lifespanLabel: Record<string, string> = {
  minutes: 'Minutes',
  hours: 'Hours',
  days: 'Days',
  weeks: 'Weeks',
  'until-fixed': 'Until fixed',
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
