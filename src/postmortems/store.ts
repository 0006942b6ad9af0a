/** Post-mortems SQL: the post-mortem, its meeting and people, the settings (action items: action-store.ts). */
import type { Queryable } from '../db/pool.ts';
import type { RequiredBy } from './rule.ts';
import { listActions } from './action-store.ts';
import type { Postmortem, PostmortemSummary } from './schema.ts';
import { sections, type Section } from './outline.ts';

/** The UTC date of an instant, YYYY-MM-DD. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Adds a post-mortem unless the incident has one; returns its id, or null when it had one. */
export async function insertPostmortem(
  db: Queryable,
  p: {
    incidentId: string;
    ownerId: string;
    dueOn: string;
    requiredBy: RequiredBy;
    document: Record<Section, string>;
    at: Date;
  },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO postmortems (incident_id, owner_id, due_on, required_by, document, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (incident_id) DO NOTHING RETURNING id`,
    [p.incidentId, p.ownerId, p.dueOn, p.requiredBy, JSON.stringify(p.document), p.at],
  );
  return rows[0]?.id ?? null;
}

interface Row {
  id: string;
  incident_id: string;
  number: number;
  title: string;
  tagline: string;
  owner_id: string;
  owner_name: string;
  owner_email: string;
  due_on: string;
  required_by: RequiredBy;
  status: Postmortem['status'];
  document: Record<string, unknown>;
  audience: Postmortem['audience'];
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

const select = `SELECT p.id, p.incident_id, i.number, i.title, i.tagline, p.owner_id, o.name AS owner_name,
    o.email AS owner_email, to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.required_by, p.status, p.document,
    p.audience, p.created_at, p.updated_at, p.published_at
  FROM postmortems p JOIN incidents i ON i.id = p.incident_id JOIN users o ON o.id = p.owner_id`;

/** The document with every section, missing ones empty. */
function documentOf(raw: Record<string, unknown>): Record<Section, string> {
  return Object.fromEntries(sections.map((s) => [s, typeof raw[s] === 'string' ? raw[s] : ''])) as Record<
    Section,
    string
  >;
}

/** The post-mortem of an incident with its meeting, reviewers and actions (findings empty), or null. */
export async function postmortemOfIncident(
  db: Queryable,
  incidentId: string,
  today: string,
): Promise<Postmortem | null> {
  const { rows } = await db.query<Row>(`${select} WHERE p.incident_id = $1`, [incidentId]);
  const r = rows[0];
  if (!r) return null;
  const [meeting, participants, reviewers, actions] = await Promise.all([
    db.query<{ starts_at: Date; ends_at: Date; sequence: number }>(
      'SELECT starts_at, ends_at, sequence FROM postmortem_meetings WHERE postmortem_id = $1',
      [r.id],
    ),
    db.query<{ name: string; email: string }>(
      'SELECT name, email FROM postmortem_participants WHERE postmortem_id = $1 ORDER BY email',
      [r.id],
    ),
    db.query<{ id: string; name: string; approved_at: Date | null }>(
      `SELECT u.id, u.name, v.approved_at FROM postmortem_reviewers v JOIN users u ON u.id = v.user_id
        WHERE v.postmortem_id = $1 ORDER BY u.name`,
      [r.id],
    ),
    listActions(db, { postmortemId: r.id, status: 'all' }, today),
  ]);
  const m = meeting.rows[0];
  return {
    id: r.id,
    incident: { id: r.incident_id, number: r.number, title: r.title, tagline: r.tagline },
    owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
    dueOn: r.due_on,
    requiredBy: r.required_by,
    status: r.status,
    document: documentOf(r.document),
    audience: r.audience,
    meeting: m
      ? {
          startsAt: m.starts_at.toISOString(),
          endsAt: m.ends_at.toISOString(),
          sequence: m.sequence,
          participants: participants.rows,
        }
      : null,
    reviewers: reviewers.rows.map((v) => ({ id: v.id, name: v.name, approvedAt: iso(v.approved_at) })),
    actions,
    findings: [],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    publishedAt: iso(r.published_at),
  };
}

/** Post-mortems, the ones due first. */
export async function listPostmortems(
  db: Queryable,
  q: { status?: Postmortem['status']; incidentId?: string },
  today: string,
): Promise<PostmortemSummary[]> {
  const { rows } = await db.query<Row & { open_actions: number }>(
    `${select.replace(
      'FROM postmortems p',
      `, (SELECT count(*)::int FROM postmortem_actions a WHERE a.postmortem_id = p.id AND a.status = 'open') AS open_actions
       FROM postmortems p`,
    )}
     WHERE ($1::text IS NULL OR p.status = $1) AND ($2::uuid IS NULL OR p.incident_id = $2) ORDER BY p.status = 'published', p.due_on, i.number LIMIT 500`,
    [q.status ?? null, q.incidentId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    incident: { id: r.incident_id, number: r.number, title: r.title },
    owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
    dueOn: r.due_on,
    requiredBy: r.required_by,
    status: r.status,
    overdue: r.status !== 'published' && r.due_on < today,
    openActions: r.open_actions,
    publishedAt: iso(r.published_at),
  }));
}

/** Locks the post-mortem of an incident for a change; its id and status, or null. */
export async function lockPostmortem(
  db: Queryable,
  incidentId: string,
): Promise<{
  id: string;
  status: Postmortem['status'];
  ownerId: string;
  dueOn: string;
  document: Record<Section, string>;
} | null> {
  const { rows } = await db.query<{
    id: string;
    status: Postmortem['status'];
    owner_id: string;
    due_on: string;
    document: Record<string, unknown>;
  }>(
    `SELECT id, status, owner_id, to_char(due_on, 'YYYY-MM-DD') AS due_on, document
       FROM postmortems WHERE incident_id = $1 FOR UPDATE`,
    [incidentId],
  );
  const r = rows[0];
  return r
    ? { id: r.id, status: r.status, ownerId: r.owner_id, dueOn: r.due_on, document: documentOf(r.document) }
    : null;
}

/** Changes columns of a post-mortem (and its updated_at). */
export async function updatePostmortem(
  db: Queryable,
  id: string,
  patch: {
    owner_id?: string;
    due_on?: string;
    status?: Postmortem['status'];
    document?: Record<Section, string>;
    audience?: string[];
    meeting_at?: Date;
    published_at?: Date;
  },
  at: Date,
): Promise<void> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const sets = entries.map(([k], i) => `${k} = $${i + 3}`);
  await db.query(
    `UPDATE postmortems SET updated_at = $2${sets.map((s) => `, ${s}`).join('')} WHERE id = $1`,
    [id, at, ...entries.map(([k, v]) => (k === 'document' ? JSON.stringify(v) : v))],
  );
}

/** Sets the meeting (a change counts one more SEQUENCE) and its participants; returns the sequence. */
export async function setMeeting(
  db: Queryable,
  m: { postmortemId: string; start: Date; end: Date; organizerId: string; at: Date },
  participants: readonly { email: string; name: string; userId: string | null }[],
): Promise<number> {
  const { rows } = await db.query<{ sequence: number }>(
    `INSERT INTO postmortem_meetings (postmortem_id, starts_at, ends_at, organizer_id, sent_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (postmortem_id) DO UPDATE SET starts_at = $2, ends_at = $3, organizer_id = $4, sent_at = $5,
       sequence = postmortem_meetings.sequence + 1
     RETURNING sequence`,
    [m.postmortemId, m.start, m.end, m.organizerId, m.at],
  );
  await db.query('DELETE FROM postmortem_participants WHERE postmortem_id = $1', [m.postmortemId]);
  for (const p of participants)
    await db.query(
      'INSERT INTO postmortem_participants (postmortem_id, email, name, user_id) VALUES ($1, $2, $3, $4)',
      [m.postmortemId, p.email, p.name, p.userId],
    );
  return rows[0]!.sequence;
}

/** Names the reviewers (earlier approvals of those kept stay). */
export async function setReviewers(
  db: Queryable,
  postmortemId: string,
  userIds: readonly string[],
): Promise<void> {
  await db.query('DELETE FROM postmortem_reviewers WHERE postmortem_id = $1 AND NOT (user_id = ANY($2))', [
    postmortemId,
    userIds,
  ]);
  for (const id of userIds)
    await db.query(
      'INSERT INTO postmortem_reviewers (postmortem_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [postmortemId, id],
    );
}

/** Records a reviewer's approval; false when they are not a reviewer. */
export async function approve(
  db: Queryable,
  postmortemId: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE postmortem_reviewers SET approved_at = coalesce(approved_at, $3) WHERE postmortem_id = $1 AND user_id = $2',
    [postmortemId, userId, at],
  );
  return (rowCount ?? 0) > 0;
}

/** The names of the team, for the blameless check. */
export async function teamNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM users');
  return rows.map((r) => r.name);
}

/** How many working days after resolution a post-mortem is due. */
export async function dueWorkingDays(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ due_working_days: number }>(
    'SELECT due_working_days FROM postmortem_settings',
  );
  return rows[0]?.due_working_days ?? 5;
}

/** Changes the working days until a post-mortem is due. */
export async function setDueWorkingDays(db: Queryable, days: number): Promise<void> {
  await db.query(
    `INSERT INTO postmortem_settings (id, due_working_days) VALUES (true, $1)
     ON CONFLICT (id) DO UPDATE SET due_working_days = $1`,
    [days],
  );
}
