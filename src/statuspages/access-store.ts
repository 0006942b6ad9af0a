/** The SQL of private pages: their access keys, and making a page private or public. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';

/** Slug → access key of the private pages. */
export async function accessKeys(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ slug: string; access_key: string }>(
    'SELECT slug, access_key FROM status_pages WHERE access_key IS NOT NULL',
  );
  return new Map(rows.map((r) => [r.slug, r.access_key]));
}

/**
 * Makes the page private (keeping its key, or with `key` when it had none; `rotate`: with `key`
 * whatever it had) or public (no key).
 */
export async function setPrivate(
  db: Queryable,
  id: string,
  p: { private: boolean; key: string; rotate?: boolean },
  at: Date,
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE status_pages SET updated_at = $5,
       access_key = CASE WHEN NOT $2 THEN NULL WHEN $4 THEN $3 ELSE coalesce(access_key, $3) END
     WHERE id = $1`,
    [id, p.private, p.key, p.rotate ?? false, at],
  );
  if (!rowCount) throw notFound('status page', id);
}
