/** SLA compliance per client: how each clock of the incidents of a period went (met, breached, running). */
import type { FlowDeps } from '../incidents/change.ts';
import { slaClocks } from './sla.ts';
import { clientIncidentsBetween, incidentClient, milestones } from './store.ts';

/** One client's line of the report. */
export interface SlaReportItem {
  client: string;
  tier: string;
  incidents: number;
  clocks: Record<string, { met: number; breached: number; running: number }>;
  /** Met ÷ (met + breached) over every clock; null when none has ended. */
  compliance: number | null;
}

/** The report for incidents with a client that began in [from, to), one line per client. */
export async function slaReport(deps: FlowDeps, from: Date, to: Date): Promise<SlaReportItem[]> {
  const { pool, clock } = deps;
  const byClient = new Map<string, Omit<SlaReportItem, 'compliance'>>();
  for (const id of await clientIncidentsBetween(pool, from, to)) {
    const found = (await incidentClient(pool, id))!;
    const entry = byClient.get(found.client.id) ?? {
      client: found.client.name,
      tier: found.tier.name,
      incidents: 0,
      clocks: {},
    };
    entry.incidents++;
    for (const c of slaClocks(found.tier, found.start, await milestones(pool, id), clock.now())) {
      const n = (entry.clocks[c.clock] ??= { met: 0, breached: 0, running: 0 });
      n[c.state]++;
    }
    byClient.set(found.client.id, entry);
  }
  return [...byClient.values()].map((e) => {
    const counts = Object.values(e.clocks);
    const met = counts.reduce((s, c) => s + c.met, 0);
    const done = met + counts.reduce((s, c) => s + c.breached, 0);
    return { ...e, compliance: done ? met / done : null };
  });
}
