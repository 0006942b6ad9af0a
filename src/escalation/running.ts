/**
 * Changing an escalation while it runs, without paging a level twice. A new urgency reshapes it
 * (job `escalation-reshape`): its parts are shaped again for the urgency, it carries on from the
 * level it is at, the next level comes no later than the new timeout from now (never later than
 * already planned, so lowering cancels nothing), and if the level now tries every method at once
 * its people get the methods not yet tried at once. An SLA breach hurries it to its next level now.
 */
import { withTransaction, type Queryable } from '../db/pool.ts';
import { cancelJobs, enqueue, hurry, type Job, type JobSpec } from '../engine/jobs.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { atOnceAt, composePolicy } from './compose.ts';
import { notificationPlan } from './flow.ts';
import { jobKinds, nextAfter, roundKey, stepKey } from './steps.ts';
import { targetContextOf } from './route-store.ts';
import type { Target } from './schema.ts';
import { lockRunning, updateEscalation, type EscalationRow } from './store.ts';
import { resolveTargets } from './targets.ts';

/** Job `escalation-reshape`: shapes the incident's running escalation for its new urgency. */
export async function runReshape(deps: FlowDeps, job: Job): Promise<void> {
  const { incidentId } = job.payload as { incidentId: string };
  await withTransaction(deps.pool, async (tx) => {
    const esc = await lockRunning(tx, incidentId);
    const old = esc?.policy.shaped;
    // The urgency it has now, not the job's: of two quick changes, the later one wins either way.
    const { rows: inc } = await tx.query<{ urgency: string | null }>(
      'SELECT urgency FROM incidents WHERE id = $1',
      [incidentId],
    );
    const to = inc[0]?.urgency ?? null;
    // Escalations that keep no parts (started before parts were kept) run as they started.
    if (!esc || !old?.sources || old.urgency === to) return;
    const now = deps.clock.now();
    const composed = composePolicy(old.sources, to);
    const policy = { ...composed, shaped: { ...composed.shaped, version: (old.version ?? 0) + 1 } };
    const shaped = policy.shaped;
    // Where it is: the level of that part's policy it has paged; it carries on from there.
    const part = old.parts?.[esc.level] ?? 0;
    const at = old.levels[esc.level] ?? esc.level + 1;
    const found = shaped.levels.findIndex(
      (l, i) => shaped.parts![i]! > part || (shaped.parts![i] === part && l >= at),
    );
    const level = found < 0 ? policy.levels.length - 1 : found;
    const same = shaped.parts![level] === part && shaped.levels[level] === at;
    const reshaped: EscalationRow = { ...esc, policy, level };
    const { rows } = await tx.query<{ run_at: Date }>(
      'SELECT min(run_at) AS run_at FROM jobs WHERE key LIKE $1 AND done_at IS NULL',
      [`esc:${esc.id}:step:%`],
    );
    const planned = rows[0]?.run_at ?? now;
    await cancelJobs(tx, `esc:${esc.id}:step:`, now);
    let nextAt = now;
    let next = { round: esc.round, level };
    if (same) {
      // The current level stays paged; what follows comes no later than its new timeout from now.
      const timeout = new Date(now.getTime() + Math.round(policy.levels[level]!.timeoutMinutes * 60_000));
      nextAt = timeout < planned ? timeout : planned;
      next = nextAfter(reshaped, esc.round, level);
      if (atOnceAt(policy, level) && !atOnceAt(esc.policy, esc.level))
        await allMethodsNow(tx, esc, policy.levels[level]!.targets, now);
    }
    await enqueue(tx, [
      {
        kind: jobKinds.step,
        key: stepKey(reshaped, next.round, next.level),
        runAt: nextAt,
        payload: { escalationId: esc.id, ...next },
      },
    ]);
    await updateEscalation(tx, esc.id, { policy: JSON.stringify(policy), level: same ? level : esc.level });
    await appendTimeline(tx, {
      incidentId,
      at: now,
      actorId: null,
      kind: 'escalation-reshaped',
      data: {
        escalationId: esc.id,
        from: old.urgency,
        to,
        level: level + 1,
        allMethodsAtOnce: atOnceAt(policy, level),
        nextAt: nextAt.toISOString(),
      },
    });
  });
}

/** Reaches the current level's people by every verified method now: pending ones hurried, the rest added. */
async function allMethodsNow(tx: Queryable, esc: EscalationRow, targets: Target[], now: Date) {
  const prefix = `esc:${esc.id}:notify:${roundKey(esc, esc.round)}:${esc.level}:`;
  await hurry(tx, prefix, now);
  const { rows } = await tx.query<{ user_id: string; method_id: string }>(
    `SELECT payload->>'userId' AS user_id, payload->>'methodId' AS method_id FROM jobs
      WHERE key LIKE $1 || '%' AND last_error IS DISTINCT FROM 'cancelled'`,
    [prefix],
  );
  const tried = new Set(rows.map((r) => `${r.user_id}:${r.method_id}`));
  const people = await resolveTargets(tx, targets, {
    ...(await targetContextOf(tx, esc.incident_id)),
    at: now,
  });
  const jobs: JobSpec[] = [];
  for (const userId of people)
    for (const [i, p] of (await notificationPlan(tx, userId, true)).entries()) {
      if (tried.has(`${userId}:${p.methodId}`)) continue;
      jobs.push({
        kind: jobKinds.notify,
        key: `${prefix}${userId}:${100 + i}`,
        runAt: now,
        payload: {
          escalationId: esc.id,
          incidentId: esc.incident_id,
          userId,
          methodId: p.methodId,
          round: esc.round,
          level: esc.level,
          index: 100 + i,
        },
      });
    }
  await enqueue(tx, jobs);
}

/**
 * An SLA breach while an escalation runs: its next level is paged now (in the caller's
 * transaction), and the timeline says so. False when nothing is running.
 */
export async function hurryForSla(
  tx: Queryable,
  incidentId: string,
  clock: string,
  now: Date,
): Promise<boolean> {
  const esc = await lockRunning(tx, incidentId);
  if (!esc) return false;
  const next = nextAfter(esc, esc.round, esc.level);
  const last = next.level >= esc.policy.levels.length;
  if (!last) await hurry(tx, `esc:${esc.id}:step:`, now);
  await appendTimeline(tx, {
    incidentId,
    at: now,
    actorId: null,
    kind: 'escalated',
    data: {
      by: 'sla',
      clock,
      level: last ? 'none' : next.level + 1,
      reason: last
        ? 'SLA breached: no level left to escalate to'
        : `SLA breached: escalated to level ${next.level + 1}`,
    },
  });
  return true;
}
