/** SQL of an incident's conclusion: its links and the parts of the conclusion sent. */
import type { Queryable } from '../db/pool.ts';
import type { ConclusionPart, Link } from './conclusion-schema.ts';

/** The links of an incident, oldest first. */
export async function listLinks(db: Queryable, incidentId: string): Promise<Link[]> {
  const { rows } = await db.query<Link & { addedAt: Date }>(
    `SELECT l.id, l.kind, l.title, l.url, u.name AS "addedBy", l.added_at AS "addedAt"
       FROM incident_links l LEFT JOIN users u ON u.id = l.added_by
      WHERE l.incident_id = $1 ORDER BY l.added_at, l.id LIMIT 200`,
    [incidentId],
  );
  return rows.map((r) => ({ ...r, addedAt: r.addedAt.toISOString() }));
}

export async function insertLink(
  db: Queryable,
  l: { incidentId: string; kind: Link['kind']; title: string; url: string; by: string; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO incident_links (incident_id, kind, title, url, added_by, added_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [l.incidentId, l.kind, l.title, l.url, l.by, l.at],
  );
  return rows[0]!.id;
}

export interface SentPart {
  part: ConclusionPart;
  text: string;
  recipients: string[];
  sentBy: string | null;
  sentAt: Date;
}

/** The parts of the conclusion already sent. */
export async function sentParts(db: Queryable, incidentId: string): Promise<SentPart[]> {
  const { rows } = await db.query<SentPart>(
    `SELECT c.part, c.text, c.recipients, u.name AS "sentBy", c.sent_at AS "sentAt"
       FROM incident_conclusions c LEFT JOIN users u ON u.id = c.sent_by WHERE c.incident_id = $1`,
    [incidentId],
  );
  return rows;
}

/** Records a part as sent; false when it was sent already. */
export async function recordPart(
  db: Queryable,
  p: { incidentId: string; part: ConclusionPart; text: string; recipients: string[]; by: string; at: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO incident_conclusions (incident_id, part, text, recipients, sent_by, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.incidentId, p.part, p.text, p.recipients, p.by, p.at],
  );
  return rowCount === 1;
}
