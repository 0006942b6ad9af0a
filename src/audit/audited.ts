/**
 * Administrative changes and their audit entries, committed together: a change that is not in the
 * audit log did not happen, and an entry never describes a change that was rolled back.
 */
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import { recordAudit, type AuditInput } from './store.ts';

/**
 * Runs `change` in a transaction and records its audit entry in the same transaction. `entry` is
 * the entry itself, or made from the change's result (to name what was created, or to describe it
 * with what the change read first); a function answering null records nothing (nothing changed).
 * Answers the change's result.
 */
export async function audited<T>(
  pool: pg.Pool,
  change: (tx: pg.PoolClient) => Promise<T>,
  entry: AuditInput | ((result: T) => AuditInput | null),
): Promise<T> {
  return withTransaction(pool, async (tx) => {
    const result = await change(tx);
    const e = typeof entry === 'function' ? entry(result) : entry;
    if (e) await recordAudit(tx, e);
    return result;
  });
}
