/** SQL for people and their bearer tokens (sessions and API tokens). */
import type { Queryable } from '../db/pool.ts';
import type { Role } from './permissions.ts';
import type { ApiToken, User } from './schema.ts';
import { announce } from '../realtime/announce.ts';
import { hashSecret } from './secrets.ts';
import { cachedToken, forgetTokensAfterCommit } from './token-cache.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
  disabled_at: Date | null;
  password_hash: string | null;
}

const userColumns = 'id, email, name, role, created_at, disabled_at, password_hash';

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    createdAt: r.created_at.toISOString(),
    disabled: r.disabled_at !== null,
  };
}

export async function countUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]?.n ?? 0;
}

export async function insertUser(
  db: Queryable,
  u: { email: string; name: string; role: Role; passwordHash: string | null; at: Date },
): Promise<User> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${userColumns}`,
    [u.email, u.name, u.role, u.passwordHash, u.at],
  );
  return toUser(rows[0]!);
}

/** The user with their password hash, for sign-in. */
export async function findUserForLogin(db: Queryable, email: string) {
  const { rows } = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  const row = rows[0];
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export async function getUser(db: Queryable, id: string): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${userColumns} FROM users WHERE id = $1`, [id]);
  return rows[0] && toUser(rows[0]);
}

/** Finds a user by id or by email, the two ways people name each other in the API and CLI. */
export async function findUser(db: Queryable, idOrEmail: string): Promise<User | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrEmail);
  const { rows } = await db.query<UserRow>(
    `SELECT ${userColumns} FROM users WHERE ${isUuid ? 'id = $1::uuid' : 'lower(email) = lower($1)'}`,
    [idOrEmail],
  );
  return rows[0] && toUser(rows[0]);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${userColumns} FROM users ORDER BY name, email`);
  return rows.map(toUser);
}

export async function updateUser(
  db: Queryable,
  id: string,
  patch: { name?: string; role?: Role; passwordHash?: string; disabledAt?: Date | null },
): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
       name = coalesce($2, name),
       role = coalesce($3, role),
       password_hash = coalesce($4, password_hash),
       disabled_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE disabled_at END
     WHERE id = $1 RETURNING ${userColumns}`,
    [
      id,
      patch.name,
      patch.role,
      patch.passwordHash,
      patch.disabledAt !== undefined,
      patch.disabledAt ?? null,
    ],
  );
  await accessChanged(db, rows[0]?.id);
  return rows[0] && toUser(rows[0]);
}

/**
 * The signed-in person behind a bearer secret, if the token is valid now; remembered briefly
 * (token-cache.ts). `last_used_at` is refreshed at most once a minute so that reads stay reads.
 */
export async function userForSecret(db: Queryable, secret: string, now: Date) {
  const tokenHash = hashSecret(secret);
  return cachedToken(tokenHash.toString('base64'), now.getTime(), async () => {
    const { rows } = await db.query<
      UserRow & {
        token_id: string;
        kind: 'session' | 'api';
        last_used_at: Date | null;
        expires_at: Date | null;
      }
    >(
      `SELECT u.id, u.email, u.name, u.role, u.created_at, u.disabled_at, NULL AS password_hash,
              t.id AS token_id, t.kind, t.last_used_at, t.expires_at
         FROM auth_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled_at IS NULL`,
      [tokenHash, now],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
      await db.query('UPDATE auth_tokens SET last_used_at = $2 WHERE id = $1', [row.token_id, now]);
    }
    return {
      value: { user: toUser(row), tokenId: row.token_id, kind: row.kind },
      expiresAt: row.expires_at?.getTime() ?? null,
    };
  });
}

interface TokenRow {
  id: string;
  name: string | null;
  kind: 'session' | 'api';
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
}

function toToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
  };
}

export async function insertToken(
  db: Queryable,
  t: {
    userId: string;
    kind: 'session' | 'api';
    name: string | null;
    secret: string;
    at: Date;
    expiresAt: Date | null;
    /** Where a session was opened from (browser and address), for the person's list. */
    userAgent?: string | null;
    sourceIp?: string | null;
  },
): Promise<ApiToken> {
  const { rows } = await db.query<TokenRow>(
    `INSERT INTO auth_tokens (user_id, kind, name, token_hash, created_at, expires_at, user_agent, source_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, name, kind, created_at, last_used_at, expires_at`,
    [
      t.userId,
      t.kind,
      t.name,
      hashSecret(t.secret),
      t.at,
      t.expiresAt,
      t.userAgent?.slice(0, 300) ?? null,
      t.sourceIp ?? null,
    ],
  );
  return toToken(rows[0]!);
}

/** The live API tokens of a user. */
export async function listTokens(db: Queryable, userId: string, now: Date): Promise<ApiToken[]> {
  const { rows } = await db.query<TokenRow>(
    `SELECT id, name, kind, created_at, last_used_at, expires_at FROM auth_tokens
      WHERE user_id = $1 AND kind = 'api' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
      ORDER BY created_at DESC`,
    [userId, now],
  );
  return rows.map(toToken);
}

/** Revokes one token; `userId` limits it to the owner's tokens unless null (admins). */
export async function revokeToken(
  db: Queryable,
  id: string,
  userId: string | null,
  at: Date,
): Promise<boolean> {
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE auth_tokens SET revoked_at = $3
      WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND revoked_at IS NULL RETURNING user_id`,
    [id, userId, at],
  );
  await accessChanged(db, rows[0]?.user_id);
  return rows.length > 0;
}

/** Revokes every session and token of a user (on disable). */
export async function revokeAllTokens(db: Queryable, userId: string, at: Date): Promise<void> {
  await db.query('UPDATE auth_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
    at,
  ]);
  await accessChanged(db, userId);
}

/**
 * After a change to a person's tokens or standing commits: this instance forgets the tokens it
 * remembers, and every instance's open event streams of that person check theirs again.
 */
export async function accessChanged(db: Queryable, userId: string | undefined): Promise<void> {
  await forgetTokensAfterCommit(db);
  if (userId) await announce(db, { type: 'access', userId });
}
