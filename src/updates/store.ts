/**
 * SQL of updates: sent updates, stakeholder email lists (per service, per client, default),
 * template overrides, the cadence per urgency, and the incidents whose next update is due.
 */
import type { Queryable } from '../db/pool.ts';
import type { Urgency } from '../classification/codes.ts';
import type { Audience, Stage, TemplateKey, Update } from './schema.ts';
import type { Template } from './templates.ts';

/** Minutes between updates per urgency when an admin set none; null: on change. */
export const defaultCadence: Record<Urgency, number | null> = { P1: 30, P2: 60, P3: null, P4: null };

interface UpdateRow {
  id: string;
  stage: Stage;
  technical: string;
  plain: string;
  audiences: Audience[];
  outstanding: string | null;
  data_loss: string | null;
  author_id: string | null;
  author_name: string | null;
  sent_at: Date;
}

const toUpdate = (r: UpdateRow): Update => ({
  id: r.id,
  stage: r.stage,
  technical: r.technical,
  plain: r.plain,
  audiences: r.audiences,
  outstanding: r.outstanding,
  dataLoss: r.data_loss,
  author: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
  sentAt: r.sent_at.toISOString(),
});

/** Stores a sent update. */
export async function insertUpdate(
  db: Queryable,
  u: Omit<Update, 'id' | 'author' | 'sentAt'> & { incidentId: string; authorId: string | null; at: Date },
): Promise<Update> {
  const { rows } = await db.query<UpdateRow>(
    `WITH u AS (INSERT INTO incident_updates (incident_id, stage, technical, plain, audiences, outstanding, data_loss, author_id, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
     SELECT u.*, a.name AS author_name FROM u LEFT JOIN users a ON a.id = u.author_id`,
    [u.incidentId, u.stage, u.technical, u.plain, u.audiences, u.outstanding, u.dataLoss, u.authorId, u.at],
  );
  return toUpdate(rows[0]!);
}

/** The updates of an incident, newest first. */
export async function listUpdates(db: Queryable, incidentId: string): Promise<Update[]> {
  const { rows } = await db.query<UpdateRow>(
    `SELECT u.*, a.name AS author_name FROM incident_updates u LEFT JOIN users a ON a.id = u.author_id
      WHERE u.incident_id = $1 ORDER BY u.sent_at DESC, u.id LIMIT 500`,
    [incidentId],
  );
  return rows.map(toUpdate);
}

/** One update by id, with its incident. */
export async function getUpdate(
  db: Queryable,
  id: string,
): Promise<(Update & { incidentId: string }) | undefined> {
  const { rows } = await db.query<UpdateRow & { incident_id: string }>(
    `SELECT u.*, a.name AS author_name FROM incident_updates u LEFT JOIN users a ON a.id = u.author_id WHERE u.id = $1`,
    [id],
  );
  return rows[0] && { ...toUpdate(rows[0]), incidentId: rows[0].incident_id };
}

/** The templates: admins' overrides over the built-in defaults. */
export async function templates(
  db: Queryable,
  defaults: Record<TemplateKey, Template>,
): Promise<Record<TemplateKey, Template>> {
  const { rows } = await db.query<{ key: TemplateKey; technical: string; plain: string }>(
    'SELECT key, technical, plain FROM update_templates',
  );
  const out = { ...defaults };
  for (const r of rows) out[r.key] = { technical: r.technical, plain: r.plain };
  return out;
}

/** Sets a template, or (null) returns it to the default. */
export async function setTemplate(
  db: Queryable,
  key: TemplateKey,
  t: Template | null,
  at: Date,
): Promise<void> {
  if (!t) await db.query('DELETE FROM update_templates WHERE key = $1', [key]);
  else
    await db.query(
      `INSERT INTO update_templates (key, technical, plain, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET technical = $2, plain = $3, updated_at = $4`,
      [key, t.technical, t.plain, at],
    );
}

/** Minutes between updates per urgency (null: on change). */
export async function cadence(db: Queryable): Promise<Record<Urgency, number | null>> {
  const { rows } = await db.query<{ urgency: Urgency; minutes: number | null }>(
    'SELECT urgency, minutes FROM update_cadence',
  );
  const out = { ...defaultCadence };
  for (const r of rows) out[r.urgency] = r.minutes;
  return out;
}

export async function setCadence(db: Queryable, urgency: Urgency, minutes: number | null): Promise<void> {
  await db.query(
    `INSERT INTO update_cadence (urgency, minutes) VALUES ($1, $2) ON CONFLICT (urgency) DO UPDATE SET minutes = $2`,
    [urgency, minutes],
  );
}

export interface ListRow {
  id: string;
  name: string;
  emails: string[];
  channel: string | null;
}

