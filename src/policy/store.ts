/** SQL for the organisation's urgency policy: one current version, defaults until first changed. */
import type { Queryable } from '../db/pool.ts';
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
  return { version: rows[0]!.version, updatedAt: at.toISOString(), updatedBy: by, policy };
}
