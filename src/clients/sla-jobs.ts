/**
 * SLA clocks as jobs: when an incident gets a client, each clock gets a warning job at 75% of its
 * target and a breach job at 100%. A job finds its clock met and does nothing, or writes the
 * warning on the timeline, or the breach — and a breach escalates: the running escalation goes to
 * its next level now, or, with none running, paging starts.
 */
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { hurryForSla } from '../escalation/running.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { requestPage } from '../incidents/page-request.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { clocks, slaClocks, type ClockName, type Tier } from './sla.ts';
import { incidentClient, milestones } from './store.ts';

export const SLA_JOB = 'sla-check';

/** Schedules the warning and breach jobs of every clock (in the caller's transaction). */
export async function scheduleSla(
  db: Queryable,
  incidentId: string,
  tier: Tier,
  start: Date,
  clientId: string,
) {
  const none = { acknowledge: null, respond: null, resolve: null };
  const jobs = slaClocks(tier, start, none, start).flatMap((c) =>
    (['warn', 'breach'] as const).map((kind) => ({
      kind: SLA_JOB,
      key: `sla:${incidentId}:${clientId}:${c.clock}:${kind}`,
      runAt: kind === 'warn' ? c.warnAt : c.dueAt,
      payload: { incidentId, clock: c.clock, kind },
    })),
  );
  await enqueue(db, jobs);
}

/** Job `sla-check`. */
export async function runSlaCheck(deps: FlowDeps, job: Job): Promise<void> {
  const { incidentId, clock, kind } = job.payload as {
    incidentId: string;
    clock: ClockName;
    kind: 'warn' | 'breach';
  };
  if (!clocks.includes(clock)) return;
  await withTransaction(deps.pool, async (tx) => {
    const found = await incidentClient(tx, incidentId);
    if (!found) return;
    const now = deps.clock.now();
    const c = slaClocks(found.tier, found.start, await milestones(tx, incidentId), now).find(
      (x) => x.clock === clock,
    )!;
    if (c.metAt) return;
    const data = { client: found.client.name, tier: found.tier.name, clock, dueAt: c.dueAt.toISOString() };
    if (kind === 'warn') {
      await appendTimeline(tx, { incidentId, at: now, actorId: null, kind: 'sla-warning', data });
      return;
    }
    await appendTimeline(tx, { incidentId, at: now, actorId: null, kind: 'sla-breached', data });
    if (!(await hurryForSla(tx, incidentId, clock, now)))
      await requestPage(tx, incidentId, `SLA ${clock} breached`, `page:sla:${incidentId}:${clock}`, now);
  });
}
