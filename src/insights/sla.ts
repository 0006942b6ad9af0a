/**
 * SLA compliance per client and per tier: each clock of each incident of a client stands as the
 * clients domain decides (`clockState`, the same rule as its `slaClocks`); compliance is the share
 * of the clocks that ended in time among those that ended (met or breached).
 */
import { clocks, clockState, target } from '../clients/sla.ts';
import type { Insights } from './schema.ts';
import type { ClientWithTier } from './store.ts';

/** When an incident of a client started and met each clock (epoch milliseconds, null: not yet). */
export interface ClientMoments {
  clientId: string;
  start: number;
  acknowledge: number | null;
  respond: number | null;
  resolve: number | null;
}

type Counts = { met: number; breached: number; running: number };

const share = (c: Counts) => (c.met + c.breached ? c.met / (c.met + c.breached) : null);
const byText = (a: string, b: string) => a.localeCompare(b);

/** Compliance of the incidents `moments` of the clients `clients` (those unknown are left out) at `now`. */
export function slaCompliance(
  moments: ClientMoments[],
  clients: Map<string, ClientWithTier>,
  now: Date,
): Insights['sla'] {
  const at = now.getTime();
  const lines = new Map<string, Insights['sla']['clients'][number]>();
  const tiers = new Map<string, Counts & { tier: string; incidents: number }>();
  for (const m of moments) {
    const c = clients.get(m.clientId);
    if (!c) continue;
    let line = lines.get(m.clientId);
    if (!line)
      lines.set(
        m.clientId,
        (line = { client: c.client, tier: c.tier.name, incidents: 0, clocks: {}, compliance: null }),
      );
    let tier = tiers.get(c.tier.name);
    if (!tier)
      tiers.set(c.tier.name, (tier = { tier: c.tier.name, incidents: 0, met: 0, breached: 0, running: 0 }));
    line.incidents++;
    tier.incidents++;
    for (const clock of clocks) {
      const state = clockState(target(c.tier, clock), m.start, m[clock], at);
      (line.clocks[clock] ??= { met: 0, breached: 0, running: 0 })[state]++;
      tier[state]++;
    }
  }
  return {
    clients: [...lines.values()]
      .map((l) => {
        const all = { met: 0, breached: 0, running: 0 };
        for (const c of Object.values(l.clocks)) {
          all.met += c.met;
          all.breached += c.breached;
        }
        return { ...l, compliance: share(all) };
      })
      .sort((a, b) => byText(a.client, b.client)),
    tiers: [...tiers.values()]
      .map((t) => ({ ...t, compliance: share(t) }))
      .sort((a, b) => byText(a.tier, b.tier)),
  };
}
