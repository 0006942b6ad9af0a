// Small pure helpers of the incident room: who may work, which status moves are allowed, labels
// for incident roles, field errors from the API, and a clock that ticks for ages.
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
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

/** The API's message for one field (e.g. "body.summary"), if the error names it. */
export function fieldError(err: unknown, field: string): string | undefined {
  return err instanceof ApiError ? err.fields[field] : undefined;
}

/** The error's message unless every detail of it is shown at a field already. */
export function formError(err: unknown, shownFields: string[]): string | undefined {
  if (!err) return undefined;
  if (err instanceof ApiError) {
    const fields = Object.keys(err.fields);
    if (fields.length > 0 && fields.every((f) => shownFields.includes(f))) return undefined;
  }
  return errorMessage(err);
}

/** The current time, refreshed every `ms` so that ages stay true while the page is open. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

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
