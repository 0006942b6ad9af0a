/**
 * Paging by hand from an incident: start paging (with a reason), or escalate now or to a level.
 * Both are incident changes, so they land on the incident's timeline in the same transaction.
 */
import type { User } from '../auth/schema.ts';
import { AppError } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { requestPage } from '../incidents/page-request.ts';
import { escalateNow } from './flow.ts';
import { incidentReachNow, nobodyReached } from './reachability.ts';
import type { ContactKind } from './schema.ts';
import { activeEscalations } from './store.ts';

/**
 * Starts escalating incident `ref` by its client's chain and the policies of its service or area
 * (unless it already is). 409 naming who cannot be reached when the page would reach nobody:
 * refused before anything is requested, never "page requested" then "could not page".
 */
export async function pageByHand(
  deps: FlowDeps,
  ref: string,
  actor: User,
  reason: string,
  kinds: readonly ContactKind[],
): Promise<void> {
  await changeIncident(deps, ref, actor, async (c) => {
    if ((await activeEscalations(c.tx, c.row.id)).length === 0) {
      const why = nobodyReached(await incidentReachNow(c.tx, c.row.id, c.now, kinds));
      if (why) throw new AppError('conflict', `A page for #${c.row.number} would reach nobody: ${why}`);
    }
    await requestPage(c.tx, c.row.id, reason, `page:manual:${c.row.id}:${c.now.getTime()}`, c.now);
    await c.record('page-requested', { reason });
  });
}

/**
 * Moves every running escalation of incident `ref` to its next level now, or to `level` (1-based,
 * at most the policy's last); 409 when nothing is paging. Answers how many escalations moved.
 */
export async function escalateByHand(
  deps: FlowDeps,
  ref: string,
  actor: User,
  level: number | undefined,
): Promise<number> {
  return changeIncident(deps, ref, actor, async (c) => {
    const running = await activeEscalations(c.tx, c.row.id);
    if (running.length === 0) throw new AppError('conflict', `Nothing is paging for #${c.row.number}`);
    for (const e of running)
      await escalateNow(c.tx, e.id, c.now, level === undefined ? undefined : Math.min(level, e.levels) - 1);
    await c.record('escalated', { by: 'hand', level: level ?? 'next' });
    return running.length;
  });
}
