/** All SQL of status pages: pages, groups, components, maintenance, public updates, subscribers. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { ComponentState, PublicStatus } from './schema.ts';

export interface PageRow {
  id: string;
  name: string;
  slug: string;
  custom_host: string | null;
  client_id: string | null;
  /** Set: the page is private, served only under this key. */
  access_key: string | null;
  created_at: Date;
  updated_at: Date;
}
export interface GroupRow {
  id: string;
  name: string;
  position: number;
}
export interface ComponentRow {
  id: string;
  page_id: string;
  group_id: string | null;
  name: string;
  description: string;
  service_id: string | null;
  manual_state: ComponentState | null;
  position: number;
  created_at: Date;
  updated_at: Date;
}
export interface MaintenanceRow {
  id: string;
  page_id: string;
  title: string;
  body: string;
  starts_at: Date;
  ends_at: Date;
  component_ids: string[];
  created_at: Date;
}

const PAGE = 'id, name, slug, custom_host, client_id, access_key, created_at, updated_at';

export async function listPages(db: Queryable): Promise<(PageRow & { subscribers: number })[]> {
  const { rows } = await db.query<PageRow & { subscribers: number }>(
    `SELECT ${PAGE}, (SELECT count(*)::int FROM status_subscribers s
        WHERE s.page_id = p.id AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL) AS subscribers
       FROM status_pages p ORDER BY name, slug`,
  );
  return rows;
}

export async function getPage(db: Queryable, id: string): Promise<PageRow> {
  const { rows } = await db.query<PageRow>(`SELECT ${PAGE} FROM status_pages WHERE id = $1`, [id]);
  if (!rows[0]) throw notFound('status page', id);
  return rows[0];
}

export async function pageBySlug(db: Queryable, slug: string): Promise<PageRow | undefined> {
  const { rows } = await db.query<PageRow>(`SELECT ${PAGE} FROM status_pages WHERE slug = $1`, [slug]);
  return rows[0];
}

/** Custom host → slug, for serving pages by Host header (a private page is not served there). */
export async function customHosts(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ custom_host: string; slug: string }>(
    'SELECT custom_host, slug FROM status_pages WHERE custom_host IS NOT NULL AND access_key IS NULL',
  );
  return new Map(rows.map((r) => [r.custom_host, r.slug]));
}

export interface PageFields {
  name: string;
  slug: string;
  customHost: string | null;
  clientId: string | null;
}

export async function insertPage(
  db: Queryable,
  p: PageFields & { accessKey: string | null },
  at: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO status_pages (name, slug, custom_host, client_id, access_key, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [p.name, p.slug, p.customHost, p.clientId, p.accessKey, at],
  );
  return rows[0]!.id;
}

export async function updatePage(db: Queryable, id: string, p: Partial<PageFields>, at: Date): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE status_pages SET
       name = coalesce($2, name), slug = coalesce($3, slug),
       custom_host = CASE WHEN $4 THEN $5 ELSE custom_host END,
       client_id = CASE WHEN $6 THEN $7::uuid ELSE client_id END, updated_at = $8
     WHERE id = $1`,
    [
      id,
      p.name ?? null,
      p.slug ?? null,
      p.customHost !== undefined,
      p.customHost ?? null,
      p.clientId !== undefined,
      p.clientId ?? null,
      at,
    ],
  );
  if (!rowCount) throw notFound('status page', id);
}

export async function deletePage(db: Queryable, id: string): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM status_pages WHERE id = $1', [id]);
  if (!rowCount) throw notFound('status page', id);
}

export async function listGroups(db: Queryable, pageId: string): Promise<GroupRow[]> {
  const { rows } = await db.query<GroupRow>(
    'SELECT id, name, position FROM status_component_groups WHERE page_id = $1 ORDER BY position, name',
    [pageId],
  );
  return rows;
}

export async function insertGroup(
  db: Queryable,
  pageId: string,
  g: { name: string; position?: number | undefined },
  at: Date,
): Promise<void> {
  await db.query(
    'INSERT INTO status_component_groups (page_id, name, position, created_at) VALUES ($1, $2, $3, $4)',
    [pageId, g.name, g.position ?? 0, at],
  );
}

export async function updateGroup(
  db: Queryable,
  pageId: string,
  id: string,
  g: { name?: string | undefined; position?: number | undefined },
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE status_component_groups SET name = coalesce($3, name), position = coalesce($4, position)
      WHERE page_id = $1 AND id = $2`,
    [pageId, id, g.name ?? null, g.position ?? null],
  );
  if (!rowCount) throw notFound('component group', id);
}