/** The stakeholder lists: the default one and those of services and clients (with their names). */
export async function stakeholderLists(db: Queryable): Promise<{
  default: string[];
  defaultChannel: string | null;
  services: ListRow[];
  clients: ListRow[];
}> {
  const { rows } = await db.query<{
    kind: 'default' | 'service' | 'client';
    id: string | null;
    name: string | null;
    emails: string[];
    channel: string | null;
  }>(
    `SELECT CASE WHEN l.service_id IS NOT NULL THEN 'service' WHEN l.client_id IS NOT NULL THEN 'client' ELSE 'default' END AS kind,
            coalesce(l.service_id, l.client_id) AS id, coalesce(s.name, c.name) AS name, l.emails, l.channel
       FROM update_stakeholder_lists l LEFT JOIN services s ON s.id = l.service_id LEFT JOIN clients c ON c.id = l.client_id
      ORDER BY 3`,
  );
  const of = (kind: string) =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ id: r.id!, name: r.name ?? '', emails: r.emails, channel: r.channel }));
  const byDefault = rows.find((r) => r.kind === 'default');
  return {
    default: byDefault?.emails ?? [],
    defaultChannel: byDefault?.channel ?? null,
    services: of('service'),
    clients: of('client'),
  };
}

/**
 * Sets one list (of a service, a client, or the default with `id` null): its emails, and its chat
 * channel unless `channel` is undefined (then it stays). A list with neither is removed.
 */
export async function setStakeholderList(
  db: Queryable,
  of: 'service' | 'client' | 'default',
  id: string | null,
  emails: string[],
  channel?: string | null,
): Promise<void> {
  const where = of === 'default' ? 'service_id IS NULL AND client_id IS NULL' : `${of}_id = $1`;
  const { rows } = await db.query<{ channel: string | null }>(
    `DELETE FROM update_stakeholder_lists WHERE ${where} RETURNING channel`,
    of === 'default' ? [] : [id],
  );
  const kept = channel === undefined ? (rows[0]?.channel ?? null) : channel;
  if (emails.length === 0 && !kept) return;
  await db.query(
    'INSERT INTO update_stakeholder_lists (service_id, client_id, emails, channel) VALUES ($1, $2, $3, $4)',
    [
      of === 'service' ? id : null,
      of === 'client' ? id : null,
      [...new Set(emails.map((e) => e.toLowerCase()))],
      kept,
    ],
  );
}

/** Whether a service or client with this id exists. */
export async function exists(db: Queryable, of: 'service' | 'client', id: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM ${of === 'service' ? 'services' : 'clients'} WHERE id = $1`,
    [id],
  );
  return rows.length > 0;
}

/**
 * Where an incident's plain update goes: the emails and chat channels of the lists of its service
 * and its client, or of the default list when neither has one.
 */
export async function stakeholderTargets(
  db: Queryable,
  incidentId: string,
): Promise<{ emails: string[]; channels: string[] }> {
  const { rows } = await db.query<{ emails: string[]; channels: string[] }>(
    `WITH own AS (SELECT l.* FROM incidents i, update_stakeholder_lists l
                   WHERE i.id = $1 AND (l.service_id = i.service_id OR l.client_id = i.client_id)),
          lists AS (SELECT * FROM own UNION ALL
                    SELECT l.* FROM update_stakeholder_lists l
                     WHERE l.service_id IS NULL AND l.client_id IS NULL AND NOT EXISTS (SELECT 1 FROM own))
     SELECT ARRAY(SELECT DISTINCT e FROM lists, unnest(lists.emails) e ORDER BY e) AS emails,
            ARRAY(SELECT DISTINCT channel FROM lists WHERE channel IS NOT NULL ORDER BY channel) AS channels`,
    [incidentId],
  );
  return { emails: rows[0]?.emails ?? [], channels: rows[0]?.channels ?? [] };
}

/** When the incident's last update was sent, if ever. */
export async function lastUpdateAt(db: Queryable, incidentId: string): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    'SELECT max(sent_at) AS at FROM incident_updates WHERE incident_id = $1',
    [incidentId],
  );
  return rows[0]?.at ?? null;
}

/**
 * Open incidents whose next update is due by `now` under `minutes` per urgency: due at the last
 * update (or the incident's start) plus its urgency's minutes, and again each period it stays
 * overdue; `dueAt` is the latest of those due times (one reminder each).
 */
export async function dueIncidents(
  db: Queryable,
  minutes: Record<Urgency, number | null>,
  now: Date,
): Promise<{ id: string; dueAt: Date }[]> {
  const { rows } = await db.query<{ id: string; due_at: Date }>(
    `WITH m AS (SELECT key AS urgency, value::int AS minutes FROM jsonb_each_text($1::jsonb)),
     b AS (SELECT i.id, m.minutes,
                  coalesce((SELECT max(u.sent_at) FROM incident_updates u WHERE u.incident_id = i.id), i.created_at) AS base
             FROM incidents i JOIN m ON m.urgency = i.urgency::text
            WHERE i.status IN ('triage', 'investigating', 'fixing', 'monitoring'))
     SELECT id, base + make_interval(mins => minutes * floor(extract(epoch FROM $2 - base) / 60 / minutes)::int) AS due_at
       FROM b WHERE base + make_interval(mins => minutes) <= $2 ORDER BY due_at LIMIT 1000`,
    [JSON.stringify(Object.fromEntries(Object.entries(minutes).filter(([, m]) => m !== null))), now],
  );
  return rows.map((r) => ({ id: r.id, dueAt: r.due_at }));
}
