/** SQL for the allow-list admins keep (table outbound_allow). */
import type { Queryable } from '../db/pool.ts';

/** One allowed host as admins see it. */
export interface AllowRow {
  entry: string;
  note: string;
  addedBy: string | null;
  addedAt: Date;
}

/** Every entry, in order. */
export async function listAllowed(db: Queryable): Promise<AllowRow[]> {
  const { rows } = await db.query<{ entry: string; note: string; added_by: string | null; added_at: Date }>(
    'SELECT entry, note, added_by, added_at FROM outbound_allow ORDER BY entry',
  );
  return rows.map((r) => ({ entry: r.entry, note: r.note, addedBy: r.added_by, addedAt: r.added_at }));
}

/** The entries alone, for the policy. */
export async function allowedEntries(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ entry: string }>('SELECT entry FROM outbound_allow');
  return rows.map((r) => r.entry);
}

/** Adds (or re-notes) an entry; answers it. */
export async function addAllowed(
  db: Queryable,
  a: { entry: string; note: string; by: string; at: Date },
): Promise<AllowRow> {
  await db.query(
    `INSERT INTO outbound_allow (entry, note, added_by, added_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (entry) DO UPDATE SET note = EXCLUDED.note`,
    [a.entry, a.note, a.by, a.at],
  );
  return (await listAllowed(db)).find((r) => r.entry === a.entry)!;
}

/** Removes an entry; answers whether there was one. */
export async function removeAllowed(db: Queryable, entry: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM outbound_allow WHERE entry = $1', [entry]);
  return (rowCount ?? 0) > 0;
}
