/**
 * Choosing what verifies a fix: a watched query with its threshold, an integration's alert rate
 * with its threshold, or none (then the incident's alerts, if it has any), and the window. A change while monitoring starts the spell again on the
 * new metric. A query or integration chosen holds off resolving until the fix is verified on it; with nothing
 * left to watch, the hold goes.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import type { Queryable } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { releaseHold } from '../incidents/holds.ts';
import { describeMetric, holdUnverified, startRun, UNVERIFIED_HOLD } from './monitor.ts';
import { findIntegration } from './rate.ts';
import type { watchedMetricBody } from './schema.ts';
import { hasAlerts, lockActiveRun, metricOf, saveMetric, updateRun, type MetricRow } from './store.ts';

/** What a change sets: a query or an integration (or none), and the window when given. */
export type MetricChange =
  { set: z.output<typeof watchedMetricBody> } | { remove: true } | { windowMinutes: number };

/** Changes what verifies incident `ref`'s fix, on its timeline (`watched-metric-changed`). */
export async function changeWatchedMetric(deps: FlowDeps, ref: string, actor: User, change: MetricChange) {
  const chosen = 'set' in change ? await checkChoice(deps.pool, change.set) : null;
  return changeIncident(deps, ref, actor, async (c) => {
    const before = await metricOf(c.tx, c.row.id);
    const next: MetricRow =
      'set' in change && chosen
        ? {
            query: chosen.query,
            integrationId: chosen.integration?.id ?? null,
            integrationName: chosen.integration?.name ?? null,
            comparison: chosen.comparison,
            threshold: change.set.threshold,
            windowMinutes: change.set.windowMinutes ?? before.windowMinutes,
          }
        : 'remove' in change
          ? {
              query: null,
              integrationId: null,
              comparison: null,
              threshold: null,
              windowMinutes: before.windowMinutes,
            }
          : {
              ...before,
              windowMinutes: 'windowMinutes' in change ? change.windowMinutes : before.windowMinutes,
            };
    await saveMetric(c.tx, c.row.id, next, actor.id, c.now);
    await c.record('watched-metric-changed', {
      query: next.query,
      ...(next.integrationId ? { integrationId: next.integrationId, integration: next.integrationName } : {}),
      comparison: next.comparison,
      threshold: next.threshold,
      windowMinutes: next.windowMinutes,
    });
    const watched = next.comparison !== null || (await hasAlerts(c.tx, c.row.id));
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
    // A metric chosen is one the fix is not verified on yet, whatever the status.
    else if ('set' in change) await holdUnverified(c.tx, c.row.id, describeMetric(next, false).text, c.now);
    return c.row.id;
  });
}

/**
 * What a `PUT` asks to watch, checked: a query with its comparison, or an existing integration
 * (bad above the threshold); a 400 naming the field otherwise.
 */
async function checkChoice(db: Queryable, set: z.output<typeof watchedMetricBody>) {
  if (set.query !== undefined && set.integrationId !== undefined)
    throw invalidField('integrationId', 'give a query or an integration, not both');
  if (set.integrationId !== undefined) {
    if (set.comparison === 'below')
      throw invalidField('comparison', "an integration's alert rate is bad above the threshold");
    const integration = await findIntegration(db, set.integrationId);
    if (!integration) throw invalidField('integrationId', 'no integration has this id');
    return { query: null, integration, comparison: 'above' as const };
  }
  if (set.query === undefined) throw invalidField('query', 'give a query or an integrationId');
  if (set.comparison === undefined) throw invalidField('comparison', 'say whether above or below is bad');
  return { query: set.query, integration: null, comparison: set.comparison };
}
