/** SQL of trackers, their team and service overrides, and the tickets incidents were handed off as. */
import type { Queryable } from '../db/pool.ts';
import { invalidField, notFound } from '../errors.ts';
import type { Handoff, Tracker, TrackerKind } from './schema.ts';

/** A tracker as stored, with its secret: for the adapters only, never answered. */
export interface TrackerRow {
  id: string;
  name: string;
  kind: TrackerKind;
  base_url: string;
  project: string;
  email: string | null;
  secret: string;
  issue_type: string | null;
  labels: string[];
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

const usedBy = `
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name), '[]')
     FROM tracker_overrides o JOIN teams t ON t.id = o.team_id WHERE o.tracker_id = k.id) AS teams,
  (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name), '[]')
     FROM tracker_overrides o JOIN services s ON s.id = o.service_id WHERE o.tracker_id = k.id) AS services`;

type Listed = TrackerRow & {
  teams: { id: string; name: string }[];
  services: { id: string; name: string }[];
};

function toTracker(r: Listed): Tracker {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    baseUrl: r.base_url,
    project: r.project,
    email: r.email,
    issueType: r.issue_type,
    labels: r.labels,
    isDefault: r.is_default,
    usedBy: { teams: r.teams, services: r.services },
    secretSet: true,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Every tracker, default first, then by name. */
export async function listTrackers(db: Queryable): Promise<Tracker[]> {
  const { rows } = await db.query<Listed>(
    `SELECT k.*, ${usedBy} FROM trackers k ORDER BY k.is_default DESC, k.name`,
  );
  return rows.map(toTracker);
}

/** One tracker as shown, or 404. */
export async function getTracker(db: Queryable, id: string): Promise<Tracker> {
  const { rows } = await db.query<Listed>(`SELECT k.*, ${usedBy} FROM trackers k WHERE k.id = $1`, [id]);
  if (!rows[0]) throw notFound('Tracker', id);
  return toTracker(rows[0]);
}

/** One tracker with its secret, or 404 (locked when `lock`). */
export async function trackerRow(db: Queryable, id: string, lock = false): Promise<TrackerRow> {
  const { rows } = await db.query<TrackerRow>(
    `SELECT * FROM trackers WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!rows[0]) throw notFound('Tracker', id);
  return rows[0];
}

/** The stored fields of a tracker. */
export type TrackerFields = Omit<TrackerRow, 'id' | 'created_at' | 'updated_at'>;

/** Inserts a tracker (making it the only default when it is one); answers its id. */
export async function insertTracker(db: Queryable, t: TrackerFields, at: Date): Promise<string> {
  if (t.is_default) await db.query('UPDATE trackers SET is_default = false WHERE is_default');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO trackers (name, kind, base_url, project, email, secret, issue_type, labels, is_default, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
    [t.name, t.kind, t.base_url, t.project, t.email, t.secret, t.issue_type, t.labels, t.is_default, at],
  );
  return rows[0]!.id;
}

/** Writes a tracker's fields (making it the only default when it becomes one). */
export async function updateTracker(db: Queryable, id: string, t: TrackerFields, at: Date): Promise<void> {
  if (t.is_default)
    await db.query('UPDATE trackers SET is_default = false WHERE is_default AND id <> $1', [id]);
  await db.query(
    `UPDATE trackers SET name = $2, base_url = $3, project = $4, email = $5, secret = $6, issue_type = $7,
       labels = $8, is_default = $9, updated_at = $10 WHERE id = $1`,
    [id, t.name, t.base_url, t.project, t.email, t.secret, t.issue_type, t.labels, t.is_default, at],
  );
}

/** Removes a tracker; its tickets stay, without it. */
export async function deleteTracker(db: Queryable, id: string): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM trackers WHERE id = $1', [id]);
  if (!rowCount) throw notFound('Tracker', id);
}

/** Resolves teams or services named by id or name; 400 naming `field` for one that does not exist. */
export async function resolveNamed(
  db: Queryable,
  table: 'teams' | 'services',
  refs: string[],
  field: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM ${table} WHERE id::text = lower($1) OR lower(name) = lower($1) ORDER BY name LIMIT 1`,
      [ref],
    );
    if (!rows[0])
      throw invalidField(`${field}.${i}`, `no ${table === 'teams' ? 'team' : 'service'} "${ref}"`);
    ids.push(rows[0].id);
  }
  return [...new Set(ids)];
}

/** Sets the teams and services that use tracker `id`, taking them from any other tracker. */
export async function setOverrides(
  db: Queryable,
  id: string,
  o: { teamIds?: string[] | undefined; serviceIds?: string[] | undefined },
): Promise<void> {
  if (o.teamIds) {
    await db.query('DELETE FROM tracker_overrides WHERE tracker_id = $1 AND team_id IS NOT NULL', [id]);
    await db.query('DELETE FROM tracker_overrides WHERE team_id = ANY($1)', [o.teamIds]);
    await db.query('INSERT INTO tracker_overrides (tracker_id, team_id) SELECT $1, unnest($2::uuid[])', [
      id,
      o.teamIds,
    ]);
  }
  if (o.serviceIds) {
    await db.query('DELETE FROM tracker_overrides WHERE tracker_id = $1 AND service_id IS NOT NULL', [id]);
    await db.query('DELETE FROM tracker_overrides WHERE service_id = ANY($1)', [o.serviceIds]);
    await db.query('INSERT INTO tracker_overrides (tracker_id, service_id) SELECT $1, unnest($2::uuid[])', [
      id,
      o.serviceIds,
    ]);
  }
}

/**
 * The tracker an incident's work goes to: its service's override, else its service's team's, else
 * the override of the team whose areas cover the incident's area, else the default; or undefined.
 */
export async function trackerForIncident(db: Queryable, incidentId: string): Promise<TrackerRow | undefined> {
  const { rows } = await db.query<TrackerRow>(
    `SELECT k.* FROM incidents i
       LEFT JOIN services s ON s.id = i.service_id
       JOIN LATERAL (
         SELECT k.*, 1 AS rank FROM tracker_overrides o JOIN trackers k ON k.id = o.tracker_id
          WHERE o.service_id = i.service_id
         UNION ALL
         SELECT k.*, 2 FROM tracker_overrides o JOIN trackers k ON k.id = o.tracker_id WHERE o.team_id = s.team_id
         UNION ALL
         SELECT k.*, 3 FROM tracker_overrides o JOIN trackers k ON k.id = o.tracker_id
           JOIN teams t ON t.id = o.team_id WHERE i.area IS NOT NULL AND i.area = ANY(t.areas)
         UNION ALL
         SELECT k.*, 4 FROM trackers k WHERE k.is_default
       ) k ON true
      WHERE i.id = $1
      ORDER BY k.rank, k.name LIMIT 1`,
    [incidentId],
  );
  const row: (TrackerRow & { rank?: number }) | undefined = rows[0];
  if (!row) return undefined;
  delete row.rank;
  return row;
}

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
