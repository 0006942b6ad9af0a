/**
 * SQL of resolution reports: the saved report (shared table `resolution_reports`) and what a report
 * is generated from — hours per person (time spent on the incident, not on its tech debt later),
 * the fixes on the timeline, and the latest outstanding issues and data loss of its updates.
 */
import type { Queryable } from '../db/pool.ts';

/** A saved report, as edited. */
export interface ReportRow {
  technical: string;
  plain: string;
  editedBy: { id: string; name: string } | null;
  updatedAt: Date;
  sharedAt: Date | null;
}

/** The saved report of an incident, if any. */
export async function getReport(db: Queryable, incidentId: string): Promise<ReportRow | undefined> {
  const { rows } = await db.query<{
    technical: string;
    plain: string;
    edited_by: string | null;
    editor: string | null;
    updated_at: Date;
    shared_at: Date | null;
  }>(
    `SELECT r.technical, r.plain, r.edited_by, u.name AS editor, r.updated_at, r.shared_at
       FROM resolution_reports r LEFT JOIN users u ON u.id = r.edited_by WHERE r.incident_id = $1`,
    [incidentId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    technical: r.technical,
    plain: r.plain,
    editedBy: r.edited_by ? { id: r.edited_by, name: r.editor ?? '' } : null,
    updatedAt: r.updated_at,
    sharedAt: r.shared_at,
  };
}

/** Saves both versions as edited by `by` (null: saved by the app when sharing what was generated). */
export async function saveReport(
  db: Queryable,
  r: { incidentId: string; technical: string; plain: string; by: string | null; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO resolution_reports (incident_id, technical, plain, edited_by, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (incident_id) DO UPDATE
       SET technical = EXCLUDED.technical, plain = EXCLUDED.plain,
           edited_by = COALESCE(EXCLUDED.edited_by, resolution_reports.edited_by),
           updated_at = EXCLUDED.updated_at`,
    [r.incidentId, r.technical, r.plain, r.by, r.at],
  );
}

/** Records that the report was shared at `at`. */
export async function markShared(db: Queryable, incidentId: string, at: Date): Promise<void> {
  await db.query('UPDATE resolution_reports SET shared_at = $2 WHERE incident_id = $1', [incidentId, at]);
}

/** Hours per person on the incident (time on its tech-debt items is not the resolution's). */
export async function hoursByPerson(
  db: Queryable,
  incidentId: string,
): Promise<{ userId: string; name: string; hours: number }[]> {
  const { rows } = await db.query<{ user_id: string; name: string; hours: string }>(
    `SELECT e.user_id, u.name, SUM(e.hours) AS hours
       FROM time_entries e JOIN users u ON u.id = e.user_id
      WHERE e.incident_id = $1 AND e.tech_debt_id IS NULL
      GROUP BY e.user_id, u.name ORDER BY SUM(e.hours) DESC, u.name`,
    [incidentId],
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.name, hours: Number(r.hours) }));
}

/** The timeline kinds that record a fix put in place. */
export const fixKinds = ['hotfix-recorded', 'hotfix-merged-back', 'deployment'] as const;

/** The fix entries of an incident's timeline, in order. */
export async function fixEntries(
  db: Queryable,
  incidentId: string,
): Promise<{ kind: (typeof fixKinds)[number]; at: Date; data: Record<string, unknown> }[]> {
  const { rows } = await db.query<{
    kind: (typeof fixKinds)[number];
    at: Date;
    data: Record<string, unknown>;
  }>(
    `SELECT kind, at, data FROM timeline_entries
      WHERE incident_id = $1 AND kind = ANY($2::text[]) ORDER BY id LIMIT 500`,
    [incidentId, fixKinds],
  );
  return rows;
}

/** The latest known outstanding issues and data loss of the incident's updates (null: none said). */
export async function latestSections(
  db: Queryable,
  incidentId: string,
): Promise<{ outstanding: string | null; dataLoss: string | null }> {
  const { rows } = await db.query<{ outstanding: string | null; data_loss: string | null }>(
    `SELECT
       (SELECT outstanding FROM incident_updates WHERE incident_id = $1 AND outstanding IS NOT NULL
         ORDER BY sent_at DESC, id LIMIT 1) AS outstanding,
       (SELECT data_loss FROM incident_updates WHERE incident_id = $1 AND data_loss IS NOT NULL
         ORDER BY sent_at DESC, id LIMIT 1) AS data_loss`,
    [incidentId],
  );
  return { outstanding: rows[0]?.outstanding ?? null, dataLoss: rows[0]?.data_loss ?? null };
}

/** The affected users named in the incident's support reports, each once (at most 200). */
export async function affectedUsers(db: Queryable, incidentId: string): Promise<string[]> {
  const { rows } = await db.query<{ u: string }>(
    `SELECT DISTINCT u FROM support_reports r, unnest(r.affected_users) AS u
      WHERE r.incident_id = $1 ORDER BY u LIMIT 200`,
    [incidentId],
  );
  return rows.map((r) => r.u);
}
