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

/** One schedule, or 404. */
export async function getSchedule(db: Queryable, id: string): Promise<ScheduleRow> {
  const { rows } = await db.query<ScheduleRow>('SELECT * FROM schedules WHERE id = $1', [id]);
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
