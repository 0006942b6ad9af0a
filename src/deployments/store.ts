/** The deployments domain's SQL: deployments, the notes on incidents' timelines, and the hooks. */
import type { Queryable } from '../db/pool.ts';
import type { Deployment, DeploymentStatus, HookKind } from './schema.ts';

/** A deployment row as stored. */
export interface DeploymentRow {
  id: string;
  service_id: string;
  service_name: string;
  version: string;
  environment: string;
  status: DeploymentStatus;
  url: string | null;
  commit_sha: string | null;
  deployed_by: string | null;
  source: string;
  external_id: string | null;
  started_at: Date;
  finished_at: Date | null;
  failed_at: Date | null;
  rolled_back_at: Date | null;
  rolled_back_to: string | null;
  updated_at: Date;
}

const columns = `d.id, d.service_id, s.name AS service_name, d.version, d.environment, d.status, d.url,
  d.commit_sha, d.deployed_by, d.source, d.external_id, d.started_at, d.finished_at, d.failed_at,
  d.rolled_back_at, d.rolled_back_to, d.updated_at`;

/** The API form of a row. */
export function toDeployment(r: DeploymentRow): Deployment {
  return {
    id: r.id,
    service: { id: r.service_id, name: r.service_name },
    version: r.version,
    environment: r.environment,
    status: r.status,
    url: r.url,
    commit: r.commit_sha,
    by: r.deployed_by,
    source: r.source,
    externalId: r.external_id,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    failedAt: r.failed_at?.toISOString() ?? null,
    rolledBackAt: r.rolled_back_at?.toISOString() ?? null,
    rolledBackTo: r.rolled_back_to,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** One deployment by id, locked when `lock`. */
export async function getDeploymentRow(
  db: Queryable,
  id: string,
  lock = false,
): Promise<DeploymentRow | undefined> {
  const { rows } = await db.query<DeploymentRow>(
    `SELECT ${columns} FROM deployments d JOIN services s ON s.id = d.service_id WHERE d.id = $1
     ${lock ? 'FOR UPDATE OF d' : ''}`,
    [id],
  );
  return rows[0];
}

/** The deployment a source already sent under `externalId`, locked. */
export async function lockBySource(
  db: Queryable,
  source: string,
  externalId: string,
): Promise<DeploymentRow | undefined> {
  const { rows } = await db.query<DeploymentRow>(
    `SELECT ${columns} FROM deployments d JOIN services s ON s.id = d.service_id
      WHERE d.source = $1 AND d.external_id = $2 FOR UPDATE OF d`,
    [source, externalId],
  );
  return rows[0];
}

/** What a new deployment is made of. */
export interface NewDeployment {
  serviceId: string;
  version: string;
  environment: string;
  status: DeploymentStatus;
  url: string | null;
  commit: string | null;
  by: string | null;
  actorId: string | null;
  source: string;
  externalId: string | null;
  hookId: string | null;
  at: Date;
}

/** Inserts a deployment; a concurrent insert of the same (source, external id) answers undefined. */
export async function insertDeployment(db: Queryable, d: NewDeployment): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deployments (service_id, version, environment, status, url, commit_sha, deployed_by, actor_id,
       source, external_id, hook_id, started_at, finished_at, failed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
       CASE WHEN $4 = 'finished' THEN $12::timestamptz END, CASE WHEN $4 = 'failed' THEN $12::timestamptz END,
       $12, $12)
     ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      d.serviceId,
      d.version,
      d.environment,
      d.status,
      d.url,
      d.commit,
      d.by,
      d.actorId,
      d.source,
      d.externalId,
      d.hookId,
      d.at,
    ],
  );
  return rows[0]?.id;
}

/** Moves a deployment to `status` at `at` (with the rollback's target version). */
export async function setDeploymentStatus(
  db: Queryable,
  id: string,
  status: DeploymentStatus,
  at: Date,
  extra: { rolledBackTo?: string | null; url?: string | null } = {},
): Promise<void> {
  await db.query(
    `UPDATE deployments SET status = $2, updated_at = $3,
        finished_at = CASE WHEN $2 = 'finished' THEN $3 ELSE finished_at END,
        failed_at = CASE WHEN $2 = 'failed' THEN $3 ELSE failed_at END,
        rolled_back_at = CASE WHEN $2 = 'rolled-back' THEN $3 ELSE rolled_back_at END,
        rolled_back_to = CASE WHEN $2 = 'rolled-back' THEN $4 ELSE rolled_back_to END,
        url = coalesce($5, url)
      WHERE id = $1`,
    [id, status, at, extra.rolledBackTo ?? null, extra.url ?? null],
  );
}

