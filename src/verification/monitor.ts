/**
 * Spells of monitoring begin and end here: a fix deployed (job `fix-deployed`) moves the incident
 * to monitoring and starts one; a rollback (job `fix-rolled-back`) moves it back to fixing and tells
 * the owner; an incident moved to monitoring by hand gets one from the next check. While a fix is
 * not verified on a metric, an overridable hold keeps the incident from resolving without a reason.
 */
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { placeHold } from '../incidents/holds.ts';
import { lockIncident, updateIncident, type IncidentRow } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { hasAlerts, insertRun, lockActiveRun, metricOf, updateRun, type MetricRow } from './store.ts';

/** The job kinds written by the deployments domain for the incidents of a deployed service. */
export const FIX_DEPLOYED_JOB = 'fix-deployed';
export const FIX_ROLLED_BACK_JOB = 'fix-rolled-back';
/** The job telling the owner that verification failed or the fix was rolled back. */
export const TELL_JOB = 'verification-tell';
/** The hold on resolving while the fix is unverified. */
export const UNVERIFIED_HOLD = 'unverified';

/** What the deployments domain writes. */
interface FixPayload {
  incidentId: string;
  deploymentId: string;
  serviceId: string;
  version: string;
  environment: string;
  at: string;
}

/** A change of an incident made by the system (no person): lock, change, timeline, in one transaction. */
export interface SystemChange {
  tx: pg.PoolClient;
  row: IncidentRow;
  now: Date;
  record(kind: string, data: Record<string, unknown>): Promise<void>;
}

/** Runs `fn` as one change of incident `incidentId` made by nobody in particular. */
export function systemChange<T>(deps: FlowDeps, incidentId: string, fn: (c: SystemChange) => Promise<T>) {
  return withTransaction(deps.pool, async (tx) => {
    const row = await lockIncident(tx, incidentId);
    const now = deps.clock.now();
    const record = async (kind: string, data: Record<string, unknown>) => {
      await appendTimeline(tx, { incidentId: row.id, at: now, actorId: null, kind, data });
      await updateIncident(tx, row.id, { updated_at: now });
    };
    return fn({ tx, row, now, record });
  });
}

/** What is watched, in plain words; kind `none` when nothing is. */
export function describeMetric(
  m: MetricRow,
  alerts: boolean,
): { kind: 'query' | 'integration' | 'alerts' | 'none'; text: string } {
  if (m.query && m.comparison && m.threshold !== null)
    return { kind: 'query', text: `${m.query} (bad ${m.comparison === 'above' ? '>' : '<'} ${m.threshold})` };
  if (m.integrationId && m.threshold !== null)
    return {
      kind: 'integration',
      text: `the alert rate of ${m.integrationName ?? 'an integration'} (bad > ${m.threshold} per minute)`,
    };
  if (alerts) return { kind: 'alerts', text: 'the rate of its alerts (none firing, none new)' };
  return { kind: 'none', text: 'no metric is watched' };
}

/**
 * Starts a spell of monitoring in the change's transaction (ending one in progress): records
 * `monitoring-started` and holds off resolving while unverified. Answers false when nothing is
 * watched (the entry says so; there is nothing to verify on).
 */
export async function startRun(c: SystemChange, deploymentId: string | null): Promise<boolean> {
  const m = await metricOf(c.tx, c.row.id);
  const metric = describeMetric(m, await hasAlerts(c.tx, c.row.id));
  const current = await lockActiveRun(c.tx, c.row.id);
  if (current)
    await updateRun(c.tx, current.id, {
      state: 'stopped',
      goodSince: current.goodSince,
      detail: deploymentId ? 'Another fix was deployed' : 'Monitoring started again',
      at: c.now,
    });
  await c.record('monitoring-started', {
    metric: metric.text,
    windowMinutes: m.windowMinutes,
    ...(deploymentId ? { deploymentId } : {}),
  });
  if (metric.kind === 'none') return false;
  await insertRun(c.tx, {
    incidentId: c.row.id,
    kind: metric.kind,
    metric: metric.text,
    windowMinutes: m.windowMinutes,
    deploymentId,
    startedAt: c.now,
  });
  await holdUnverified(c.tx, c.row.id, metric.text, c.now);
  return true;
}

/** Holds off resolving (overridable, with a reason) while the fix is not verified on `metric`. */
export async function holdUnverified(db: pg.PoolClient, incidentId: string, metric: string, at: Date) {
  await placeHold(db, {
    incidentId,
    key: UNVERIFIED_HOLD,
    blocks: ['resolved'],
    message: `The fix is not verified on ${metric} yet`,
    overridable: true,
    at,
  });
}

/** Moves the incident to `to` as the system, with a note, on the timeline. */
export async function moveStatus(c: SystemChange, to: 'monitoring' | 'fixing', note: string): Promise<void> {
  const from = c.row.status;
  await updateIncident(c.tx, c.row.id, { status: to });
  await c.record('status-changed', { from, to, note });
}

/** Asks for the owner to be told (a page when nobody owns it), once per key. */
export async function requestTell(
  db: pg.PoolClient,
  incidentId: string,
  key: string,
  what: 'failed' | 'rolled-back',
  detail: string,
  at: Date,
): Promise<void> {
  await enqueue(db, [
    { kind: TELL_JOB, key: `${TELL_JOB}:${key}`, runAt: at, payload: { incidentId, what, detail } },
  ]);
}

/** Job `fix-deployed`: an incident being worked on goes to monitoring and its metric is watched. */
export async function runFixDeployed(deps: FlowDeps, job: Job): Promise<void> {
  const p = job.payload as unknown as FixPayload;
  await systemChange(deps, p.incidentId, async (c) => {
    const status = c.row.status;
    if (status !== 'investigating' && status !== 'fixing' && status !== 'monitoring') return;
    if (status !== 'monitoring')
      await moveStatus(c, 'monitoring', `Fix deployed: ${p.version} to ${p.environment}`);
    await startRun(c, p.deploymentId);
  });
}

/** Job `fix-rolled-back`: the fix is gone, so the incident goes back to fixing and its owner is told. */
export async function runFixRolledBack(deps: FlowDeps, job: Job): Promise<void> {
  const p = job.payload as unknown as FixPayload;
  await systemChange(deps, p.incidentId, async (c) => {
    const current = await lockActiveRun(c.tx, c.row.id);
    if (current)
      await updateRun(c.tx, current.id, {
        state: 'stopped',
        goodSince: current.goodSince,
        detail: `Rolled back: ${p.version}`,
        at: c.now,
      });
    if (c.row.status !== 'monitoring') return;
    const detail = `Rolled back: ${p.version} in ${p.environment}`;
    await moveStatus(c, 'fixing', detail);
    await requestTell(
      c.tx,
      c.row.id,
      `rolled-back:${c.row.id}:${p.deploymentId}`,
      'rolled-back',
      detail,
      c.now,
    );
  });
}
