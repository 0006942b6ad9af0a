/** SQL for the organisation's urgency policy: one current version, defaults until first changed. */
import type pg from 'pg';
import { afterCommit, type Queryable } from '../db/pool.ts';
import { defaultPolicy, type UrgencyPolicy } from '../classification/policy.ts';

export interface PolicyVersion {
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  policy: UrgencyPolicy;
}

/** The policy in force (the documented defaults, version 0, until an admin changes it). */
export async function currentPolicy(db: Queryable): Promise<PolicyVersion> {
  const { rows } = await db.query<{
    version: number;
    policy: UrgencyPolicy;
    updated_at: Date;
    updated_by: string | null;
  }>('SELECT version, policy, updated_at, updated_by FROM urgency_policy WHERE id = $1', [1]);
  const r = rows[0];
  if (!r) return { version: 0, updatedAt: null, updatedBy: null, policy: defaultPolicy };
  return {
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    policy: r.policy,
  };
}

const IN_FORCE_TTL_MS = 1_000;
/** Recent reads of the policy in force, per pool; replaced (emptied) when a change commits. */
let inForce = new WeakMap<pg.Pool, { at: number; read: Promise<PolicyVersion> }>();

/**
 * The policy in force for declaring, read at most once a second per pool: a change made through
 * this instance applies at once, one made through another instance within a second. (Each
 * declaration records the version it used.)
 */
export function policyInForce(pool: pg.Pool): Promise<PolicyVersion> {
  const now = performance.now();
  const hit = inForce.get(pool);
  if (hit && now - hit.at < IN_FORCE_TTL_MS) return hit.read;
  const read = currentPolicy(pool);
  inForce.set(pool, { at: now, read });
  read.catch(() => inForce.delete(pool));
  return read;
}

/** Stores a new version; returns it. Call inside a transaction with the audit entry. */
export async function savePolicy(
  db: Queryable,
  policy: UrgencyPolicy,
  by: string,
  at: Date,
): Promise<PolicyVersion> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO urgency_policy (id, version, policy, updated_at, updated_by) VALUES (1, 1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET version = urgency_policy.version + 1, policy = $1, updated_at = $2, updated_by = $3
     RETURNING version`,
    [JSON.stringify(policy), at, by],
  );
  await afterCommit(db, async () => {
    inForce = new WeakMap();
  });
  return { version: rows[0]!.version, updatedAt: at.toISOString(), updatedBy: by, policy };
}
