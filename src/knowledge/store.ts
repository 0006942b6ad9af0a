/**
 * The knowledge base's SQL: what resolved and closed incidents left behind (their own words and
 * resolution summary, their notes, their resolution report, their published post-mortem), found by
 * full text with ranking and, for titles, by trigram similarity (how the words look: error texts,
 * service names, misspellings).
 */
import type { Queryable } from '../db/pool.ts';
import type { KnowledgeSource, PastIncident } from './schema.ts';

const PAST = `('resolved', 'closed')`;

// How many matches of the incidents and of the notes (the newest) are ranked: a common word then
// costs a bounded amount however many incidents share it.
const CANDIDATES = 1000;

// Every searchable text of past incidents as (incident, source, rank, text) for the query `q.q`.
const hits = `
  SELECT i.id AS incident_id, 'incident' AS source, ts_rank(i.search, q.q) AS rank,
         concat_ws(E'\\n', i.title, i.description, i.resolution_summary) AS body
    FROM (SELECT i.* FROM incidents i, q WHERE i.search @@ q.q AND i.status IN ${PAST}
           ORDER BY i.number DESC LIMIT ${CANDIDATES}) i, q
  UNION ALL
  SELECT n.incident_id, 'note', ts_rank(to_tsvector('english', coalesce(n.data ->> 'text', '')), q.q),
         n.data ->> 'text'
    FROM (SELECT n.* FROM timeline_entries n, q
           WHERE n.kind = 'note' AND to_tsvector('english', coalesce(n.data ->> 'text', '')) @@ q.q
           ORDER BY n.id DESC LIMIT ${CANDIDATES}) n, q
  UNION ALL
  SELECT r.incident_id, 'report', ts_rank(to_tsvector('english', r.technical || ' ' || r.plain), q.q),
         r.technical
    FROM resolution_reports r, q WHERE to_tsvector('english', r.technical || ' ' || r.plain) @@ q.q
  UNION ALL
  SELECT p.incident_id, 'postmortem', ts_rank(jsonb_to_tsvector('english', p.document, '["string"]'), q.q),
         (SELECT string_agg(v #>> '{}', E'\\n') FROM jsonb_path_query(p.document, 'strict $.**') v
           WHERE jsonb_typeof(v) = 'string')
    FROM postmortems p, q
   WHERE p.status = 'published' AND jsonb_to_tsvector('english', p.document, '["string"]') @@ q.q`;

// The best incidents of `hits` (plus `extra` rows), their passage marked between « and ».
const best = (extra: string, boost: string) => `
  ranked AS (
    SELECT h.incident_id, sum(h.rank) + ${boost} AS score, array_agg(DISTINCT h.source) AS matched,
           (array_agg(h.body ORDER BY h.body IS NULL, h.rank DESC))[1] AS body
      FROM (${hits}${extra}) h JOIN incidents i ON i.id = h.incident_id
     WHERE i.status IN ${PAST} AND i.id IS DISTINCT FROM $3::uuid
     GROUP BY h.incident_id, i.service_id ORDER BY score DESC, h.incident_id LIMIT $2)
  SELECT r.incident_id, r.score, r.matched,
         CASE WHEN r.body IS NULL OR q.q IS NULL THEN NULL ELSE ts_headline('english', r.body, q.q,
           'StartSel=«, StopSel=», MaxFragments=1, MaxWords=30, MinWords=10') END AS snippet
    FROM ranked r, q ORDER BY r.score DESC, r.incident_id`;

interface Hit {
  incident_id: string;
  score: number;
  matched: KnowledgeSource[];
  snippet: string | null;
}

/** Past incidents matching `text` (web-search syntax: every word, "phrases", -not), best first. */
export async function searchKnowledge(db: Queryable, text: string, limit: number): Promise<PastIncident[]> {
  const { rows } = await db.query<Hit>(
    `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS q), ${best('', '0')}`,
    [text, limit, null],
  );
  return withDetails(db, rows);
}

/**
 * Past incidents like what is happening now: any of the text's words (stemmed, stop words
 * dropped) in what they left, titles that look alike, and the same service ranked higher.
 */
export async function similarPast(
  db: Queryable,
  s: { text: string; serviceId: string | null; exclude: string | null; limit: number },
): Promise<PastIncident[]> {
  const title = `
  UNION ALL
  SELECT t.id, 'title', t.similarity, NULL
    FROM (SELECT i.id, similarity(i.title, $1) AS similarity FROM incidents i
           WHERE i.title % $1 AND i.status IN ${PAST} ORDER BY i.number DESC LIMIT ${CANDIDATES}) t`;
  const { rows } = await db.query<Hit>(
    `WITH q AS (SELECT nullif(replace(plainto_tsquery('english', $1)::text, ' & ', ' | '), '')::tsquery AS q),
     ${best(title, `CASE WHEN i.service_id = $4::uuid THEN 0.1 ELSE 0 END`)}`,
    [s.text, s.limit, s.exclude, s.serviceId],
  );
  return withDetails(db, rows);
}

async function withDetails(db: Queryable, hitRows: Hit[]): Promise<PastIncident[]> {
  if (hitRows.length === 0) return [];
  const { rows } = await db.query<{
    id: string;
    number: number;
    title: string;
    tagline: string;
    status: PastIncident['incident']['status'];
    resolved_at: Date | null;
    resolution_summary: string | null;
    service_id: string | null;
    service_name: string | null;
    postmortem_id: string | null;
    postmortem_status: string | null;
    has_report: boolean;
  }>(
    `SELECT i.id, i.number, i.title, i.tagline, i.status, i.resolved_at, i.resolution_summary,
            s.id AS service_id, s.name AS service_name, p.id AS postmortem_id, p.status AS postmortem_status,
            (r.incident_id IS NOT NULL) AS has_report
       FROM incidents i LEFT JOIN services s ON s.id = i.service_id
       LEFT JOIN postmortems p ON p.incident_id = i.id LEFT JOIN resolution_reports r ON r.incident_id = i.id
      WHERE i.id = ANY($1)`,
    [hitRows.map((h) => h.incident_id)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hitRows.flatMap((h) => {
    const r = byId.get(h.incident_id);
    if (!r) return [];
    return [
      {
        incident: {
          id: r.id,
          number: Number(r.number),
          title: r.title,
          tagline: r.tagline,
          status: r.status,
          resolvedAt: r.resolved_at?.toISOString() ?? null,
          service: r.service_id ? { id: r.service_id, name: r.service_name ?? '' } : null,
        },
        fix: r.resolution_summary,
        postmortem: r.postmortem_id ? { id: r.postmortem_id, status: r.postmortem_status ?? 'draft' } : null,
        hasReport: r.has_report,
        matched: h.matched,
        snippet: h.snippet,
        score: Math.round(Number(h.score) * 1000) / 1000,
      },
    ];
  });
}
