/** SQL for incident rows: insert, find by id or number, lock for a change, update, list. */
import type { Queryable } from '../db/pool.ts';
import { announce } from '../realtime/announce.ts';
import { requestDecisionAct } from './decision-request.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import type {
  Area,
  Criticality,
  Decision,
  ImpactLevel,
  Lifespan,
  Scope,
  Urgency,
} from '../classification/codes.ts';
import type { Classification } from '../classification/policy.ts';
import type { Incident, IncidentRole, ListQuery, Origin, Status } from './schema.ts';

/** An incident row as stored. */
export interface IncidentRow {
  id: string;
  number: number;
  title: string;
  description: string;
  scope: Scope | null;
  criticality: Criticality | null;
  area: Area | null;
  impact_conversion: ImpactLevel | null;
  impact_experience: ImpactLevel | null;
  impact_revenue: ImpactLevel | null;
  lifespan_started_at: Date | null;
  lifespan_expected: Lifespan | null;
  tagline: string;
  urgency: Urgency | null;
  urgency_override_reason: string | null;
  decision: Decision;
  status: Status;
  owner_id: string | null;
  resolution_summary: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  origin: Origin | null;
  service_id: string | null;
  steps_to_reproduce: string | null;
}

interface Joined extends IncidentRow {
  owner_name: string | null;
  owner_email: string | null;
  roles: { role: IncidentRole; id: string; name: string; email: string }[] | null;
  service_name: string | null;
}

const columns = `i.id, i.number, i.title, i.description, i.scope, i.criticality, i.area, i.impact_conversion,
  i.impact_experience, i.impact_revenue, i.lifespan_started_at, i.lifespan_expected, i.tagline, i.urgency,
  i.urgency_override_reason, i.decision, i.status, i.owner_id, i.resolution_summary, i.created_by, i.created_at,
  i.updated_at, i.resolved_at, i.origin, i.service_id, i.steps_to_reproduce`;

const joinedColumns = `${columns}, o.name AS owner_name, o.email AS owner_email,
  (SELECT json_agg(json_build_object('role', r.role, 'id', u.id, 'name', u.name, 'email', u.email) ORDER BY r.assigned_at)
     FROM incident_roles r JOIN users u ON u.id = r.user_id WHERE r.incident_id = i.id) AS roles,
  (SELECT s.name FROM services s WHERE s.id = i.service_id) AS service_name`;

/** The classification part of a row, as the policy reads it. */
export function classificationOf(r: IncidentRow): Classification {
  return {
    scope: r.scope,
    criticality: r.criticality,
    area: r.area,
    impact: { conversion: r.impact_conversion, experience: r.impact_experience, revenue: r.impact_revenue },
  };
}

/** The API form of a row just inserted (no owner, no roles yet): saves reading it back. */
export function newIncident(r: IncidentRow, serviceName: string | null = null): Incident {
  return toIncident({ ...r, owner_name: null, owner_email: null, roles: null, service_name: serviceName });
}

function toIncident(r: Joined): Incident {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    scope: r.scope,
    criticality: r.criticality,
    area: r.area,
    impact: { conversion: r.impact_conversion, experience: r.impact_experience, revenue: r.impact_revenue },
    lifespan: { startedAt: r.lifespan_started_at?.toISOString() ?? null, expected: r.lifespan_expected },
    tagline: r.tagline,
    urgency: r.urgency,
    urgencyOverride: r.urgency_override_reason === null ? null : { reason: r.urgency_override_reason },
    decision: r.decision,
    status: r.status,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '', email: r.owner_email ?? '' } : null,
    roles: (r.roles ?? []).map((x) => ({ role: x.role, person: { id: x.id, name: x.name, email: x.email } })),
    resolutionSummary: r.resolution_summary,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    origin: r.origin,
    service: r.service_id ? { id: r.service_id, name: r.service_name ?? '' } : null,
    stepsToReproduce: r.steps_to_reproduce,
  };
}

