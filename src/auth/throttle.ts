/**
 * Limits on guessing passwords, kept in PostgreSQL so that every instance on the database counts
 * together. Each limit is a fixed window per key (an account, a source address): an attempt is
 * counted before the password is checked, so parallel guesses cannot slip past the count, and once
 * a window holds more than its limit, attempts are refused until it ends. Windows end on their
 * own: nobody can be locked out for longer than one window after the guessing stops.
 */
import type { FastifyReply } from 'fastify';
import type { Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';

/** At most `max` attempts per `key` in each window of `windowMs`. */
export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

const WINDOW_MS = 15 * 60_000;

/** Sign-in: 10 tries per account and 30 per source address in 15 minutes. */
export function signInLimits(email: string, sourceIp: string): Limit[] {
  return [
    { key: `login:account:${email.trim().toLowerCase()}`, max: 10, windowMs: WINDOW_MS },
    { key: `login:source:${sourceIp}`, max: 30, windowMs: WINDOW_MS },
  ];
}

/**
 * Counts one attempt against each limit; answers the seconds to wait when any limit is exceeded
 * (the attempt must then not be made), else 0.
 */
export async function countAttempt(db: Queryable, limits: Limit[], now: Date): Promise<number> {
  let wait = 0;
  for (const limit of limits) {
    const { rows } = await db.query<{ window_start: Date; attempts: number }>(
      `INSERT INTO auth_throttle AS t (key, window_start, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN t.window_start <= $2 - $3 * interval '1 millisecond' THEN 1 ELSE t.attempts + 1 END,
         window_start = CASE WHEN t.window_start <= $2 - $3 * interval '1 millisecond' THEN $2 ELSE t.window_start END
       RETURNING window_start, attempts`,
      [limit.key, now, limit.windowMs],
    );
    const row = rows[0]!;
    if (row.attempts > limit.max) {
      const left = row.window_start.getTime() + limit.windowMs - now.getTime();
      wait = Math.max(wait, Math.ceil(left / 1000));
    }
  }
  await prune(db, now);
  return wait;
}

/** Forgets the attempts counted under `key` (an account's, after it signs in). */
export async function clearAttempts(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM auth_throttle WHERE key = $1', [key]);
}

/** Gives back one attempt under `key` (a source address's successful sign-in is no guess). */
export async function returnAttempt(db: Queryable, key: string): Promise<void> {
  await db.query('UPDATE auth_throttle SET attempts = greatest(attempts - 1, 0) WHERE key = $1', [key]);
}

// Ended windows are deleted at most once a minute per instance, so the table stays small.
let prunedAt = 0;
async function prune(db: Queryable, now: Date): Promise<void> {
  if (now.getTime() - prunedAt < 60_000 && now.getTime() >= prunedAt) return;
  prunedAt = now.getTime();
  await db.query(`DELETE FROM auth_throttle WHERE window_start < $1`, [new Date(now.getTime() - WINDOW_MS)]);
}

/** The 429 for a refused attempt, with `Retry-After` set on `reply`. */
export function tooManyAttempts(reply: FastifyReply, waitSeconds: number): AppError {
  reply.header('retry-after', String(waitSeconds));
  const minutes = Math.ceil(waitSeconds / 60);
  return new AppError(
    'rate_limited',
    `Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  );
}
