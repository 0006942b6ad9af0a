/**
 * Choosing what verifies a fix: a watched query with its threshold, or none (then the incident's
 * alerts, if it has any), and the window. A change while monitoring starts the spell again on the
 * new metric. A query chosen holds off resolving until the fix is verified on it; with nothing
 * left to watch, the hold goes.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { releaseHold } from '../incidents/holds.ts';
import { describeMetric, holdUnverified, startRun, UNVERIFIED_HOLD } from './monitor.ts';
import type { watchedMetricBody } from './schema.ts';
import { hasAlerts, lockActiveRun, metricOf, saveMetric, updateRun, type MetricRow } from './store.ts';

/** What a change sets: a query (or none), and the window when given. */
export type MetricChange =
  { set: z.output<typeof watchedMetricBody> } | { remove: true } | { windowMinutes: number };

/** Changes what verifies incident `ref`'s fix, on its timeline (`watched-metric-changed`). */
export async function changeWatchedMetric(deps: FlowDeps, ref: string, actor: User, change: MetricChange) {
  return changeIncident(deps, ref, actor, async (c) => {
    const before = await metricOf(c.tx, c.row.id);
    const next: MetricRow =
      'set' in change
        ? {
            query: change.set.query,
            comparison: change.set.comparison,
            threshold: change.set.threshold,
            windowMinutes: change.set.windowMinutes ?? before.windowMinutes,
          }
        : 'remove' in change
          ? { query: null, comparison: null, threshold: null, windowMinutes: before.windowMinutes }
          : { ...before, windowMinutes: change.windowMinutes };
    await saveMetric(c.tx, c.row.id, next, actor.id, c.now);
    await c.record('watched-metric-changed', {
      query: next.query,
      comparison: next.comparison,
      threshold: next.threshold,
      windowMinutes: next.windowMinutes,
    });
    const watched = next.query !== null || (await hasAlerts(c.tx, c.row.id));
    if (c.row.status === 'monitoring') {
      const current = await lockActiveRun(c.tx, c.row.id);
      const record = (kind: string, data: Record<string, unknown>) => c.record(kind, data);
      if (watched) await startRun({ ...c, record }, current?.deploymentId ?? null);
      else if (current)
        await updateRun(c.tx, current.id, {
          state: 'stopped',
          goodSince: current.goodSince,
          detail: 'Nothing is watched any more',
          at: c.now,
        });
    }
    if (!watched) await releaseHold(c.tx, c.row.id, UNVERIFIED_HOLD);
    // A query chosen is a metric the fix is not verified on yet, whatever the status.
    else if ('set' in change) await holdUnverified(c.tx, c.row.id, describeMetric(next, false).text, c.now);
    return c.row.id;
  });
}
