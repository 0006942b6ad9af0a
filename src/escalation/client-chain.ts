/**
 * A client's chain as a policy of its own: when an incident is linked to a client, our people for
 * that client are paged in the client's order (strategist, PM, lead developer by default), each
 * level through their contact methods and with its timeout. The policy is built from the client at
 * paging time (its id is the client's, not a stored policy's), so editing the client is enough.
 */
import { urgencyEffects } from './urgency.ts';
import type { Queryable } from '../db/pool.ts';
import type { Policy } from './schema.ts';

interface ChainRow {
  id: string;
  name: string;
  chain: Partial<Record<string, string>>;
  chain_levels: { role: 'strategist' | 'pm' | 'lead-developer'; timeoutMinutes: number }[];
  created_at: Date;
}

/** The incident's client chain as a one-element list, or none (no client, or nobody in its roles). */
export async function clientChainPolicies(db: Queryable, incidentId: string): Promise<Policy[]> {
  const { rows } = await db.query<ChainRow>(
    `SELECT c.id, c.name, c.chain, c.chain_levels, c.created_at
       FROM incidents i JOIN clients c ON c.id = i.client_id WHERE i.id = $1`,
    [incidentId],
  );
  const c = rows[0];
  if (!c) return [];
  // A role nobody holds is left out rather than paged as an empty level.
  const levels = c.chain_levels
    .filter((l) => c.chain[l.role])
    .map((l) => ({
      timeoutMinutes: l.timeoutMinutes,
      targets: [{ type: 'client-role' as const, role: l.role }],
    }));
  if (levels.length === 0) return [];
  const at = c.created_at.toISOString();
  // Urgency shapes the chain as it does any policy without rules of its own (the defaults).
  const input = { name: `${c.name} chain`, repeat: 0, levels, lowUrgencyAnytime: false, urgency: {} };
  return [{ id: c.id, ...input, effective: urgencyEffects(input), createdAt: at, updatedAt: at }];
}
