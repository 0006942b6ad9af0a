/** The audit log of administrative changes (policy, people, tokens): append-only, with who and when. */
import type { Queryable } from '../db/pool.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  action: string;
  target: string | null;
  data: Record<string, unknown>;
}

/** What an audit entry says: when, who (null: the server itself), what, to what, with which details. */
export interface AuditInput {
  at: Date;
  actorId: string | null;
  action: string;
  target?: string;
  data?: Record<string, unknown>;
}

/** Records one administrative change; call it in the transaction of the change (see `audited`). */
export async function recordAudit(db: Queryable, e: AuditInput): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor_id, action, target, data) VALUES ($1, $2, $3, $4, $5)', [
    e.at,
    e.actorId,
    e.action,
    e.target ?? null,
    JSON.stringify(e.data ?? {}),
  ]);
}

/** The newest entries first, optionally of one action prefix (e.g. `policy.`). */
export async function listAudit(
  db: Queryable,
  opts: { prefix?: string; limit: number },
): Promise<AuditEntry[]> {
  const { rows } = await db.query<{
    id: number;
    at: Date;
    actor_id: string | null;
    action: string;
    target: string | null;
    data: Record<string, unknown>;
  }>(
    `SELECT id, at, actor_id, action, target, data FROM audit_log
      WHERE ($1::text IS NULL OR action LIKE $1 || '%') ORDER BY id DESC LIMIT $2`,
    [opts.prefix ?? null, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    action: r.action,
    target: r.target,
    data: r.data,
  }));
}
