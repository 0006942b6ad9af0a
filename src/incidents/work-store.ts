/** SQL for the work on an incident: roles, tasks and time entries. */
import type { Queryable } from '../db/pool.ts';
import type { IncidentRole } from './schema.ts';
import type { Task, TimeEntry } from './work-schema.ts';

interface Person {
  id: string;
  name: string;
  email: string;
}

export async function addRole(
  db: Queryable,
  incidentId: string,
  userId: string,
  role: IncidentRole,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO incident_roles (incident_id, user_id, role, assigned_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [incidentId, userId, role, at],
  );
  return (rowCount ?? 0) > 0;
}

export async function removeRole(
  db: Queryable,
  incidentId: string,
  userId: string,
  role: IncidentRole,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM incident_roles WHERE incident_id = $1 AND user_id = $2 AND role = $3',
    [incidentId, userId, role],
  );
  return (rowCount ?? 0) > 0;
}

interface TaskRow {
  id: string;
  text: string;
  done: boolean;
  created_at: Date;
  done_at: Date | null;
  assignee: Person | null;
}

const taskSelect = `SELECT t.id, t.text, t.done, t.created_at, t.done_at,
    CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name, 'email', u.email) END AS assignee
  FROM incident_tasks t LEFT JOIN users u ON u.id = t.assignee_id`;

function toTask(r: TaskRow): Task {
  return {
    id: r.id,
    text: r.text,
    done: r.done,
    assignee: r.assignee,
    createdAt: r.created_at.toISOString(),
    doneAt: r.done_at?.toISOString() ?? null,
  };
}

export async function getTask(db: Queryable, incidentId: string, taskId: string): Promise<Task | undefined> {
  const { rows } = await db.query<TaskRow>(`${taskSelect} WHERE t.incident_id = $1 AND t.id = $2`, [
    incidentId,
    taskId,
  ]);
  return rows[0] && toTask(rows[0]);
}

export async function listTasks(db: Queryable, incidentId: string): Promise<Task[]> {
  const { rows } = await db.query<TaskRow>(
    `${taskSelect} WHERE t.incident_id = $1 ORDER BY t.created_at, t.id`,
    [incidentId],
  );
  return rows.map(toTask);
}

export async function insertTask(
  db: Queryable,
  t: { incidentId: string; text: string; assigneeId: string | null; createdBy: string; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO incident_tasks (incident_id, text, assignee_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [t.incidentId, t.text, t.assigneeId, t.createdBy, t.at],
  );
  return rows[0]!.id;
}

export async function updateTask(
  db: Queryable,
  taskId: string,
  p: { text?: string; done?: boolean; assigneeId?: string | null; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE incident_tasks SET
       text = coalesce($2, text),
       done = coalesce($3, done),
       done_at = CASE WHEN $3::boolean IS NULL THEN done_at WHEN $3 THEN coalesce(done_at, $4) ELSE NULL END,
       assignee_id = CASE WHEN $5::boolean THEN $6::uuid ELSE assignee_id END
     WHERE id = $1`,
    [taskId, p.text ?? null, p.done ?? null, p.at, p.assigneeId !== undefined, p.assigneeId ?? null],
  );
}

export async function insertTimeEntry(
  db: Queryable,
  e: {
    incidentId: string;
    userId: string;
    hours: number;
    description: string;
    techDebtId?: string | null;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO time_entries (incident_id, user_id, hours, description, tech_debt_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.incidentId, e.userId, e.hours, e.description, e.techDebtId ?? null, e.at],
  );
}

/** Whether tech-debt item `id` belongs to the incident (time logged against it must). */
export async function isIncidentDebt(db: Queryable, incidentId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM tech_debt_items WHERE id = $1 AND incident_id = $2', [
    id,
    incidentId,
  ]);
  return rows.length > 0;
}

export async function listTimeEntries(db: Queryable, incidentId: string): Promise<TimeEntry[]> {
  const { rows } = await db.query<{
    id: string;
    hours: number;
    description: string;
    tech_debt_id: string | null;
    created_at: Date;
    person: Person;
  }>(
    `SELECT e.id, e.hours, e.description, e.tech_debt_id, e.created_at, json_build_object('id', u.id, 'name', u.name, 'email', u.email) AS person
       FROM time_entries e JOIN users u ON u.id = e.user_id WHERE e.incident_id = $1 ORDER BY e.created_at, e.id`,
    [incidentId],
  );
  return rows.map((r) => ({
    id: r.id,
    person: r.person,
    hours: r.hours,
    description: r.description,
    techDebtId: r.tech_debt_id,
    createdAt: r.created_at.toISOString(),
  }));
}
