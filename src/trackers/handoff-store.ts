/** SQL of the tickets incidents were handed off as (`backlog_handoffs`): written, read, refreshed. */
import type { Queryable } from '../db/pool.ts';
import type { Handoff, TrackerKind } from './schema.ts';
import { trackerForIncident, type TrackerRow } from './store.ts';

/** Records the ticket an incident was handed off as (once: a second call changes nothing). */
export async function insertHandoff(
  db: Queryable,
  h: {
    incidentId: string;
    tracker: TrackerRow;
    ref: string;
    url: string | null;
    state: 'open' | null;
    at: Date;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO backlog_handoffs (incident_id, tracker, external_ref, url, handed_at, tracker_id, state, state_checked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE $5::timestamptz END)
     ON CONFLICT (incident_id) DO NOTHING`,
    [h.incidentId, h.tracker.name, h.ref, h.url, h.at, h.tracker.id, h.state],
  );
  return rowCount === 1;
}

/** Whether the incident already has its ticket. */
export async function hasHandoff(db: Queryable, incidentId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM backlog_handoffs WHERE incident_id = $1', [incidentId]);
  return rows.length > 0;
}

/** An incident's ticket, its hand-off job and the tracker it goes to. */
export async function handoffOf(db: Queryable, incidentId: string, jobKey: string): Promise<Handoff> {
  const { rows } = await db.query<{
    tracker: string;
    kind: TrackerKind | null;
    external_ref: string;
    url: string | null;
    state: 'open' | 'closed' | null;
    state_checked_at: Date | null;
    handed_at: Date;
  }>(
    `SELECT h.*, k.kind FROM backlog_handoffs h LEFT JOIN trackers k ON k.id = h.tracker_id
      WHERE h.incident_id = $1`,
    [incidentId],
  );
  const { rows: jobs } = await db.query<{
    attempts: number;
    last_error: string | null;
    done_at: Date | null;
  }>('SELECT attempts, last_error, done_at FROM jobs WHERE key = $1', [jobKey]);
  const target = await trackerForIncident(db, incidentId);
  const h = rows[0];
  const job = jobs[0];
  return {
    ticket: h
      ? {
          tracker: h.tracker,
          kind: h.kind ?? 'webhook',
          ref: h.external_ref,
          url: h.url,
          state: h.state,
          stateCheckedAt: h.state_checked_at?.toISOString() ?? null,
          handedAt: h.handed_at.toISOString(),
        }
      : null,
    pending:
      !h && job ? { attempts: job.attempts, lastError: job.last_error, done: job.done_at !== null } : null,
    tracker: target ? { id: target.id, name: target.name, kind: target.kind } : null,
  };
}

/** Open tickets whose state was checked longest ago (at most `limit`), with their tracker. */
export async function ticketsToRefresh(
  db: Queryable,
  before: Date,
  limit: number,
): Promise<{ incidentId: string; ref: string; url: string | null; tracker: TrackerRow }[]> {
  const { rows } = await db.query<
    TrackerRow & { incident_id: string; external_ref: string; ticket_url: string | null }
  >(
    `SELECT k.*, h.incident_id, h.external_ref, h.url AS ticket_url FROM backlog_handoffs h JOIN trackers k ON k.id = h.tracker_id
      WHERE h.state = 'open' AND h.state_checked_at < $1 AND k.kind <> 'webhook'
      ORDER BY h.state_checked_at LIMIT $2`,
    [before, limit],
  );
  return rows.map(({ incident_id, external_ref, ticket_url, ...tracker }) => ({
    incidentId: incident_id,
    ref: external_ref,
    url: ticket_url,
    tracker,
  }));
}

/** Records a ticket's state as read at `at`; answers whether it changed. */
export async function setTicketState(
  db: Queryable,
  incidentId: string,
  state: 'open' | 'closed',
  at: Date,
): Promise<boolean> {
  const { rows } = await db.query<{ was: string | null }>(
    `UPDATE backlog_handoffs h SET state = $2, state_checked_at = $3
       FROM backlog_handoffs old WHERE h.incident_id = $1 AND old.incident_id = h.incident_id
     RETURNING old.state AS was`,
    [incidentId, state, at],
  );
  return rows[0] !== undefined && rows[0].was !== state;
}

/** The tickets of backlogged incidents, newest incident first (at most 500). */
export async function backlogTickets(db: Queryable): Promise<
  {
    incidentId: string;
    number: number;
    tracker: string;
    ref: string;
    url: string | null;
    state: 'open' | 'closed' | null;
  }[]
> {
  const { rows } = await db.query<{
    incidentId: string;
    number: number;
    tracker: string;
    ref: string;
    url: string | null;
    state: 'open' | 'closed' | null;
  }>(
    `SELECT h.incident_id AS "incidentId", i.number, h.tracker, h.external_ref AS ref, h.url, h.state
       FROM backlog_handoffs h JOIN incidents i ON i.id = h.incident_id
      WHERE i.status = 'backlogged' ORDER BY i.number DESC LIMIT 500`,
  );
  return rows;
}
