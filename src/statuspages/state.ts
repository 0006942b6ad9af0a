/**
 * How a status page reads incidents: a component's state (by hand, else from its service's open
 * incidents, else under maintenance), an incident's impact, the page's overall status, and the
 * 90-day history of a component (worst state per day and the share of time it was up).
 */
import type { ComponentState } from './schema.ts';
import type { Outage } from './view-store.ts';

/** The state an open incident of this urgency puts its service's components in. */
export function stateOfUrgency(urgency: string | null): ComponentState {
  if (urgency === 'P1') return 'major_outage';
  if (urgency === 'P2') return 'partial_outage';
  return 'degraded_performance';
}

/** Statuspage's incident impact for an urgency. */
export function impactOfUrgency(urgency: string | null): 'critical' | 'major' | 'minor' {
  if (urgency === 'P1') return 'critical';
  if (urgency === 'P2') return 'major';
  return 'minor';
}

const rank: Record<ComponentState, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The worse of two states. */
export function worse(a: ComponentState, b: ComponentState): ComponentState {
  return rank[b] > rank[a] ? b : a;
}

/** A component's state: set by hand wins; else its worst open incident; else maintenance; else up. */
export function componentState(
  manual: ComponentState | null,
  openUrgency: string | undefined,
  inMaintenance: boolean,
): ComponentState {
  if (manual) return manual;
  if (openUrgency !== undefined) return stateOfUrgency(openUrgency === 'P9' ? null : openUrgency);
  return inMaintenance ? 'under_maintenance' : 'operational';
}

/** The page's overall status from its components' states, in Statuspage's indicator words. */
export function overallStatus(states: ComponentState[]): {
  indicator: 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
  description: string;
} {
  const worst = states.reduce<ComponentState>(worse, 'operational');
  switch (worst) {
    case 'major_outage':
      return { indicator: 'critical', description: 'Major System Outage' };
    case 'partial_outage':
      return { indicator: 'major', description: 'Partial System Outage' };
    case 'degraded_performance':
      return { indicator: 'minor', description: 'Minor Service Outage' };
    case 'under_maintenance':
      return { indicator: 'maintenance', description: 'Service Under Maintenance' };
    default:
      return { indicator: 'none', description: 'All Systems Operational' };
  }
}

/** One day of a component's history. */
export interface HistoryDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  state: ComponentState;
}

const DAY = 86_400_000;

/**
 * The last `days` days (UTC, today last) of a service's outages: each day's worst state, and the
 * share of the period it was up, counting a major outage fully and a partial outage at 30%.
 */
export function history(
  outages: Pick<Outage, 'urgency' | 'from' | 'to'>[],
  now: Date,
  days = 90,
): { days: HistoryDay[]; uptime: number } {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const start = today - (days - 1) * DAY;
  const out: HistoryDay[] = [];
  for (let d = start; d <= today; d += DAY)
    out.push({ date: new Date(d).toISOString().slice(0, 10), state: 'operational' });
  let down = 0;
  for (const o of outages) {
    const state = stateOfUrgency(o.urgency);
    const from = Math.max(o.from.getTime(), start);
    const to = Math.min(o.to.getTime(), now.getTime());
    if (to <= from) continue;
    down += (to - from) * (state === 'major_outage' ? 1 : state === 'partial_outage' ? 0.3 : 0);
    for (let i = Math.floor((from - start) / DAY); i <= Math.floor((to - 1 - start) / DAY); i++)
      if (out[i]) out[i]!.state = worse(out[i]!.state, state);
  }
  const total = now.getTime() - start;
  return { days: out, uptime: total > 0 ? Math.max(0, 1 - down / total) : 1 };
}
