/** Acknowledging a page, from wherever it comes (web, CLI, link, phone, SMS). */
import type { User } from '../auth/schema.ts';
import { AppError } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { updateIncident } from '../incidents/store.ts';
import { acknowledgeEscalations } from './flow.ts';

/** Acknowledges the incident's running escalations as `actor`; takes ownership if nobody has it. */
export async function acknowledgeIncident(
  deps: FlowDeps,
  ref: string,
  actor: User,
  via: string,
): Promise<number> {
  return changeIncident(deps, ref, actor, async (c) => {
    const n = await acknowledgeEscalations(c.tx, c.row.id, actor.id, c.now);
    if (n === 0) throw new AppError('conflict', `Nothing is paging for #${c.row.number}`);
    await c.record('acknowledged', { via, escalations: n });
    if (!c.row.owner_id) {
      await updateIncident(c.tx, c.row.id, { owner_id: actor.id });
      await c.record('ownership-taken', {
        owner: { id: actor.id, name: actor.name },
        via: 'acknowledgement',
      });
    }
    return n;
  });
}