/** Statuses not yet finished (kept in step with the incidents_open index); new alerts group into these. */
export const openStatuses: Status[] = ['triage', 'investigating', 'fixing', 'monitoring', 'backlogged'];

/** What "open" stands for in lists and views: in the procedure, so not waiting in the backlog. */
export const openViewStatuses: Status[] = ['triage', 'investigating', 'fixing', 'monitoring'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses an incident reference: a uuid, `42` or `#42`. */
export function parseRef(ref: string): { id: string } | { number: number } {
  if (UUID.test(ref)) return { id: ref };
  const m = /^#?(\d{1,15})$/.exec(ref.trim());
  if (m) return { number: Number(m[1]) };
  throw new AppError('invalid_request', `ref: "${ref}" is neither an incident id nor a number like #42`, [
    { field: 'params.ref', message: 'must be an incident id or number' },
  ]);
}

function whereRef(ref: string): [string, unknown] {
  const parsed = parseRef(ref);
  return 'id' in parsed ? ['i.id = $1', parsed.id] : ['i.number = $1', parsed.number];
}

/** One incident with its owner and roles, or 404. */
export async function getIncident(db: Queryable, ref: string): Promise<Incident> {
  const [where, value] = whereRef(ref);
  const { rows } = await db.query<Joined>(
    `SELECT ${joinedColumns} FROM incidents i LEFT JOIN users o ON o.id = i.owner_id WHERE ${where}`,
    [value],
  );
  if (!rows[0]) throw notFound('Incident', ref);
  return toIncident(rows[0]);
}

/** Locks the incident row for a change in this transaction, or 404. */
export async function lockIncident(db: Queryable, ref: string): Promise<IncidentRow> {
  const [where, value] = whereRef(ref);
  const { rows } = await db.query<IncidentRow>(
    `SELECT ${columns} FROM incidents i WHERE ${where} FOR UPDATE`,
    [value],
  );
  if (!rows[0]) throw notFound('Incident', ref);
  return rows[0];
}

/**
 * Inserts a new incident and its first timeline entry in one statement (atomic on its own, and one
 * round trip instead of a transaction's four), and asks for its decision's act (decision-request.ts).
 */
export async function insertIncident(
  db: Queryable,
  r: Omit<IncidentRow, 'id' | 'number'>,
  first: { actorId: string | null; kind: string; data: Record<string, unknown> },
): Promise<IncidentRow> {
  const keys = Object.keys(r) as (keyof typeof r)[];
  const n = keys.length;
  const { rows } = await db.query<IncidentRow & { entry_id: number }>(
    `WITH i AS (
       INSERT INTO incidents (${keys.join(', ')}) VALUES (${keys.map((_, k) => `$${k + 1}`).join(', ')})
       RETURNING ${columns.replaceAll('i.', '')}
     ), t AS (
       INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
       SELECT id, created_at, $${n + 1}, $${n + 2}, $${n + 3} FROM i
       RETURNING id
     )
     SELECT i.*, t.id AS entry_id FROM i, t`,
    [...keys.map((k) => r[k]), first.actorId, first.kind, JSON.stringify(first.data)],
  );
  const { entry_id: entryId, ...row } = rows[0]!;
  await announce(db, { type: 'timeline', incidentId: row.id, entryId, kind: first.kind });
  // However it was opened (declared, reported, from alerts), its decision acts: backlog or ask.
  if (row.decision) await requestDecisionAct(db, row.id, { from: null, to: row.decision }, row.created_at);
  return row;
}

/** A service by id or name (case-insensitive), or undefined. */
export async function findService(
  db: Queryable,
  ref: string,
): Promise<{ id: string; name: string; ownerId: string | null } | undefined> {
  const { rows } = await db.query<{ id: string; name: string; ownerId: string | null }>(
    `SELECT id, name, owner_id AS "ownerId" FROM services WHERE id::text = lower($1) OR lower(name) = lower($1)
      ORDER BY name LIMIT 1`,
    [ref],
  );
  return rows[0];
}

/** Writes changed columns of an incident (keys are column names). */
export async function updateIncident(db: Queryable, id: string, patch: Partial<IncidentRow>): Promise<void> {
  const keys = Object.keys(patch).filter((k) => k !== 'id' && k !== 'number') as (keyof IncidentRow)[];
  if (keys.length === 0) return;
  await db.query(`UPDATE incidents SET ${keys.map((k, n) => `${k} = $${n + 2}`).join(', ')} WHERE id = $1`, [
    id,
    ...keys.map((k) => patch[k]),
  ]);
}

/** A page of incidents, newest first, with the cursor of the next page. */
export async function listIncidents(
  db: Queryable,
  q: ListQuery & {
    open?: boolean;
    statuses?: Status[];
    urgencies?: Urgency[];
    ownerId?: string | null;
    serviceId?: string;
    clientId?: string;
  },
): Promise<{ items: Incident[]; nextCursor: string | null }> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replaceAll(/\?1?/g, `$${args.length}`));
  };
  // "open" is spelled out as literals so the partial index incidents_open applies to every plan.
  if (q.open) where.push(`i.status IN (${openViewStatuses.map((x) => `'${x}'`).join(', ')})`);
  else if (q.statuses) add('i.status = ANY(?)', q.statuses);
  if (q.urgencies) add('i.urgency = ANY(?)', q.urgencies);
  if (q.ownerId === null) where.push('i.owner_id IS NULL');
  else if (q.ownerId) add('i.owner_id = ?', q.ownerId);
  if (q.scope) add('i.scope = ?', q.scope);
  if (q.criticality) add('i.criticality = ?', q.criticality);
  if (q.area) add('i.area = ?', q.area);
  if (q.serviceId) add('i.service_id = ?', q.serviceId);
  if (q.clientId) add('i.client_id = ?', q.clientId);
  // The words may be in the incident itself (tagline, description, resolution summary) or in a note.
  if (q.q)
    add(
      `i.id IN (SELECT s.id FROM incidents s WHERE s.search @@ websearch_to_tsquery('english', ?1)
         UNION SELECT n.incident_id FROM timeline_entries n WHERE n.kind = 'note'
           AND to_tsvector('english', coalesce(n.data ->> 'text', '')) @@ websearch_to_tsquery('english', ?1))`,
      q.q,
    );
  if (q.cursor) add('i.number < ?', Number(q.cursor));
  args.push(q.limit + 1);
  const { rows } = await db.query<Joined>(
    `SELECT ${joinedColumns} FROM incidents i LEFT JOIN users o ON o.id = i.owner_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.number DESC LIMIT $${args.length}`,
    args,
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return { items: page.map(toIncident), nextCursor: more ? String(page[page.length - 1]!.number) : null };
}

/** A service named by id or name (case-insensitive) for a filter, or 400 naming `field`. */
export async function findServiceId(db: Queryable, idOrName: string, field: string): Promise<string> {
  return findNamed(db, 'services', 'service', idOrName, field);
}

/** A client named by id or name (case-insensitive) for a filter, or 400 naming `field`. */
export async function findClientId(db: Queryable, idOrName: string, field: string): Promise<string> {
  return findNamed(db, 'clients', 'client', idOrName, field);
}

async function findNamed(
  db: Queryable,
  table: 'services' | 'clients',
  what: string,
  idOrName: string,
  field: string,
): Promise<string> {
  const byId = UUID.test(idOrName);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${table} WHERE ${byId ? 'id = $1::uuid' : 'lower(name) = lower($1)'} ORDER BY name LIMIT 1`,
    [idOrName],
  );
  if (!rows[0]) throw invalidField(field, `no ${what} "${idOrName}"`);
  return rows[0].id;
}