export async function deleteGroup(db: Queryable, pageId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM status_component_groups WHERE page_id = $1 AND id = $2', [
    pageId,
    id,
  ]);
  if (!rowCount) throw notFound('component group', id);
}

export async function listComponents(db: Queryable, pageId: string): Promise<ComponentRow[]> {
  const { rows } = await db.query<ComponentRow>(
    `SELECT id, page_id, group_id, name, description, service_id, manual_state, position, created_at, updated_at
       FROM status_components WHERE page_id = $1 ORDER BY position, name`,
    [pageId],
  );
  return rows;
}

export interface ComponentFields {
  name: string;
  description: string;
  groupId: string | null;
  serviceId: string | null;
  state: ComponentState | null;
  position: number;
}

export async function insertComponent(
  db: Queryable,
  pageId: string,
  c: ComponentFields,
  at: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO status_components
       (page_id, group_id, name, description, service_id, manual_state, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [pageId, c.groupId, c.name, c.description, c.serviceId, c.state, c.position, at],
  );
  return rows[0]!.id;
}

/** Sets the given fields of a component (`undefined` keeps a field). */
export async function updateComponent(
  db: Queryable,
  pageId: string,
  id: string,
  c: Partial<ComponentFields>,
  at: Date,
): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [pageId, id, at];
  const columns: Record<keyof ComponentFields, string> = {
    name: 'name',
    description: 'description',
    groupId: 'group_id',
    serviceId: 'service_id',
    state: 'manual_state',
    position: 'position',
  };
  for (const [field, column] of Object.entries(columns) as [keyof ComponentFields, string][]) {
    if (c[field] === undefined) continue;
    values.push(c[field]);
    sets.push(`${column} = $${values.length}`);
  }
  const { rowCount } = await db.query(
    `UPDATE status_components SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE page_id = $1 AND id = $2`,
    values,
  );
  if (!rowCount) throw notFound('component', id);
}

export async function deleteComponent(db: Queryable, pageId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM status_components WHERE page_id = $1 AND id = $2', [
    pageId,
    id,
  ]);
  if (!rowCount) throw notFound('component', id);
}

/** Maintenance of a page ending after `since`, soonest first. */
export async function listMaintenances(
  db: Queryable,
  pageId: string,
  since: Date,
): Promise<MaintenanceRow[]> {
  const { rows } = await db.query<MaintenanceRow>(
    `SELECT id, page_id, title, body, starts_at, ends_at, component_ids, created_at
       FROM status_maintenances WHERE page_id = $1 AND ends_at > $2 ORDER BY starts_at LIMIT 50`,
    [pageId, since],
  );
  return rows;
}

export async function insertMaintenance(
  db: Queryable,
  pageId: string,
  m: { title: string; body: string; startsAt: Date; endsAt: Date; componentIds: string[] },
  at: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO status_maintenances (page_id, title, body, starts_at, ends_at, component_ids, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [pageId, m.title, m.body, m.startsAt, m.endsAt, m.componentIds, at],
  );
  return rows[0]!.id;
}

export async function deleteMaintenance(db: Queryable, pageId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM status_maintenances WHERE page_id = $1 AND id = $2', [
    pageId,
    id,
  ]);
  if (!rowCount) throw notFound('maintenance', id);
}

/** Stores a public update; false when an update with this id was stored before. */
export async function insertUpdate(
  db: Queryable,
  u: { id: string; incidentId: string; status: PublicStatus; body: string },
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO status_incident_updates (id, incident_id, status, body, published_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
    [u.id, u.incidentId, u.status, u.body, at],
  );
  return rowCount === 1;
}
