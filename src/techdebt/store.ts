/** SQL for deviations and tech-debt items; hours spent are summed from the linked time entries. */
import type { Queryable } from '../db/pool.ts';
import type { DebtFilter, DebtItem, DebtStatus, Deviation } from './schema.ts';

const DAY_MS = 86_400_000;

/** The UTC day of `at`, YYYY-MM-DD: due days are compared by it. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

interface DeviationRow {
  id: string;
  reasons: Deviation['reasons'];
  skipped: string[];
  justification: string;
  tech_debt_id: string | null;
  recorded_by: { id: string; name: string } | null;
  recorded_at: Date;
}

const deviationSelect = `SELECT d.id, d.reasons, d.skipped, d.justification, d.tech_debt_id, d.recorded_at,
    CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS recorded_by
  FROM deviations d LEFT JOIN users u ON u.id = d.recorded_by`;

const toDeviation = (r: DeviationRow): Deviation => ({
  id: r.id,
  reasons: r.reasons,
  skipped: r.skipped,
  justification: r.justification,
  techDebtId: r.tech_debt_id,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
});

/** Stores a deviation; returns its id. */
export async function insertDeviation(
  db: Queryable,
  d: {
    incidentId: string;
    reasons: string[];
    skipped: string[];
    justification: string;
    by: string;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deviations (incident_id, reasons, skipped, justification, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [d.incidentId, d.reasons, d.skipped, d.justification, d.by, d.at],
  );
  return rows[0]!.id;
}

/** Links a deviation to the tech-debt item that pays it back. */
export async function linkDeviation(db: Queryable, deviationId: string, itemId: string): Promise<void> {
  await db.query('UPDATE deviations SET tech_debt_id = $2 WHERE id = $1', [deviationId, itemId]);
}

/** One deviation of an incident, or undefined. */
export async function getDeviation(
  db: Queryable,
  incidentId: string,
  id: string,
): Promise<Deviation | undefined> {
  const { rows } = await db.query<DeviationRow>(`${deviationSelect} WHERE d.incident_id = $1 AND d.id = $2`, [
    incidentId,
    id,
  ]);
  return rows[0] && toDeviation(rows[0]);
}

/** The deviations of an incident, oldest first. */
export async function listDeviations(db: Queryable, incidentId: string): Promise<Deviation[]> {
  const { rows } = await db.query<DeviationRow>(
    `${deviationSelect} WHERE d.incident_id = $1 ORDER BY d.recorded_at, d.id`,
    [incidentId],
  );
  return rows.map(toDeviation);
}

/** Stores a tech-debt item; returns its id. */
export async function insertItem(
  db: Queryable,
  i: {
    incidentId: string;
    title: string;
    details: string;
    budgetHours: number;
    ownerId: string;
    dueOn: string;
    by: string;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO tech_debt_items (incident_id, title, details, budget_hours, owner_id, due_on, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [i.incidentId, i.title, i.details, i.budgetHours, i.ownerId, i.dueOn, i.by, i.at],
  );
  return rows[0]!.id;
}

interface ItemRow {
  id: string;
  incident: DebtItem['incident'];
  deviation_id: string | null;
  title: string;
  details: string;
  budget_hours: string;
  spent_hours: string;
  owner: DebtItem['owner'];
  due_on: string;
  status: DebtStatus;
  drop_reason: string | null;
  created_at: Date;
  done_at: Date | null;
}

const itemSelect = `SELECT t.id, t.title, t.details, t.budget_hours::text, t.owner_id, to_char(t.due_on, 'YYYY-MM-DD') AS due_on,
    t.status, t.drop_reason, t.created_at, t.done_at,
    json_build_object('id', i.id, 'number', i.number, 'title', i.title, 'status', i.status) AS incident,
    json_build_object('id', o.id, 'name', o.name) AS owner,
    (SELECT d.id FROM deviations d WHERE d.tech_debt_id = t.id ORDER BY d.recorded_at LIMIT 1) AS deviation_id,
    (SELECT coalesce(sum(e.hours), 0)::text FROM time_entries e WHERE e.tech_debt_id = t.id) AS spent_hours
  FROM tech_debt_items t JOIN incidents i ON i.id = t.incident_id JOIN users o ON o.id = t.owner_id`;

const hours = (s: string) => Math.round(Number(s) * 100) / 100;
const finished = (s: DebtStatus) => s === 'done' || s === 'dropped';

function toItem(r: ItemRow, now: Date): DebtItem {
  const budget = hours(r.budget_hours);
  const spent = hours(r.spent_hours);
  return {
    id: r.id,
    incident: r.incident,
    deviationId: r.deviation_id,
    title: r.title,
    details: r.details,
    budgetHours: budget,
    spentHours: spent,
    overrunHours: Math.max(0, Math.round((spent - budget) * 100) / 100),
    overrun: spent > budget,
    overdue: !finished(r.status) && r.due_on < dayOf(now),
    owner: r.owner,
    dueOn: r.due_on,
    status: r.status,
    dropReason: r.drop_reason,
    ageDays: Math.max(0, Math.floor((now.getTime() - r.created_at.getTime()) / DAY_MS)),
    createdAt: r.created_at.toISOString(),
    doneAt: r.done_at?.toISOString() ?? null,
  };
}

/** One tech-debt item, or undefined. */
export async function getItem(db: Queryable, id: string, now: Date): Promise<DebtItem | undefined> {
  const { rows } = await db.query<ItemRow>(`${itemSelect} WHERE t.id = $1`, [id]);
  return rows[0] && toItem(rows[0], now);
}

/** The items of an incident, oldest first. */
export async function incidentItems(db: Queryable, incidentId: string, now: Date): Promise<DebtItem[]> {
  const { rows } = await db.query<ItemRow>(
    `${itemSelect} WHERE t.incident_id = $1 ORDER BY t.created_at, t.id`,
    [incidentId],
  );
  return rows.map((r) => toItem(r, now));
}

/**
 * The items of a list of the tech-debt view, oldest first: open (not done or dropped), overrun
 * (spent beyond budget), overdue (past due, not done), mine (open, owned by `userId`), or all.
 */
export async function listItems(
  db: Queryable,
  filter: DebtFilter,
  userId: string,
  now: Date,
): Promise<DebtItem[]> {
  const open = filter !== 'all' && filter !== 'overrun';
  const { rows } = await db.query<ItemRow>(
    `${itemSelect}
     WHERE ($1::boolean IS FALSE OR t.status IN ('open', 'in-progress'))
       AND ($2::uuid IS NULL OR t.owner_id = $2)
     ORDER BY t.created_at, t.id LIMIT 1000`,
    [open, filter === 'mine' ? userId : null],
  );
  const items = rows.map((r) => toItem(r, now));
  if (filter === 'overrun') return items.filter((i) => i.overrun);
  if (filter === 'overdue') return items.filter((i) => i.overdue);
  return items;
}

/** Changes an item; `doneAt` is set when it becomes done and cleared when it reopens. */
export async function updateItem(
  db: Queryable,
  id: string,
  p: {
    status?: DebtStatus;
    dropReason?: string | null;
    title?: string;
    details?: string;
    budgetHours?: number;
    ownerId?: string;
    dueOn?: string;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE tech_debt_items SET
       status = coalesce($2, status),
       drop_reason = CASE WHEN $2::text IS NULL THEN drop_reason ELSE $3 END,
       title = coalesce($4, title),
       details = coalesce($5, details),
       budget_hours = coalesce($6, budget_hours),
       owner_id = coalesce($7, owner_id),
       due_on = coalesce($8::date, due_on),
       done_at = CASE WHEN $2::text IS NULL THEN done_at WHEN $2 IN ('done', 'dropped') THEN coalesce(done_at, $9) ELSE NULL END
     WHERE id = $1`,
    [
      id,
      p.status ?? null,
      p.dropReason ?? null,
      p.title ?? null,
      p.details ?? null,
      p.budgetHours ?? null,
      p.ownerId ?? null,
      p.dueOn ?? null,
      p.at,
    ],
  );
}

/** Items not done whose due day is `today` or before, for the owners' reminders. */
export async function dueItems(
  db: Queryable,
  today: string,
): Promise<{ id: string; dueOn: string; incidentId: string }[]> {
  const { rows } = await db.query<{ id: string; due_on: string; incident_id: string }>(
    `SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due_on, incident_id FROM tech_debt_items
     WHERE status IN ('open', 'in-progress') AND due_on <= $1::date ORDER BY due_on, id`,
    [today],
  );
  return rows.map((r) => ({ id: r.id, dueOn: r.due_on, incidentId: r.incident_id }));
}
