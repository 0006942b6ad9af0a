/**
 * An incident asking to be paged: a `page` job in the caller's transaction. Whoever decides that
 * people must be reached (an alert group, an SLA breach, a responder) writes it; the paging domain
 * runs it and escalates. The jobs table is the only link, so nothing here knows how paging works.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';

/** The job kind the paging domain handles. */
export const PAGE_JOB = 'page';

/** What a `page` job carries; `anyHour`: a person's explicit decision, not held for business hours. */
export interface PageRequest {
  incidentId: string;
  reason: string;
  anyHour?: boolean;
}

/** Asks for a page for an incident (in the caller's transaction); `key` makes it once only. */
export async function requestPage(
  db: Queryable,
  incidentId: string,
  reason: string,
  key: string,
  at: Date,
  opts: { anyHour?: boolean } = {},
): Promise<void> {
  const payload: PageRequest = { incidentId, reason, ...(opts.anyHour ? { anyHour: true } : {}) };
  await enqueue(db, [{ kind: PAGE_JOB, key, runAt: at, payload: { ...payload } }]);
}

/** The job kind that ends an incident's running escalations when someone takes ownership. */
export const OWNED_JOB = 'paging-owned';

/**
 * Routes an incident whose decision became expedite (declared so, or raised to it): one page per
 * raise, keyed by the moment, so a raise pages once and never twice.
 */
export async function pageOnExpedite(
  db: Queryable,
  incidentId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await requestPage(db, incidentId, reason, `page:expedite:${incidentId}:${at.getTime()}`, at);
}

/** Asks the paging domain to stop paging for an incident someone now owns (in the caller's transaction). */
export async function requestOwnedStop(
  db: Queryable,
  incidentId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await enqueue(db, [
    {
      kind: OWNED_JOB,
      key: `paging-owned:${incidentId}:${at.getTime()}`,
      runAt: at,
      payload: { incidentId, userId },
    },
  ]);
}

/** The job kind that reshapes an incident's running escalation for its new urgency. */
export const RESHAPE_JOB = 'escalation-reshape';

/** Asks the paging domain to reshape a running escalation for a new urgency; once per change. */
export async function requestReshape(
  db: Queryable,
  incidentId: string,
  change: { from: string | null; to: string | null },
  at: Date,
): Promise<void> {
  await enqueue(db, [
    {
      kind: RESHAPE_JOB,
      key: `reshape:${incidentId}:${change.from ?? 'none'}>${change.to ?? 'none'}:${at.getTime()}`,
      runAt: at,
      payload: { incidentId, ...change },
    },
  ]);
}

/** The job kind that ends an incident's running escalations once it leaves the procedure. */
export const ENDED_JOB = 'paging-ended';

/** Statuses nobody is paged in: resolved, closed, declined, or moved to the Backlog. */
export const quietStatuses: readonly string[] = ['resolved', 'closed', 'declined', 'backlogged'];

/**
 * Asks the paging domain to stop paging for an incident that moved to `status` (in the caller's
 * transaction); nothing when the status still pages.
 */
export async function requestPagingEnd(
  db: Queryable,
  incidentId: string,
  status: string,
  at: Date,
): Promise<void> {
  if (!quietStatuses.includes(status)) return;
  await enqueue(db, [
    {
      kind: ENDED_JOB,
      key: `paging-ended:${incidentId}:${status}:${at.getTime()}`,
      runAt: at,
      payload: { incidentId },
    },
  ]);
}
