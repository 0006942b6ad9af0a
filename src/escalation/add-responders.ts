/**
 * Adding responders to a live incident: page a chosen person, schedule, team or policy now, beside
 * (not instead of) the covering policy. While an escalation runs, the added people are notified
 * under it, so one acknowledgement stops everything; otherwise a one-off escalation starts, which
 * the covering policy joins when the incident is paged (join.ts). Nobody reachable is refused
 * before anything is sent.
 */
import type { User } from '../auth/schema.ts';
import { AppError } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { enqueue, type JobSpec } from '../engine/jobs.ts';
import { randomUUID } from 'node:crypto';
import { composePolicy, type Part } from './compose.ts';
import type { ContactKind, Target } from './schema.ts';
import { notificationPlan } from './flow.ts';
import { jobKinds } from './steps.ts';
import { peopleReach, type PersonReach } from './reachability.ts';
import { targetContextOf } from './route-store.ts';
import { getPolicy, insertEscalation, lockRunning } from './store.ts';
import { resolveTargets } from './targets.ts';

/** Whom to add: a person, schedule or team, or a whole escalation policy. */
export type ResponderTarget =
  Extract<Target, { type: 'user' | 'schedule' | 'team' }> | { type: 'policy'; id: string };

/** Minutes an added level waits for an acknowledgement before its one-off escalation ends. */
const ADDED_TIMEOUT_MINUTES = 15;

/** Pages `target` for incident `ref` now; answers who is paged and how. 409 when nobody can be reached. */
export async function addResponders(
  deps: FlowDeps,
  ref: string,
  actor: User,
  target: ResponderTarget,
  kinds: readonly ContactKind[],
): Promise<{ people: PersonReach[]; escalationId: string }> {
  return changeIncident(deps, ref, actor, async (c) => {
    const policy: Part =
      target.type === 'policy'
        ? await getPolicy(c.tx, target.id)
        : {
            // Not a stored policy: an id of its own, so that a later page can tell it apart.
            id: randomUUID(),
            name: 'Added responders',
            repeat: 0,
            levels: [{ timeoutMinutes: ADDED_TIMEOUT_MINUTES, targets: [target] }],
            lowUrgencyAnytime: true,
            urgency: {},
          };
    const context = await targetContextOf(c.tx, c.row.id);
    const ids = await resolveTargets(c.tx, policy.levels[0]!.targets, { ...context, at: c.now });
    const people = await peopleReach(c.tx, ids, kinds);
    if (!people.some((p) => p.reachable))
      throw new AppError(
        'conflict',
        ids.length === 0
          ? 'Nobody is on call there now'
          : `Nobody there can be reached: ${people.map((p) => p.name).join(', ')} has no verified contact method`,
      );
    // Nothing running: they start an escalation, as written; a later page joins it (join.ts).
    const started = await insertEscalation(c.tx, {
      incidentId: c.row.id,
      policy: composePolicy([policy], null),
      at: c.now,
    });
    const jobs: JobSpec[] = [];
    if (started)
      jobs.push({
        kind: jobKinds.step,
        key: `esc:${started.id}:step:0:0`,
        runAt: c.now,
        payload: { escalationId: started.id, round: 0, level: 0 },
      });
    // One runs: notified under it, so its acknowledgement cancels these too.
    const running = started ?? (await lockRunning(c.tx, c.row.id));
    if (!running) throw new AppError('conflict', 'Its escalation ended meanwhile; try again');
    if (!started)
      for (const p of people.filter((x) => x.reachable)) {
        const plan = await notificationPlan(c.tx, p.id);
        plan.forEach((step, i) =>
          jobs.push({
            kind: jobKinds.notify,
            key: `esc:${running.id}:notify:added:${c.now.getTime()}:${p.id}:${i}`,
            runAt: new Date(c.now.getTime() + step.delayMinutes * 60_000),
            payload: {
              escalationId: running.id,
              incidentId: c.row.id,
              userId: p.id,
              methodId: step.methodId,
              round: 0,
              level: 0,
              index: i,
            },
          }),
        );
      }
    await enqueue(c.tx, jobs);
    await c.record('responders-added', {
      target: target.type,
      policy: target.type === 'policy' ? policy.name : null,
      people: people.map((p) => ({ id: p.id, name: p.name, reachable: p.reachable })),
    });
    return { people, escalationId: running.id };
  });
}
