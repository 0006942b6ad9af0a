/**
 * A client linked to an incident whose escalation already runs (its service's chain, say): the
 * client's chain joins that escalation rather than waiting for it to end. Its levels go in right
 * after the level being paged, and the first of them is paged now; one acknowledgement still stops
 * everything.
 */
import { cancelJobs, enqueue } from '../engine/jobs.ts';
import type { Queryable } from '../db/pool.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { insertParts, type Part } from './compose.ts';
import { jobKinds, stepKey } from './steps.ts';
import { lockEscalation, updateEscalation } from './store.ts';

/** Joins `chain` to the incident's running escalation unless it is part of it already; true if it joined. */
export async function joinRunning(
  tx: Queryable,
  incidentId: string,
  chain: Part[],
  now: Date,
): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    "SELECT id FROM escalations WHERE incident_id = $1 AND state = 'active'",
    [incidentId],
  );
  const esc = rows[0] && (await lockEscalation(tx, rows[0].id));
  const shaped = esc?.policy.shaped;
  // Escalations of added responders (no parts kept) are left as they are.
  if (!esc || !shaped?.sources || chain.length === 0) return false;
  if (shaped.sources.some((s) => chain.some((c) => c.id === s.id))) return false;
  const policy = insertParts({ ...esc.policy, shaped }, esc.level, chain);
  await updateEscalation(tx, esc.id, { policy: JSON.stringify(policy) });
  await cancelJobs(tx, `esc:${esc.id}:step:`, now);
  const next = { round: esc.round, level: esc.level + 1 };
  await enqueue(tx, [
    {
      kind: jobKinds.step,
      key: `${stepKey(esc.id, next.round, next.level)}:join:${now.getTime()}`,
      runAt: now,
      payload: { escalationId: esc.id, ...next },
    },
  ]);
  await appendTimeline(tx, {
    incidentId,
    at: now,
    actorId: null,
    kind: 'escalation-joined',
    data: { escalationId: esc.id, policy: chain.map((c) => c.name).join(', '), level: next.level + 1 },
  });
  return true;
}
