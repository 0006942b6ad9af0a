/**
 * A page for an incident whose escalation already runs: the policies it would start that are not
 * yet part of it join it rather than wait for it to end — a client linked while its service's chain
 * runs, or the service's chain while added responders are being paged. Their levels go in right
 * after the level being paged, and the first of them is paged now; one acknowledgement still stops
 * everything. A page whose policies all run already changes nothing (never a level paged twice).
 */
import { cancelJobs, enqueue } from '../engine/jobs.ts';
import type { Queryable } from '../db/pool.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { insertParts, type Part } from './compose.ts';
import { jobKinds, stepKey } from './steps.ts';
import { lockRunning, updateEscalation } from './store.ts';

/** Joins the `parts` not yet in the incident's running escalation to it; true if any joined. */
export async function joinRunning(
  tx: Queryable,
  incidentId: string,
  parts: Part[],
  now: Date,
): Promise<boolean> {
  const esc = await lockRunning(tx, incidentId);
  const shaped = esc?.policy.shaped;
  // Escalations that keep no parts (started before parts were kept) are left as they are.
  if (!esc || !shaped?.sources) return false;
  const missing = parts.filter((p) => !shaped.sources!.some((s) => s.id === p.id));
  if (missing.length === 0) return false;
  const policy = insertParts({ ...esc.policy, shaped }, esc.level, missing);
  await updateEscalation(tx, esc.id, { policy: JSON.stringify(policy) });
  await cancelJobs(tx, `esc:${esc.id}:step:`, now);
  const next = { round: esc.round, level: esc.level + 1 };
  await enqueue(tx, [
    {
      kind: jobKinds.step,
      key: stepKey({ ...esc, policy }, next.round, next.level),
      runAt: now,
      payload: { escalationId: esc.id, ...next },
    },
  ]);
  await appendTimeline(tx, {
    incidentId,
    at: now,
    actorId: null,
    kind: 'escalation-joined',
    data: { escalationId: esc.id, policy: missing.map((c) => c.name).join(', '), level: next.level + 1 },
  });
  return true;
}
