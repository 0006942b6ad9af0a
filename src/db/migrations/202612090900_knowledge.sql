-- Why: "have we seen this before?" (#22). Searching incidents now covers their resolution summaries
-- and the notes written while working them, and past incidents are found by what they said, by how
-- their words look (trigram similarity for taglines, service names and error texts, where stemming
-- does not help), and through their shared resolution reports and published post-mortems.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE incidents DROP COLUMN search;
ALTER TABLE incidents ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', tagline), 'A')
  || setweight(to_tsvector('english', coalesce(description, '')), 'B')
  || setweight(to_tsvector('english', coalesce(resolution_summary, '')), 'B')
) STORED;
CREATE INDEX incidents_search ON incidents USING gin (search);
CREATE INDEX incidents_title_trgm ON incidents USING gin (title gin_trgm_ops);

-- Notes are timeline entries; only they are searched, so only they are indexed.
CREATE INDEX timeline_notes_search ON timeline_entries
  USING gin (to_tsvector('english', coalesce(data ->> 'text', '')))
  WHERE kind = 'note';

CREATE INDEX resolution_reports_search ON resolution_reports
  USING gin (to_tsvector('english', technical || ' ' || plain));

CREATE INDEX postmortems_search ON postmortems
  USING gin (jsonb_to_tsvector('english', document, '["string"]'))
  WHERE status = 'published';
