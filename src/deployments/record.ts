/**
 * Recording a deployment, whatever sent it (the API, the CLI, a CI/CD webhook, a PagerDuty change
 * event): one row per (source, external id), its status moving forward only (started → finished |
 * failed → rolled back), each status noted once on the timeline of every open incident of the
 * service (kind `deployment`), and the verification's jobs written for the incidents being fixed
 * (`fix-deployed`, `fix-rolled-back`), all in one transaction.
 */
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { withTransaction } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import { AppError } from '../errors.ts';
import { openStatuses } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import type { Deployment, DeploymentStatus } from './schema.ts';
import {
  getDeploymentRow,
  insertDeployment,
  lockBySource,
  lockOpenIncidentsOf,
  markNoted,
  setDeploymentStatus,
  toDeployment,
  type DeploymentRow,
} from './store.ts';

/** The job verification runs when a fix is out on a service (contract shared with verification). */
export const FIX_DEPLOYED_JOB = 'fix-deployed';
/** The job verification runs when a deployment of a service is rolled back. */
export const FIX_ROLLED_BACK_JOB = 'fix-rolled-back';

/** Incidents whose fix a deployment may be: the ones being investigated, fixed or watched. */
export const fixingStatuses = ['investigating', 'fixing', 'monitoring'];

/** What the flow needs from the app. */
export interface RecordDeps {
  pool: pg.Pool;
  clock: Clock;
}

/** A deployment event as any source reports it. */
export interface DeploymentEvent {
  serviceId: string;
  version: string;
  environment: string;
  status: DeploymentStatus;
  url: string | null;
  commit: string | null;
  by: string | null;
  /** The person recording it (API, CLI), null for a webhook. */
  actorId: string | null;
  source: string;
  externalId: string | null;
  hookId: string | null;
  rolledBackTo?: string | null;
}

/** What became of an event: the deployment as it is now and whether the event changed it. */
export interface Recorded {
  deployment: Deployment;
  changed: boolean;
}

const rank: Record<DeploymentStatus, number> = { started: 0, finished: 1, failed: 1, 'rolled-back': 2 };

/** Whether a deployment in `from` may move to `to` (forward only; rolling back needs an outcome). */
export function mayMove(from: DeploymentStatus, to: DeploymentStatus): boolean {
  if (to === 'rolled-back') return from === 'finished' || from === 'failed';
  return rank[to] > rank[from];
}

/**
 * Records `e`: a new deployment, or the one its source sent before under the same external id moved
 * to the event's status. An event that would move it backwards changes nothing (`changed` false);
 * with `strict`, it is a 409 instead.
 */
export async function recordDeployment(
  deps: RecordDeps,
  e: DeploymentEvent,
  opts: { strict?: boolean; at?: Date } = {},
): Promise<Recorded> {
  return withTransaction(deps.pool, async (tx) => {
    const at = opts.at ?? deps.clock.now();
    let existing = e.externalId ? await lockBySource(tx, e.source, e.externalId) : undefined;
    if (!existing) {
      if (e.status === 'rolled-back')
        throw new AppError('conflict', 'Only a recorded deployment can be rolled back');
      const id = await insertDeployment(tx, { ...e, at });
      if (id) {
        const row = (await getDeploymentRow(tx, id))!;
        await noteOnIncidents(tx, row, e.actorId, at);
        return { deployment: toDeployment(row), changed: true };
      }
      // Another request inserted it meanwhile: move that one.
      existing = (await lockBySource(tx, e.source, e.externalId!))!;
    }
    return move(tx, existing, e.status, e.actorId, at, {
      strict: opts.strict ?? false,
      rolledBackTo: e.rolledBackTo,
      url: e.url,
    });
  });
}

/** Changes the status of deployment `id` (a PATCH, a rollback); 404 when there is none. */
export async function changeDeployment(
  deps: RecordDeps,
  id: string,
  change: { status: DeploymentStatus; rolledBackTo?: string | null; url?: string | null },
  actorId: string | null,
): Promise<Recorded> {
  return withTransaction(deps.pool, async (tx) => {
    const row = await getDeploymentRow(tx, id, true);
    if (!row) throw new AppError('not_found', `No deployment ${id}`);
    return move(tx, row, change.status, actorId, deps.clock.now(), { ...change, strict: true });
  });
}

async function move(
  tx: pg.PoolClient,
  row: DeploymentRow,
  status: DeploymentStatus,
  actorId: string | null,
  at: Date,
  opts: { strict: boolean; rolledBackTo?: string | null; url?: string | null },
): Promise<Recorded> {
  if (row.status === status) return { deployment: toDeployment(row), changed: false };
  if (!mayMove(row.status, status)) {
    if (opts.strict)
      throw new AppError('conflict', `The deployment is ${row.status}; it cannot become ${status}`);
    return { deployment: toDeployment(row), changed: false };
  }
  await setDeploymentStatus(tx, row.id, status, at, { rolledBackTo: opts.rolledBackTo, url: opts.url });
  const now = (await getDeploymentRow(tx, row.id))!;
  await noteOnIncidents(tx, now, actorId, at);
  return { deployment: toDeployment(now), changed: true };
}

/**
 * Notes the deployment's status once on each open incident of its service, and writes the
 * verification's job for those being investigated, fixed or watched.
 */
async function noteOnIncidents(
  tx: pg.PoolClient,
  row: DeploymentRow,
  actorId: string | null,
  at: Date,
): Promise<void> {
  const incidents = await lockOpenIncidentsOf(tx, row.service_id, openStatuses);
  const jobKind =
    row.status === 'finished' ? FIX_DEPLOYED_JOB : row.status === 'rolled-back' ? FIX_ROLLED_BACK_JOB : null;
  for (const incident of incidents) {
    if (!(await markNoted(tx, row.id, incident.id, row.status))) continue;
    await appendTimeline(tx, {
      incidentId: incident.id,
      at,
      actorId,
      kind: 'deployment',
      data: {
        deploymentId: row.id,
        service: { id: row.service_id, name: row.service_name },
        version: row.version,
        environment: row.environment,
        status: row.status,
        url: row.url,
        by: row.deployed_by,
      },
    });
    await tx.query('UPDATE incidents SET updated_at = greatest(updated_at, $2) WHERE id = $1', [
      incident.id,
      at,
    ]);
    if (jobKind && fixingStatuses.includes(incident.status))
      await enqueue(tx, [
        {
          kind: jobKind,
          key: `${jobKind}:${incident.id}:${row.id}`,
          runAt: at,
          payload: {
            incidentId: incident.id,
            deploymentId: row.id,
            serviceId: row.service_id,
            version: row.version,
            environment: row.environment,
            at: at.toISOString(),
          },
        },
      ]);
  }
}
