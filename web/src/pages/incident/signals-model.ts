// Whether an incident has signals (alerts) or support reports, and which timeline entry last
// changed them: the room shows the signals panel only when there is something to show, and
// re-reads the alerts or reports exactly when such an entry arrives live.
import type { Incident, TimelineEntry } from '../../api/types.ts';

/** The id of the newest entry about alerts and about reports (0: none). */
export interface SignalVersions {
  alerts: number;
  reports: number;
}

/** Scans the timeline (oldest first) for entries about alerts and reports. */
export function signalVersions(entries: readonly TimelineEntry[] | undefined): SignalVersions {
  let alerts = 0;
  let reports = 0;
  for (const e of entries ?? []) {
    const source = e.kind === 'declared' ? (e.data.source as Record<string, unknown> | undefined) : undefined;
    if (
      e.kind === 'alerts' ||
      (source && 'integration' in source) ||
      (e.kind === 'resolved' && e.data.automatic)
    )
      alerts = e.id;
    else if (e.kind === 'report' || (source && 'report' in source)) reports = e.id;
  }
  return { alerts, reports };
}

/** Whether the incident has alerts and whether it has reports. */
export function hasSignals(incident: Incident, v: SignalVersions): { alerts: boolean; reports: boolean } {
  return {
    alerts: incident.origin?.kind === 'alert' || v.alerts > 0,
    reports: incident.origin?.kind === 'report' || v.reports > 0,
  };
}
