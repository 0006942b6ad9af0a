/** The SQL behind a rendered page: published incidents with their updates, open incidents, history. */
import type { Queryable } from '../db/pool.ts';
import type { PublicStatus } from './schema.ts';

export interface PublishedIncident {
  id: string;
  number: number;
  title: string;
  urgency: string | null;
  service_id: string | null;
  created_at: Date;
  updates: { id: string; status: PublicStatus; body: string; published_at: string }[];
}

/**
 * Incidents with a public update in the last `days` days shown on a page: those on a service the
 * page maps, or without a service on a public page; a client's page leaves out other clients'.
 * Newest update first, at most 50; each with its updates, oldest first.
 */
export async function publishedIncidents(
  db: Queryable,
  page: { serviceIds: string[]; isPublic: boolean; clientId: string | null },
  since: Date,
): Promise<PublishedIncident[]> {
  const { rows } = await db.query<PublishedIncident>(
    `SELECT i.id, i.number, i.title, i.urgency, i.service_id, i.created_at, x.updates
       FROM incidents i
       JOIN LATERAL (
         SELECT json_agg(json_build_object('id', u.id, 'status', u.status, 'body', u.body,
                  'published_at', u.published_at) ORDER BY u.published_at, u.seq) AS updates,
                max(u.published_at) AS last_at
           FROM status_incident_updates u WHERE u.incident_id = i.id) x ON true
      WHERE x.last_at > $4
        AND (i.service_id = ANY($1::uuid[]) OR (i.service_id IS NULL AND $2))
        AND ($3::uuid IS NULL OR i.client_id IS NULL OR i.client_id = $3)
      ORDER BY x.last_at DESC LIMIT 50`,
    [page.serviceIds, page.isPublic, page.clientId, since],
  );
  return rows;
}

/**
 * The highest urgency (P1 first; 'P9' for none set) of each service's open incidents, leaving out
 * those whose newest public update says resolved.
 */
export async function openUrgencies(db: Queryable, serviceIds: string[]): Promise<Map<string, string>> {
  if (!serviceIds.length) return new Map();
  const { rows } = await db.query<{ service_id: string; urgency: string }>(
    `SELECT i.service_id, min(coalesce(i.urgency, 'P9')) AS urgency
       FROM incidents i
      WHERE i.service_id = ANY($1::uuid[])
        AND i.status IN ('triage', 'investigating', 'fixing', 'monitoring')
        AND coalesce((SELECT u.status FROM status_incident_updates u WHERE u.incident_id = i.id
                       ORDER BY u.published_at DESC, u.seq DESC LIMIT 1), '') <> 'resolved'
      GROUP BY i.service_id`,
    [serviceIds],
  );
  return new Map(rows.map((r) => [r.service_id, r.urgency]));
}

export interface Outage {
  service_id: string;
  urgency: string | null;
  from: Date;
  to: Date;
}

/** The incidents of the services overlapping [since, now], as intervals (open ones end now). */
export async function outages(
  db: Queryable,
  serviceIds: string[],
  since: Date,
  now: Date,
): Promise<Outage[]> {
  if (!serviceIds.length) return [];
  const { rows } = await db.query<Outage>(
    `SELECT service_id, urgency, greatest(created_at, $2) AS "from",
            least(coalesce(resolved_at, CASE WHEN status IN ('triage', 'investigating', 'fixing', 'monitoring')
                                             THEN $3::timestamptz ELSE updated_at END), $3) AS "to"
       FROM incidents
      WHERE service_id = ANY($1::uuid[]) AND created_at < $3
        AND status NOT IN ('backlogged', 'declined')
        AND coalesce(resolved_at, $3) > $2`,
    [serviceIds, since, now],
  );
  return rows.filter((r) => r.to > r.from);
}
