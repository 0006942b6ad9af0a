/**
 * The organisation's business hours (seed 004: "the escalation process should be based on urgency":
 * P1/P2 page at once, day or night; P3/P4 wait for business hours unless a policy says otherwise).
 * Kept in settings; by default Monday to Friday, 09:00–17:00 UTC.
 */
import { z } from 'zod';
import type { Queryable } from '../db/pool.ts';
import { windowIntervals } from '../schedules/rotation.ts';
import { weeklyWindowSchema } from '../schedules/schema.ts';
import { isValidTimeZone } from '../schedules/zoned-time.ts';

export const businessHoursSchema = z
  .object({
    timeZone: z.string().refine(isValidTimeZone, { message: 'unknown time zone' }),
    window: weeklyWindowSchema,
  })
  .meta({
    id: 'BusinessHours',
    example: {
      timeZone: 'Europe/Amsterdam',
      window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
    },
  });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

const KEY = 'business_hours';
export const defaultBusinessHours: BusinessHours = {
  timeZone: 'UTC',
  window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
};

/** The business hours in force. */
export async function businessHours(db: Queryable): Promise<BusinessHours> {
  const { rows } = await db.query<{ value: BusinessHours }>('SELECT value FROM settings WHERE key = $1', [
    KEY,
  ]);
  return rows[0]?.value ?? defaultBusinessHours;
}

/** Stores new business hours. */
export async function saveBusinessHours(db: Queryable, bh: BusinessHours, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = $3`,
    [KEY, JSON.stringify(bh), at],
  );
}

/** `now` when it is within business hours, else when they next begin (within two weeks), else null. */
export function nextBusinessTime(bh: BusinessHours, now: Date): Date | null {
  const t = now.getTime();
  const first = windowIntervals([bh.window], bh.timeZone, t, t + 14 * 86_400_000)[0];
  if (!first) return null;
  return first.start <= t ? now : new Date(first.start);
}
