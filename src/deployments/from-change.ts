/**
 * Job `change-deployment`: a PagerDuty change event of a service (kept by the signals domain in
 * service_changes) recorded as a finished deployment of that service, once per change. The version
 * is `custom_details.version` when sent, else the first version-like word of the summary, else the
 * summary; the environment `custom_details.environment`, else production.
 */
import type { Job } from '../engine/jobs.ts';
import { recordDeployment, type RecordDeps } from './record.ts';

interface ChangeRow {
  id: string;
  service_id: string | null;
  received_at: Date;
  summary: string;
  source: string | null;
  links: { href?: unknown }[] | null;
  custom_details: Record<string, unknown> | null;
}

const textOf = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim() !== ''
    ? v.trim().slice(0, max)
    : typeof v === 'number'
      ? String(v)
      : null;

/** The version a change names. */
export function versionOf(summary: string, details: Record<string, unknown> | null): string {
  return (
    textOf(details?.version, 200) ??
    /\bv?\d+(?:\.\d+)+(?:[-+][\w.]+)?\b/.exec(summary)?.[0] ??
    (summary.trim().slice(0, 200) || 'unknown')
  );
}

/** Records the change of the job's payload as a deployment (nothing when it has no service). */
export async function runChangeDeployment(deps: RecordDeps, job: Job): Promise<void> {
  const { rows } = await deps.pool.query<ChangeRow>(
    `SELECT id, service_id, received_at, summary, source, links, custom_details FROM service_changes WHERE id = $1`,
    [String(job.payload.changeId)],
  );
  const change = rows[0];
  if (!change?.service_id) return;
  const details = change.custom_details;
  const href = (change.links ?? [])
    .map((l) => l.href)
    .find((h) => typeof h === 'string' && /^https?:\/\//i.test(h));
  const commit = textOf(details?.commit ?? details?.sha, 64);
  await recordDeployment(
    deps,
    {
      serviceId: change.service_id,
      version: versionOf(change.summary, details),
      environment: textOf(details?.environment, 100) ?? 'production',
      status: 'finished',
      url: typeof href === 'string' ? href.slice(0, 2000) : null,
      commit: commit && /^[0-9a-f]{4,64}$/i.test(commit) ? commit : null,
      by: textOf(details?.deployed_by ?? details?.user, 200) ?? change.source,
      actorId: null,
      source: 'pagerduty',
      externalId: change.id,
      hookId: null,
    },
    { at: change.received_at },
  );
}
