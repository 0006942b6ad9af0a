/** SQL for on-call schedules: a name and a definition (layers, overrides) kept as JSON. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { Schedule } from './schema.ts';

/** A schedule as stored. */
export interface ScheduleRow {
  id: string;
  name: string;
  definition: Schedule;
  updated_at: Date;
}

/** Every schedule by name. */
export async function listSchedules(db: Queryable): Promise<ScheduleRow[]> {
  const { rows } = await db.query<ScheduleRow>('SELECT * FROM schedules ORDER BY name');
  return rows;
}

/** One schedule, or 404; `lock` holds it until the transaction ends (an edit reads, then writes). */
export async function getSchedule(
  db: Queryable,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ScheduleRow> {
  const sql = `SELECT * FROM schedules WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`;
  const { rows } = await db.query<ScheduleRow>(sql, [id]);
  if (!rows[0]) throw notFound('schedule', id);
  return rows[0];
}

/** Creates (id undefined) or replaces a schedule; 404 when `id` names none. */
export async function saveSchedule(
  db: Queryable,
  id: string | undefined,
  s: { name: string; definition: Schedule },
  at: Date,
): Promise<ScheduleRow> {
  const definition = JSON.stringify(s.definition);
  const { rows } = await db.query<ScheduleRow>(
    id
      ? 'UPDATE schedules SET name = $2, definition = $3, updated_at = $4 WHERE id = $1 RETURNING *'
      : 'INSERT INTO schedules (name, definition, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING *',
    id ? [id, s.name, definition, at] : [s.name, definition, at],
  );
  if (!rows[0]) throw notFound('schedule', id ?? '');
  return rows[0];
}

/** The generation of a person's calendar feed address (0 until they first reset it). */
export async function feedGeneration(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ generation: number }>(
    'SELECT generation FROM ical_feeds WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.generation ?? 0;
}

/** Moves a person's feed address to the next generation; the previous address stops. */
export async function resetFeed(db: Queryable, userId: string, at: Date): Promise<number> {
  const { rows } = await db.query<{ generation: number }>(
    `INSERT INTO ical_feeds (user_id, generation, reset_at) VALUES ($1, 1, $2)
     ON CONFLICT (user_id) DO UPDATE SET generation = ical_feeds.generation + 1, reset_at = $2
     RETURNING generation`,
    [userId, at],
  );
  return rows[0]!.generation;
}
