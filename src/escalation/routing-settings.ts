/** SQL for the organisation's default escalation policy, kept in `settings`. */
import type { Queryable } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import { DEFAULT_POLICY_KEY } from './route-store.ts';

/** The default policy's id, or null. */
export async function defaultPolicy(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ id: string | null }>(
    `SELECT value->>'policyId' AS id FROM settings WHERE key = $1`,
    [DEFAULT_POLICY_KEY],
  );
  return rows[0]?.id ?? null;
}

/** Sets (or clears, with null) the default policy; 400 naming the field if no such policy. */
export async function saveDefaultPolicy(db: Queryable, policyId: string | null, at: Date): Promise<void> {
  if (policyId) {
    const { rows } = await db.query('SELECT 1 FROM escalation_policies WHERE id = $1', [policyId]);
    if (!rows[0]) throw invalidField('body.policyId', `no escalation policy ${policyId}`);
  }
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [DEFAULT_POLICY_KEY, JSON.stringify({ policyId }), at],
  );
}
