/** Open incidents that look like what a customer reports, for the report form's suggestions. */
import type { Queryable } from '../db/pool.ts';
import type { Incident } from '../incidents/schema.ts';
import { getIncident, openStatuses } from '../incidents/store.ts';

/**
 * Open incidents ranked by how many of the text's words (stemmed, stop words dropped) their
 * tagline and description share: any word matches, more and rarer-placed words rank higher.
 */
export async function similarIncidents(db: Queryable, text: string, limit: number): Promise<Incident[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH q AS (SELECT nullif(replace(plainto_tsquery('english', $1)::text, ' & ', ' | '), '')::tsquery AS q)
     SELECT i.id FROM incidents i, q
      WHERE q.q IS NOT NULL AND i.status = ANY($2) AND i.search @@ q.q
      ORDER BY ts_rank(i.search, q.q) DESC, i.number DESC LIMIT $3`,
    [text, openStatuses, limit],
  );
  return Promise.all(rows.map((r) => getIncident(db, r.id)));
}

/** The service named most often (the first named on a tie), or null. */
export function mostNamed<T extends { id: string }>(services: (T | null)[]): T | null {
  const counts = new Map<string, { s: T; n: number }>();
  for (const s of services) if (s) counts.set(s.id, { s, n: (counts.get(s.id)?.n ?? 0) + 1 });
  let best: { s: T; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.s ?? null;
}
