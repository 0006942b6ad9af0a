/**
 * The check of the metric: a job every 30 seconds (`verification-check`, kept going by each run,
 * keyed by its due time) starts spells for incidents moved to monitoring by hand, then reads the
 * metric of each spell in progress: the instant value of its query at Prometheus, an integration's
 * signals per minute, or its alerts.
 * Verified: `verified` on the timeline and the hold released. Bad again within the window: back to
 * fixing, `verification-failed`, and the owner paged.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { releaseHold } from '../incidents/holds.ts';
import { evaluate, type Observation } from './evaluate.ts';
import { moveStatus, requestTell, startRun, systemChange, UNVERIFIED_HOLD } from './monitor.ts';
import { instantValue, prometheusBase } from './prometheus.ts';
import { integrationRate, RATE_MINUTES } from './rate.ts';
import {
  activeRuns,
  alertState,
  lockActiveRun,
  metricOf,
  unstartedMonitoring,
  updateRun,
  type RunRow,
} from './store.ts';

export const CHECK_JOB = 'verification-check';
/** Seconds between checks. */
export const CHECK_SECONDS = 30;
const STEP_MS = CHECK_SECONDS * 1000;

const checkKey = (ms: number) => `${CHECK_JOB}:${ms}`;

/** Adds the check due at the step of `at` (kept going by each run). */
export async function scheduleCheck(db: Queryable, at: Date): Promise<void> {
  const due = Math.ceil(at.getTime() / STEP_MS) * STEP_MS;
  await enqueue(db, [{ kind: CHECK_JOB, key: checkKey(due), runAt: new Date(due) }]);
}

/** Job `verification-check`: starts and checks spells, then schedules the next check. */
export async function runCheck(ctx: DomainContext, job: Job): Promise<void> {
  const now = ctx.clock.now();
  for (const { id } of await unstartedMonitoring(ctx.pool))
    await systemChange(ctx, id, async (c) => {
      if (c.row.status === 'monitoring') await startRun(c, null);
    });
  for (const { incidentId } of await activeRuns(ctx.pool)) await checkIncident(ctx, incidentId);
  await scheduleCheck(ctx.pool, new Date(now.getTime() + 1));
  // A row every 30 s would pile up: the finished check of a day before goes.
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    checkKey(job.runAt.getTime() - 86_400_000),
  ]);
}

/** A reading in plain words with what it means. */
interface Reading {
  obs: Observation;
  value: number | null;
  detail: string;
}

/** Reads the metric of `run` now. */
async function read(ctx: DomainContext, run: RunRow): Promise<Reading> {
  if (run.kind === 'alerts') {
    const a = await alertState(ctx.pool, run.incidentId);
    if (a.open > 0)
      return {
        obs: { kind: 'bad' },
        value: a.open,
        detail: `${a.open} alert${a.open === 1 ? '' : 's'} firing`,
      };
    if (run.goodSince && a.lastFirstSeenAt && a.lastFirstSeenAt > run.goodSince)
      return { obs: { kind: 'bad' }, value: 0, detail: 'A new alert arrived (resolved since)' };
    const since = a.lastResolvedAt && a.lastResolvedAt > run.startedAt ? a.lastResolvedAt : run.startedAt;
    return { obs: { kind: 'good', since }, value: 0, detail: 'No alert firing' };
  }
  const m = await metricOf(ctx.pool, run.incidentId);
  if (run.kind === 'integration') {
    if (!m.integrationId || m.threshold === null)
      return { obs: { kind: 'unknown' }, value: null, detail: 'The watched integration was removed' };
    const rate = await integrationRate(ctx.pool, m.integrationId, ctx.clock.now());
    const bad = rate > m.threshold;
    const words = `${rate} signals per minute over the last ${RATE_MINUTES} minutes`;
    return {
      obs: bad ? { kind: 'bad' } : { kind: 'good' },
      value: rate,
      detail: `${words} ${bad ? 'is bad' : 'is good'} (bad > ${m.threshold})`,
    };
  }
  const base = await prometheusBase(ctx.pool);
  if (!m.query || !m.comparison || m.threshold === null)
    return { obs: { kind: 'unknown' }, value: null, detail: 'The watched query was removed' };
  if (!base) return { obs: { kind: 'unknown' }, value: null, detail: 'No Prometheus is configured' };
  const r = await instantValue(ctx.outbound, base, m.query, m.comparison);
  if (!r.ok)
    return { obs: { kind: 'unknown' }, value: null, detail: `Could not read the metric: ${r.error}` };
  if (r.value === null) return { obs: { kind: 'unknown' }, value: null, detail: 'The query has no data' };
  const bad = m.comparison === 'above' ? r.value > m.threshold : r.value < m.threshold;
  const limit = `${m.comparison === 'above' ? '>' : '<'} ${m.threshold}`;
  return {
    obs: bad ? { kind: 'bad' } : { kind: 'good' },
    value: r.value,
    detail: bad ? `${r.value} is bad (${limit})` : `${r.value} is good (bad ${limit})`,
  };
}

/** Checks the spell in progress of one incident and acts on what it finds. */
export async function checkIncident(ctx: DomainContext, incidentId: string): Promise<void> {
  const { rows } = await ctx.pool.query<RunRow>(
    `SELECT id, incident_id AS "incidentId", kind, metric, window_minutes AS "windowMinutes", state,
            started_at AS "startedAt", good_since AS "goodSince"
       FROM verification_runs WHERE incident_id = $1 AND ended_at IS NULL`,
    [incidentId],
  );
  const seen = rows[0];
  if (!seen) return;
  const reading = await read(ctx, seen);
  await systemChange(ctx, incidentId, async (c) => {
    const run = await lockActiveRun(c.tx, incidentId);
    if (!run || run.id !== seen.id) return;
    if (c.row.status !== 'monitoring') {
      await updateRun(c.tx, run.id, {
        state: 'stopped',
        goodSince: run.goodSince,
        detail: `Moved to ${c.row.status}`,
        at: c.now,
      });
      return;
    }
    const next = evaluate(run, reading.obs, c.now, run.windowMinutes);
    await updateRun(c.tx, run.id, { ...next, lastValue: reading.value, detail: reading.detail, at: c.now });
    if (next.state === 'verified') {
      await releaseHold(c.tx, incidentId, UNVERIFIED_HOLD);
      await c.record('verified', { metric: run.metric, windowMinutes: run.windowMinutes });
    } else if (next.state === 'failed') {
      await c.record('verification-failed', { metric: run.metric, detail: reading.detail });
      await moveStatus(c, 'fixing', `Verification failed: ${reading.detail}`);
      await requestTell(c.tx, incidentId, `failed:${run.id}`, 'failed', reading.detail, c.now);
    }
  });
}
