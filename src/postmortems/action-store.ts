/** Action items SQL: adding, changing and listing the items agreed in post-mortems. */
import type { Queryable } from '../db/pool.ts';
import type { Action } from './schema.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Adds an action item; returns its id. */
export async function insertAction(
  db: Queryable,
  a: { postmortemId: string; kind: Action['kind']; title: string; ownerId: string; dueOn: string; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO postmortem_actions (postmortem_id, kind, title, owner_id, due_on, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.postmortemId, a.kind, a.title, a.ownerId, a.dueOn, a.at],
  );
  return rows[0]!.id;
}

/** Changes an action item; false when there is none with this id. */
export async function updateAction(
  db: Queryable,
  id: string,
  patch: { status?: 'open' | 'done'; title?: string; ownerId?: string; dueOn?: string },
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE postmortem_actions SET status = coalesce($2, status), title = coalesce($3, title),
       owner_id = coalesce($4, owner_id), due_on = coalesce($5::date, due_on),
       done_at = CASE WHEN $2 = 'done' AND status = 'open' THEN $6 WHEN $2 = 'open' THEN NULL ELSE done_at END
     WHERE id = $1`,
    [id, patch.status ?? null, patch.title ?? null, patch.ownerId ?? null, patch.dueOn ?? null, at],
  );
  return (rowCount ?? 0) > 0;
}

/** Action items, the ones due first. */
export async function listActions(
  db: Queryable,
  q: {
    postmortemId?: string;
    ownerId?: string;
    id?: string;
    status: 'open' | 'done' | 'all';
    dueBy?: string;
  },
  today: string,
): Promise<Action[]> {
  const { rows } = await db.query<{
    id: string;
    postmortem_id: string;
    incident_id: string;
    number: number;
    title: string;
    incident_title: string;
    kind: Action['kind'];
    owner_id: string;
    owner_name: string;
    owner_email: string;
    due_on: string;
    status: 'open' | 'done';
    tracker_url: string | null;
    created_at: Date;
    done_at: Date | null;
  }>(
    `SELECT a.id, a.postmortem_id, i.id AS incident_id, i.number, a.title, i.title AS incident_title, a.kind,
            a.owner_id, u.name AS owner_name, u.email AS owner_email, to_char(a.due_on, 'YYYY-MM-DD') AS due_on,
            a.status, a.tracker_url, a.created_at, a.done_at
       FROM postmortem_actions a JOIN postmortems p ON p.id = a.postmortem_id
       JOIN incidents i ON i.id = p.incident_id JOIN users u ON u.id = a.owner_id
      WHERE ($1::uuid IS NULL OR a.postmortem_id = $1) AND ($2::uuid IS NULL OR a.owner_id = $2)
        AND ($3::uuid IS NULL OR a.id = $3) AND ($4 = 'all' OR a.status = $4)
        AND ($5::date IS NULL OR a.due_on <= $5::date)
      ORDER BY a.status, a.due_on, a.created_at LIMIT 1000`,
    [q.postmortemId ?? null, q.ownerId ?? null, q.id ?? null, q.status, q.dueBy ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    postmortemId: r.postmortem_id,
    incident: { id: r.incident_id, number: r.number, title: r.incident_title },
    kind: r.kind,
    title: r.title,
    owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
    dueOn: r.due_on,
    status: r.status,
    overdue: r.status === 'open' && r.due_on < today,
    trackerUrl: r.tracker_url,
    createdAt: r.created_at.toISOString(),
    doneAt: iso(r.done_at),
  }));
}
