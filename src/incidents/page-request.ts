/**
 * An incident asking to be paged: a `page` job in the caller's transaction. Whoever decides that
 * people must be reached (an alert group, an SLA breach, a responder) writes it; the paging domain
 * runs it and escalates. The jobs table is the only link, so nothing here knows how paging works.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';

/** The job kind the paging domain handles. */
export const PAGE_JOB = 'page';

/** What a `page` job carries. */
export interface PageRequest {
  incidentId: string;
  reason: string;
}

/** Asks for a page for an incident (in the caller's transaction); `key` makes it once only. */
export async function requestPage(
  db: Queryable,
  incidentId: string,
  reason: string,
  key: string,
  at: Date,
): Promise<void> {
  const payload: PageRequest = { incidentId, reason };
  await enqueue(db, [{ kind: PAGE_JOB, key, runAt: at, payload: { ...payload } }]);
}
