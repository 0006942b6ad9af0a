/**
 * A decision other than expedite asking to be acted on: a `decision-act` job written when an
 * incident is declared. The decisions domain runs it (asks the product owner, or moves the incident
 * to the backlog); like page-request.ts, the jobs table is the only link between the two.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import type { Decision } from '../classification/codes.ts';

/** The job kind the decisions domain handles. */
export const DECISION_ACT_JOB = 'decision-act';

/** Asks for `decision` (backlog or product-owner) to act on an incident; once per incident. */
export async function requestDecisionAct(
  db: Queryable,
  incidentId: string,
  decision: Decision,
  at: Date,
): Promise<void> {
  if (decision === 'expedite') return;
  await enqueue(db, [
    {
      kind: DECISION_ACT_JOB,
      key: `decision-act:${incidentId}`,
      runAt: at,
      payload: { incidentId, decision },
    },
  ]);
}