/** Recent deployments, newest first, optionally of one service, environment or status. */
export async function listDeployments(
  db: Queryable,
  filter: { serviceId?: string; environment?: string; status?: string; limit: number },
): Promise<Deployment[]> {
  const { rows } = await db.query<DeploymentRow>(
    `SELECT ${columns} FROM deployments d JOIN services s ON s.id = d.service_id
      WHERE ($1::uuid IS NULL OR d.service_id = $1) AND ($2::text IS NULL OR d.environment = $2)
        AND ($3::text IS NULL OR d.status = $3)
      ORDER BY d.started_at DESC, d.id LIMIT $4`,
    [filter.serviceId ?? null, filter.environment ?? null, filter.status ?? null, filter.limit],
  );
  return rows.map(toDeployment);
}

/**
 * Deployments an incident saw: those noted on its timeline, and those of its service changed since
 * an hour before it was declared (a deployment just before may be its cause); newest first.
 */
export async function deploymentsOfIncident(
  db: Queryable,
  incidentId: string,
  serviceId: string | null,
  since: Date,
  limit: number,
): Promise<Deployment[]> {
  const { rows } = await db.query<DeploymentRow>(
    `SELECT ${columns} FROM deployments d JOIN services s ON s.id = d.service_id
      WHERE d.id IN (SELECT deployment_id FROM deployment_notes WHERE incident_id = $1)
         OR (d.service_id = $2::uuid AND d.updated_at >= $3::timestamptz - interval '1 hour')
      ORDER BY d.started_at DESC, d.id LIMIT $4`,
    [incidentId, serviceId, since, limit],
  );
  return rows.map(toDeployment);
}

/** Open incidents of a service (locked, in number order) with their status. */
export async function lockOpenIncidentsOf(
  db: Queryable,
  serviceId: string,
  statuses: readonly string[],
): Promise<{ id: string; status: string }[]> {
  const { rows } = await db.query<{ id: string; status: string }>(
    `SELECT id, status FROM incidents WHERE service_id = $1 AND status = ANY($2)
      ORDER BY number FOR UPDATE`,
    [serviceId, statuses],
  );
  return rows;
}

/** Marks `status` of a deployment as noted on an incident; false when it was already. */
export async function markNoted(
  db: Queryable,
  deploymentId: string,
  incidentId: string,
  status: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO deployment_notes (deployment_id, incident_id, status) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [deploymentId, incidentId, status],
  );
  return rowCount === 1;
}

/** A hook row as stored. */
export interface HookRow {
  id: string;
  name: string;
  kind: HookKind;
  secret: string;
  service_id: string | null;
  service_map: { repository?: string | null; environment?: string | null; serviceId: string }[];
  created_at: Date;
}

/** Every hook, oldest first. */
export async function listHookRows(db: Queryable): Promise<HookRow[]> {
  const { rows } = await db.query<HookRow>(
    'SELECT id, name, kind, secret, service_id, service_map, created_at FROM deployment_hooks ORDER BY created_at, id',
  );
  return rows;
}

/** One hook by id. */
export async function getHookRow(db: Queryable, id: string): Promise<HookRow | undefined> {
  const { rows } = await db.query<HookRow>(
    'SELECT id, name, kind, secret, service_id, service_map, created_at FROM deployment_hooks WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** Inserts a hook; answers its id. */
export async function insertHook(
  db: Queryable,
  h: Omit<HookRow, 'id' | 'created_at'> & { at: Date; createdBy: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deployment_hooks (name, kind, secret, service_id, service_map, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [h.name, h.kind, h.secret, h.service_id, JSON.stringify(h.service_map), h.at, h.createdBy],
  );
  return rows[0]!.id;
}

/** Deletes a hook; false when there was none. */
export async function deleteHook(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM deployment_hooks WHERE id = $1', [id]);
  return rowCount === 1;
}

/** Names of services by id. */
export async function serviceNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM services WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
