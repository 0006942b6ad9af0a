/** SQL for a person's sign-in sessions: listing, revoking, ending them on a password change. */
import type { Queryable } from '../db/pool.ts';
import type { Session } from './schema.ts';
import { accessChanged } from './store.ts';

interface SessionRow {
  id: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date;
  user_agent: string | null;
  source_ip: string | null;
}

/** The person's live sessions, newest first; `currentId` marks the one asking. */
export async function listSessions(
  db: Queryable,
  userId: string,
  currentId: string | null,
  now: Date,
): Promise<Session[]> {
  const { rows } = await db.query<SessionRow>(
    `SELECT id, created_at, last_used_at, expires_at, user_agent, source_ip FROM auth_tokens
      WHERE user_id = $1 AND kind = 'session' AND revoked_at IS NULL AND expires_at > $2
      ORDER BY created_at DESC`,
    [userId, now],
  );
  return rows.map((r) => ({
    id: r.id,
    current: r.id === currentId,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at.toISOString(),
    userAgent: r.user_agent,
    sourceIp: r.source_ip,
  }));
}

/** Ends one of the person's sessions; answers whether it was live. */
export async function revokeSession(db: Queryable, id: string, userId: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE auth_tokens SET revoked_at = $3
      WHERE id = $1 AND user_id = $2 AND kind = 'session' AND revoked_at IS NULL`,
    [id, userId, at],
  );
  await accessChanged(db, userId);
  return (rowCount ?? 0) > 0;
}

/**
 * Ends the person's sessions, and their API tokens too unless `keepApiTokens`, except the token
 * `keepId` (the one making the change); answers how many ended.
 */
export async function endSessions(
  db: Queryable,
  userId: string,
  opts: { keepId: string | null; keepApiTokens: boolean },
  at: Date,
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE auth_tokens SET revoked_at = $2
      WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3)
        AND (kind = 'session' OR NOT $4::boolean)`,
    [userId, at, opts.keepId, opts.keepApiTokens],
  );
  await accessChanged(db, userId);
  return rowCount ?? 0;
}

/** Whether a token and its owner are still in good standing now (read afresh, never cached). */
export async function tokenStillValid(db: Queryable, tokenId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM auth_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.id = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
        AND u.disabled_at IS NULL`,
    [tokenId, now],
  );
  return rows.length > 0;
}
