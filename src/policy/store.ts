/** SQL for the organisation's urgency policy: one current version, defaults until first changed. */
import type pg from 'pg';
import type { Queryable } from '../db/pool.ts';
import { Recent } from '../db/recent.ts';
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

/** The policy in force, remembered for a second per instance (src/db/recent.ts). */
const inForce = new Recent<pg.Pool, PolicyVersion>(1_000);

/**
 * The policy in force for declaring, read at most once a second per pool: a change made through
 * this instance applies at once, one made through another instance within a second. (Each
 * declaration records the version it used.)
 */
export async function policyInForce(pool: pg.Pool): Promise<PolicyVersion> {
  return (await inForce.get(pool, () => currentPolicy(pool)))!;
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
  await inForce.forgetAfterCommit(db);
  return { version: rows[0]!.version, updatedAt: at.toISOString(), updatedBy: by, policy };
}
