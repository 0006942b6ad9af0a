/**
 * What the room shows of verification: the metric, the window, the latest spell with its progress,
 * and the chart's series (the query's range at Prometheus, an integration's signals per minute, or the rate of the
 * incident's signals),
 * with the moment monitoring started marked.
 */
import type { Queryable } from '../db/pool.ts';
import type { Outbound } from '../outbound/index.ts';
import { incidentSignals } from '../signals/alerts.ts';
import { progressOf } from './evaluate.ts';
import { describeMetric } from './monitor.ts';
import { prometheusBase, rangeSeries } from './prometheus.ts';
import { integrationSeries } from './rate.ts';
import type { Series, VerificationView } from './schema.ts';
import { hasAlerts, latestRun, metricOf } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The verification of an incident at `now`. */
export async function verificationOf(
  db: Queryable,
  incidentId: string,
  now: Date,
): Promise<VerificationView> {
  const m = await metricOf(db, incidentId);
  const metric = describeMetric(m, await hasAlerts(db, incidentId));
  const run = await latestRun(db, incidentId);
  const at = run?.endedAt ?? now;
  return {
    metric: {
      kind: metric.kind,
      description: metric.text,
      query: m.query,
      integrationId: m.integrationId,
      integrationName: m.integrationName ?? null,
      comparison: m.comparison,
      threshold: m.threshold,
    },
    windowMinutes: m.windowMinutes,
    run: run && {
      id: run.id,
      state: run.state,
      metric: run.metric,
      windowMinutes: run.windowMinutes,
      deploymentId: run.deploymentId,
      startedAt: run.startedAt.toISOString(),
      goodSince: iso(run.goodSince),
      verifiesAt:
        run.state === 'good' && run.goodSince
          ? new Date(run.goodSince.getTime() + run.windowMinutes * 60_000).toISOString()
          : null,
      progress: progressOf(run, at, run.windowMinutes),
      lastValue: run.lastValue,
      lastCheckedAt: iso(run.lastCheckedAt),
      detail: run.detail,
      endedAt: iso(run.endedAt),
    },
    verified: run?.state === 'verified',
  };
}

/** The chart's series of an incident's metric around its latest spell (the last hour without one). */
export async function seriesOf(
  db: Queryable,
  outbound: Outbound,
  incidentId: string,
  now: Date,
): Promise<Series> {
  const m = await metricOf(db, incidentId);
  const run = await latestRun(db, incidentId);
  const deployedAt = iso(run?.startedAt ?? null);
  if (m.query && m.comparison) {
    const base = await prometheusBase(db);
    if (!base)
      return {
        unit: 'value',
        points: [],
        deployedAt,
        threshold: m.threshold,
        error: 'No Prometheus is configured',
      };
    const end = run?.endedAt ?? now;
    const start = new Date(
      run ? run.startedAt.getTime() - run.windowMinutes * 60_000 : end.getTime() - 3_600_000,
    );
    const r = await rangeSeries(outbound, base, m.query, m.comparison, start, end > start ? end : now);
    return r.ok
      ? {
          unit: 'value',
          points: r.points.map((p) => ({ at: p.at.toISOString(), value: p.value })),
          deployedAt,
          threshold: m.threshold,
          error: null,
        }
      : { unit: 'value', points: [], deployedAt, threshold: m.threshold, error: r.error };
  }
  if (m.integrationId) {
    const end = run?.endedAt ?? now;
    const start = new Date(
      run ? run.startedAt.getTime() - run.windowMinutes * 60_000 : end.getTime() - 3_600_000,
    );
    const counts = await integrationSeries(db, m.integrationId, start, new Date(end.getTime() + 1));
    return {
      unit: 'signals-per-minute',
      points: counts.map((p) => ({ at: p.minute.toISOString(), value: p.count })),
      deployedAt,
      threshold: m.threshold,
      error: counts.length ? null : 'No signals',
    };
  }
  const signals = await incidentSignals(db, incidentId, 1);
  return {
    unit: 'signals-per-minute',
    points: signals.rate.map((p) => ({ at: p.minute, value: p.count })),
    deployedAt,
    threshold: null,
    error: signals.rate.length ? null : 'No signals',
  };
}
