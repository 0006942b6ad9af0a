/** SQL of trackers and their team and service overrides; which tracker an incident's work goes to. */
import type { Queryable } from '../db/pool.ts';
import { invalidField, notFound } from '../errors.ts';
import type { Tracker, TrackerKind } from './schema.ts';

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
