/** The SQL of status page subscribers and of who hears of a public update. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';

export interface SubscriberRow {
  id: string;
  page_id: string;
  kind: 'email' | 'webhook';
  address: string;
  component_ids: string[];
  created_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  /** A webhook's `whsec_` Standard Webhooks secret; null for email. */
  signing_secret: string | null;
}

const COLS =
  'id, page_id, kind, address, component_ids, created_at, confirmed_at, unsubscribed_at, signing_secret';

/**
 * Adds a subscriber (an email one waits for its confirmation). An address already subscribed to the
 * page gets its choice of components replaced and keeps its secret; returns the row and whether it
 * is new.
 */
export async function addSubscriber(
  db: Queryable,
  s: {
    pageId: string;
    kind: 'email' | 'webhook';
    address: string;
    componentIds: string[];
    confirmed: boolean;
    signingSecret?: string;
  },
  at: Date,
): Promise<SubscriberRow & { created: boolean }> {
  const { rows } = await db.query<SubscriberRow & { created: boolean }>(
    `INSERT INTO status_subscribers
       (page_id, kind, address, component_ids, created_at, confirmed_at, signing_secret)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN $5::timestamptz END, $7)
     ON CONFLICT (page_id, kind, lower(address)) WHERE unsubscribed_at IS NULL
     DO UPDATE SET component_ids = EXCLUDED.component_ids
     RETURNING ${COLS}, (xmax = 0) AS created`,
    [s.pageId, s.kind, s.address, s.componentIds, at, s.confirmed, s.signingSecret ?? null],
  );
  return rows[0]!;
}

export async function getSubscriber(db: Queryable, id: string): Promise<SubscriberRow | undefined> {
  const { rows } = await db.query<SubscriberRow>(`SELECT ${COLS} FROM status_subscribers WHERE id = $1`, [
    id,
  ]);
  return rows[0];
}

export async function confirmSubscriber(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    'UPDATE status_subscribers SET confirmed_at = coalesce(confirmed_at, $2) WHERE id = $1 AND unsubscribed_at IS NULL',
    [id, at],
  );
}

export async function unsubscribe(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    'UPDATE status_subscribers SET unsubscribed_at = coalesce(unsubscribed_at, $2) WHERE id = $1',
    [id, at],
  );
}

/** An admin removes a subscriber of page `pageId` (as if it had left); 404 when it is not one. */
export async function removeSubscriber(db: Queryable, pageId: string, id: string, at: Date): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE status_subscribers SET unsubscribed_at = $3
      WHERE page_id = $1 AND id = $2 AND unsubscribed_at IS NULL`,
    [pageId, id, at],
  );
  if (!rowCount) throw notFound('subscriber', id);
}

/** Subscribers of a page who have not left (confirmed or still waiting for their confirmation). */
export async function listSubscribers(db: Queryable, pageId: string): Promise<SubscriberRow[]> {
  const { rows } = await db.query<SubscriberRow>(
    `SELECT ${COLS} FROM status_subscribers WHERE page_id = $1 AND unsubscribed_at IS NULL ORDER BY created_at`,
    [pageId],
  );
  return rows;
}

/**
 * Who hears of a public update of `incidentId`: confirmed subscribers of every page showing it
 * (a page mapping its service, or any public page when it has none; a client's page only for its
 * own or client-less incidents) who chose no components or one mapping the service.
 */
export async function audienceOf(db: Queryable, incidentId: string): Promise<SubscriberRow[]> {
  const { rows } = await db.query<SubscriberRow>(
    `SELECT ${COLS.split(', ')
      .map((c) => `s.${c}`)
      .join(', ')}
       FROM incidents i
       JOIN status_pages p ON (p.client_id IS NULL OR i.client_id IS NULL OR p.client_id = i.client_id)
       JOIN status_subscribers s ON s.page_id = p.id
      WHERE i.id = $1 AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
        AND (CASE WHEN i.service_id IS NULL THEN p.client_id IS NULL
                  ELSE EXISTS (SELECT 1 FROM status_components c WHERE c.page_id = p.id AND c.service_id = i.service_id)
             END)
        AND (cardinality(s.component_ids) = 0 OR i.service_id IS NULL OR EXISTS (
              SELECT 1 FROM status_components c
               WHERE c.id = ANY(s.component_ids) AND c.service_id = i.service_id))`,
    [incidentId],
  );
  return rows;
}
