/**
 * A decision other than expedite asking to be acted on: a `decision-act` job written whenever an
 * incident's decision becomes backlog or "ask the product owner" — when it is opened (declared, by
 * a support report, by an alert) and when a reclassification changes it. The decisions domain runs
 * it (asks the product owner, or moves the incident to the backlog); like page-request.ts, the jobs
 * table is the only link between the two. Expedite is routed by a page instead (pageOnExpedite).
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import type { Decision } from '../classification/codes.ts';

/** The job kind the decisions domain handles. */
export const DECISION_ACT_JOB = 'decision-act';

/**
 * Asks for `to` (backlog or product-owner) to act on an incident whose decision changed from `from`
 * (null: it was just opened); once per change, keyed by the incident, the change and its moment.
 */
export async function requestDecisionAct(
  db: Queryable,
  incidentId: string,
  change: { from: Decision | null; to: Decision },
  at: Date,
): Promise<void> {
  if (change.to === 'expedite' || change.from === change.to) return;
  await enqueue(db, [
    {
      kind: DECISION_ACT_JOB,
      key: `decision-act:${incidentId}:${change.from ?? 'opened'}>${change.to}:${at.getTime()}`,
      runAt: at,
      payload: { incidentId, decision: change.to },
    },
  ]);
}
