/**
 * Signed links: acknowledgement links in messages and calendar feed addresses. An acknowledgement
 * link is `/ack/<token>` where the token names the escalation and the person; every link carries an
 * HMAC with a secret kept in the database (made on first use), so every instance signs and checks
 * alike and no one can forge a link for someone else.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';

const KEY = 'link_secret';
const cache = new WeakMap<object, Buffer>();

async function secret(db: Queryable): Promise<Buffer> {
  const hit = cache.get(db);
  if (hit) return hit;
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), now()) ON CONFLICT (key) DO NOTHING`,
    [KEY, randomBytes(32).toString('base64')],
  );
  const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [KEY]);
  const key = Buffer.from(rows[0]!.value, 'base64');
  cache.set(db, key);
  return key;
}

function sign(key: Buffer, escalationId: string, userId: string): string {
  return hmac(key, `${escalationId}.${userId}`);
}

function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url').slice(0, 32);
}

/** A signature of `value` for a link (e.g. a calendar feed address). */
export async function signValue(db: Queryable, value: string): Promise<string> {
  return hmac(await secret(db), value);
}

/** True when `sig` is the signature of `value`. */
export async function verifyValue(db: Queryable, value: string, sig: string): Promise<boolean> {
  const expected = Buffer.from(hmac(await secret(db), value));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The token of an acknowledgement link for `userId` in `escalationId`. */
export async function ackToken(db: Queryable, escalationId: string, userId: string): Promise<string> {
  return `${escalationId}.${userId}.${sign(await secret(db), escalationId, userId)}`;
}

/** The escalation and person a token names, or undefined when it is not a valid token. */
export async function readAckToken(
  db: Queryable,
  token: string,
): Promise<{ escalationId: string; userId: string } | undefined> {
  const [escalationId, userId, sig] = token.split('.');
  if (
    !escalationId ||
    !userId ||
    !sig ||
    !/^[0-9a-f-]{36}$/.test(escalationId) ||
    !/^[0-9a-f-]{36}$/.test(userId)
  )
    return undefined;
  const expected = Buffer.from(sign(await secret(db), escalationId, userId));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { escalationId, userId }
    : undefined;
}
