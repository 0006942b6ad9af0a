/** SQL for uploads and support reports. */
import type { Queryable } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import type { HarSummary } from './har.ts';
import type { Report, Upload } from './schema.ts';

interface UploadRow {
  id: string;
  sha256: string;
  filename: string;
  content_type: string;
  kind: Upload['kind'];
  size: number;
  har_summary: HarSummary | null;
  uploaded_by: string;
  uploaded_at: Date;
  report_id: string | null;
}

/** The API form of an upload. */
export function toUpload(r: UploadRow): Upload {
  return {
    id: r.id,
    filename: r.filename,
    contentType: r.content_type,
    kind: r.kind,
    size: r.size,
    harSummary: r.har_summary,
    uploadedAt: r.uploaded_at.toISOString(),
    url: `/api/v1/uploads/${r.id}`,
  };
}

/** Records an uploaded (already stored) file. */
export async function insertUpload(db: Queryable, u: Omit<UploadRow, 'id' | 'report_id'>): Promise<Upload> {
  const { rows } = await db.query<UploadRow>(
    `INSERT INTO uploads (sha256, filename, content_type, kind, size, har_summary, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      u.sha256,
      u.filename,
      u.content_type,
      u.kind,
      u.size,
      u.har_summary ? JSON.stringify(u.har_summary) : null,
      u.uploaded_by,
      u.uploaded_at,
    ],
  );
  return toUpload(rows[0]!);
}

/** One upload's row (for serving the file), or undefined. */
export async function findUpload(db: Queryable, id: string): Promise<UploadRow | undefined> {
  const { rows } = await db.query<UploadRow>('SELECT * FROM uploads WHERE id = $1', [id]);
  return rows[0];
}

/**
 * Attaches uploads to a report: each must exist, be the reporter's own and not attached yet
 * (400 naming `body.attachments[i]` otherwise).
 */
export async function attachUploads(
  db: Queryable,
  reportId: string,
  ids: string[],
  by: string,
): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await db.query<{ id: string }>(
    `UPDATE uploads SET report_id = $1 WHERE id = ANY($2) AND uploaded_by = $3 AND report_id IS NULL RETURNING id`,
    [reportId, ids, by],
  );
  const done = new Set(rows.map((r) => r.id));
  const missing = ids.findIndex((id) => !done.has(id));
  if (missing >= 0)
    throw invalidField(
      `body.attachments.${missing}`,
      'no upload of yours with this id that is not attached yet',
    );
}

/** Stores a report. */
export async function insertReport(
  db: Queryable,
  r: {
    id: string;
    incidentId: string;
    reporterId: string;
    affectedUsers: string[];
    whatHappens: string;
    steps: string;
    checklist: Report['checklist'];
    recordingUrl: string | null;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO support_reports (id, incident_id, reporter_id, affected_users, what_happens, steps, checklist, recording_url, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      r.id,
      r.incidentId,
      r.reporterId,
      r.affectedUsers,
      r.whatHappens,
      r.steps,
      JSON.stringify(r.checklist),
      r.recordingUrl,
      r.at,
    ],
  );
}

/** The reports of an incident (or one report), oldest first, with their attachments. */
export async function listReports(
  db: Queryable,
  where: { incidentId: string } | { reportId: string },
): Promise<Report[]> {
  const byIncident = 'incidentId' in where;
  const { rows } = await db.query<{
    id: string;
    incident_id: string;
    reporter_id: string;
    reporter_name: string;
    reporter_email: string;
    affected_users: string[];
    what_happens: string;
    steps: string;
    checklist: Report['checklist'];
    recording_url: string | null;
    created_at: Date;
    attachments: (Omit<UploadRow, 'uploaded_at'> & { uploaded_at: string })[] | null;
  }>(
    `SELECT r.id, r.incident_id, r.reporter_id, u.name AS reporter_name, u.email AS reporter_email, r.affected_users,
            r.what_happens, r.steps, r.checklist, r.recording_url, r.created_at,
            (SELECT json_agg(up ORDER BY up.uploaded_at) FROM uploads up WHERE up.report_id = r.id) AS attachments
       FROM support_reports r JOIN users u ON u.id = r.reporter_id
      WHERE ${byIncident ? 'r.incident_id' : 'r.id'} = $1 ORDER BY r.created_at LIMIT 500`,
    [byIncident ? where.incidentId : where.reportId],
  );
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    reporter: { id: r.reporter_id, name: r.reporter_name, email: r.reporter_email },
    affectedUsers: r.affected_users,
    whatHappens: r.what_happens,
    steps: r.steps,
    checklist: r.checklist,
    recordingUrl: r.recording_url,
    createdAt: r.created_at.toISOString(),
    attachments: (r.attachments ?? []).map((a) => toUpload({ ...a, uploaded_at: new Date(a.uploaded_at) })),
  }));
}
