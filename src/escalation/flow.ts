/**
 * Escalation as durable jobs. A page request starts the incident's one escalation: its client's
 * chain, then the first policy that covers it, shaped by its urgency (compose.ts, urgency.ts:
 * levels, timeouts, all methods at once, business hours); each level is a job
 * (`esc:<id>:step:<round>:<level>`) that pages its people and schedules the next level after its
 * timeout; each person's notification rule is a job (`esc:<id>:notify:…`) due after its delay.
 * Acknowledging ends the escalation and cancels what is still pending. Every step is on the
 * incident's timeline. Changing a running escalation: running.ts (urgency, SLA) and join.ts.
 */
import { withTransaction, type Queryable } from '../db/pool.ts';
import { cancelJobs, enqueue, hurry, type Job, type JobSpec } from '../engine/jobs.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { policiesFor, targetContextOf, type TargetContext } from './route-store.ts';
import {
  insertEscalation,
  lockEscalation,
  rulesOf,
  updateEscalation,
  methodsOf,
  type EscalationRow,
} from './store.ts';
import { businessHours, nextBusinessTime } from './business-hours.ts';
import { clientChainPolicies } from './client-chain.ts';
import { joinRunning } from './join.ts';
import { atOnceAt, composePolicy, waitsForBusinessHours } from './compose.ts';
import { seedOrder } from './schema.ts';
import { jobKinds, nextAfter, roundKey, stepKey } from './steps.ts';
import { resolveTargets } from './targets.ts';

/** Minutes between the default rules (a person without rules of their own), in the seeds' order. */
const DEFAULT_STEP_MINUTES = 2;

/**
 * Job `page`: starts the incident's one escalation (unless one runs): its client's chain first,
 * then the first of its route's policies, shaped by its urgency (compose.ts).
 */
export async function runPage(deps: FlowDeps, job: Job): Promise<void> {
  const incidentId = String(job.payload.incidentId);
  await withTransaction(deps.pool, async (tx) => {
    const now = deps.clock.now();
    const chain = await clientChainPolicies(tx, incidentId);
    const route = await policiesFor(tx, incidentId);
    if (chain.length + route.length === 0) {
      await appendTimeline(tx, {
        incidentId,
        at: now,
        actorId: null,
        kind: 'page-unrouted',
        data: { reason: 'No escalation policy covers its service or area' },
      });
      return;
    }
    // Urgency shapes the escalation: a policy whose rule for this urgency waits for business hours
    // (by default P3/P4) starts only within them; when none can start now, the page waits. A
    // person's explicit expedite (`anyHour`) overrides the hold.
    const { rows: inc } = await tx.query<{ urgency: string | null }>(
      'SELECT urgency FROM incidents WHERE id = $1',
      [incidentId],
    );
    const urgency = inc[0]?.urgency ?? null;
    const policies = [...chain, ...route];
    const waiting = policies.filter((p) => waitsForBusinessHours(p, urgency));
    const at = waiting.length ? nextBusinessTime(await businessHours(tx), now) : now;
    const held = at !== null && at > now;
    if (held && job.payload.anyHour === true)
      await appendTimeline(tx, {
        incidentId,
        at: now,
        actorId: null,
        kind: 'page-hold-overridden',
        data: { until: at.toISOString(), urgency, reason: job.payload.reason ?? null },
      });
    const ready =
      held && job.payload.anyHour !== true ? policies.filter((p) => !waiting.includes(p)) : policies;
    if (ready.length === 0) {
      await appendTimeline(tx, {
        incidentId,
        at: now,
        actorId: null,
        kind: 'page-deferred',
        data: { until: at!.toISOString(), urgency },
      });
      await enqueue(tx, [
        { kind: jobKinds.page, key: `${job.key}:business-hours`, runAt: at!, payload: job.payload },
      ]);
      return;
    }
    // One escalation per incident: the client's chain, then the first policy of its route.
    const parts = [
      ...chain.filter((p) => ready.includes(p)),
      ...route.filter((p) => ready.includes(p)).slice(0, 1),
    ];
    const esc = await insertEscalation(tx, { incidentId, policy: composePolicy(parts, urgency), at: now });
    // One runs already: what it lacks of these joins it (join.ts); else nothing more.
    if (!esc) return void (await joinRunning(tx, incidentId, parts, now));
    await appendTimeline(tx, {
      incidentId,
      at: now,
      actorId: null,
      kind: 'escalation-started',
      data: { escalationId: esc.id, policy: esc.policy.name, reason: job.payload.reason ?? null, urgency },
    });
    // The first level at once, in this transaction (one hop less between alert and page).
    await pageLevel(tx, esc, await targetContextOf(tx, incidentId), 0, 0, now);
  });
}

/** Job `escalation-step`: pages one level's people and schedules what follows. */
export async function runStep(deps: FlowDeps, job: Job): Promise<void> {
  const { escalationId, round, level } = job.payload as {
    escalationId: string;
    round: number;
    level: number;
  };
  await withTransaction(deps.pool, async (tx) => {
    const esc = await lockEscalation(tx, escalationId);
    if (!esc || esc.state !== 'active') return;
    await pageLevel(tx, esc, await targetContextOf(tx, esc.incident_id), round, level, deps.clock.now());
  });
}

/** Pages one level of a (locked, active) escalation and schedules what follows. */
async function pageLevel(
  tx: Queryable,
  esc: EscalationRow,
  context: TargetContext,
  round: number,
  level: number,
  now: Date,
): Promise<void> {
  const levels = esc.policy.levels;
  if (level >= levels.length) {
    await updateEscalation(tx, esc.id, { state: 'exhausted', ended_at: now });
    await appendTimeline(tx, {
      incidentId: esc.incident_id,
      at: now,
      actorId: null,
      kind: 'escalation-exhausted',
      data: { escalationId: esc.id, policy: esc.policy.name, rounds: round + 1 },
    });
    return;
  }
  const step = levels[level]!;
  const people = await resolveTargets(tx, step.targets, { ...context, at: now });
  const jobs: JobSpec[] = [];
  const reached: string[] = [];
  const allAtOnce = atOnceAt(esc.policy, level);
  for (const userId of people) {
    const plan = await notificationPlan(tx, userId, allAtOnce);
    if (plan.length) reached.push(userId);
    plan.forEach((p, i) =>
      jobs.push({
        kind: jobKinds.notify,
        key: `esc:${esc.id}:notify:${roundKey(esc, round)}:${level}:${userId}:${i}`,
        runAt: new Date(now.getTime() + p.delayMinutes * 60_000),
        payload: {
          escalationId: esc.id,
          incidentId: esc.incident_id,
          userId,
          methodId: p.methodId,
          round,
          level,
          index: i,
        },
      }),
    );
  }
  // What comes next: the next level, the next round, or the end, after this level's timeout.
  const next = nextAfter(esc, round, level);
  // Shaped timeouts may be fractional (a P1 halves 5 minutes to 2.5).
  const timeout = new Date(now.getTime() + Math.round(step.timeoutMinutes * 60_000));
  // Nobody on this level can be reached: go on at once.
  const runAt = reached.length === 0 ? now : timeout;
  jobs.push({
    kind: jobKinds.step,
    key: stepKey(esc, next.round, next.level),
    runAt,
    payload: { escalationId: esc.id, ...next },
  });
  await enqueue(tx, jobs);
  await updateEscalation(tx, esc.id, { level, round });
  await appendTimeline(tx, {
    incidentId: esc.incident_id,
    at: now,
    actorId: null,
    kind: 'paged',
    data: {
      escalationId: esc.id,
      policy: esc.policy.name,
      level: level + 1,
      round: round + 1,
      policyLevel: esc.policy.shaped?.levels[level] ?? level + 1,
      allMethodsAtOnce: allAtOnce,
      people,
      unreachable: people.filter((p) => !reached.includes(p)),
    },
  });
}

/**
 * How a person is reached: with `allAtOnce` (a P1 by default) every verified method at once, in
 * their rules' order then the seeds'; else their rules, or by default every verified method in the
 * seeds' order, a few minutes apart.
 */
export async function notificationPlan(
  db: Queryable,
  userId: string,
  allAtOnce = false,
): Promise<{ methodId: string; delayMinutes: number }[]> {
  const rules = await rulesOf(db, userId);
  const methods = (await methodsOf(db, userId)).filter((m) => m.verified_at !== null);
  methods.sort((a, b) => seedOrder.indexOf(a.kind) - seedOrder.indexOf(b.kind));
  if (allAtOnce) {
    const ruled = rules.map((r) => r.method.id);
    const ids = [...new Set([...ruled, ...methods.map((m) => m.id)])];
    return ids.map((methodId) => ({ methodId, delayMinutes: 0 }));
  }
  if (rules.length) return rules.map((r) => ({ methodId: r.method.id, delayMinutes: r.delayMinutes }));
  return methods.map((m, i) => ({ methodId: m.id, delayMinutes: i * DEFAULT_STEP_MINUTES }));
}

/** Goes to the next level now ("escalate now"), or to `level` ("jump to level"). */
export async function escalateNow(
  db: Queryable,
  escalationId: string,
  at: Date,
  level?: number,
): Promise<void> {
  const esc = await lockEscalation(db, escalationId);
  if (!esc || esc.state !== 'active') return;
  if (level === undefined) {
    await hurry(db, `esc:${esc.id}:step:`, at);
    return;
  }
  await cancelJobs(db, `esc:${esc.id}:step:`, at);
  await enqueue(db, [
    {
      kind: jobKinds.step,
      key: `${stepKey(esc, esc.round, level)}:jump:${at.getTime()}`,
      runAt: at,
      payload: { escalationId: esc.id, round: esc.round, level },
    },
  ]);
}

/** Ends the incident's running escalations as acknowledged by `userId`; returns how many. */
export async function acknowledgeEscalations(
  db: Queryable,
  incidentId: string,
  userId: string,
  at: Date,
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE escalations SET state = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, ended_at = $2
      WHERE incident_id = $1 AND state = 'active' RETURNING id`,
    [incidentId, at, userId],
  );
  for (const r of rows) await cancelJobs(db, `esc:${r.id}:`, at);
  return rows.length;
}
