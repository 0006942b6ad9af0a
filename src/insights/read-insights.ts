/**
 * Reads the insights of a period from the incidents and pages mirrored in memory (mirror.ts): the
 * figures in total, over time and per group, time in each status, SLA compliance per client and
 * tier (the clients domain's clocks), pages per person with their out-of-hours share (the
 * organisation's business hours), deviations, tech debt, overdue post-mortem actions and hours.
 * Only names and settings are read from the database.
 */
import { businessHours } from '../escalation/business-hours.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { windowIntervals } from '../schedules/rotation.ts';
import { scopeOf, select } from './cohort.ts';
import { clientMoments, figures, statusTimes } from './figures.ts';
import { followUps } from './follow-ups.ts';
import type { InsightsMirror } from './mirror.ts';
import { pagesPerPerson } from './pages.ts';
import type { Insights, InsightsQuery } from './schema.ts';
import { slaCompliance } from './sla.ts';
import { clientsWithTiers, groupLabels, serviceTeams, userNames } from './store.ts';

/** The insights of a query; `people`: whether the caller may see pages per named person. */
export async function readInsights(
  deps: FlowDeps,
  mirror: InsightsMirror,
  query: InsightsQuery,
  people: boolean,
): Promise<Insights> {
  const { pool, clock } = deps;
  const now = clock.now();
  const scope = scopeOf(query, now);
  const [teams, bh, { incidents, pages }] = await Promise.all([
    serviceTeams(pool),
    businessHours(pool),
    mirror.current(),
  ]);
  const sel = select(incidents, scope, teams);
  const rows = figures(incidents, sel, scope);
  const statuses = statusTimes(incidents, sel, now);
  const moments = clientMoments(incidents, sel);
  const follow = followUps(incidents, sel.rows, now.toISOString().slice(0, 10));
  const [from, to] = [scope.from.getTime(), scope.to.getTime()];
  const perPerson = pagesPerPerson(
    pages,
    from,
    to,
    sel.matches,
    windowIntervals([bh.window], bh.timeZone, from, to),
  );
  const groupKeys = rows.flatMap((r) => (r.level === 'group' && r.g !== null ? [r.g] : []));
  const [tiers, names, labels] = await Promise.all([
    clientsWithTiers(pool, [...new Set(moments.map((m) => m.clientId))]),
    userNames(
      pool,
      perPerson.map((p) => p.userId),
    ),
    groupLabels(pool, scope, groupKeys),
  ]);
  const named = perPerson
    .map((p) => ({ ...p, name: names.get(p.userId) ?? '' }))
    .sort((a, b) => b.pages - a.pages || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const strip = ({ level: _l, b: _b, g: _g, ...f }: (typeof rows)[number]) => f;
  const empty = { count: 0, mean: null, median: null, p90: null };
  const none = {
    incidents: 0,
    resolved: 0,
    mtta: empty,
    mttr: empty,
    verification: empty,
    hours: 0,
    deviations: 0,
  };
  const totalRow = rows.find((r) => r.level === 'total');
  const total = totalRow ? strip(totalRow) : none;
  const steps = new Map(rows.filter((r) => r.level === 'time').map((r) => [r.b!.getTime(), strip(r)]));
  const groupRows = rows.filter((r) => r.level === 'group');
  return {
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    bucket: scope.bucket,
    groupBy: scope.groupBy,
    total,
    overTime: scope.steps.map((b) => ({
      start: b.toISOString(),
      ...(steps.get(b.getTime()) ?? none),
    })),
    groups: groupRows
      .map((r) => ({
        key: r.g,
        label: r.g === null ? `No ${scope.groupBy}` : (labels.get(r.g) ?? r.g),
        ...strip(r),
      }))
      // By name, those without one last.
      .sort((a, b) => Number(a.key === null) - Number(b.key === null) || a.label.localeCompare(b.label)),
    statuses,
    sla: slaCompliance(moments, tiers, now),
    pages: {
      total: named.reduce((s, p) => s + p.pages, 0),
      outOfHours: named.reduce((s, p) => s + p.outOfHours, 0),
      people: people ? named : null,
    },
    deviations: follow.deviations,
    techDebt: follow.techDebt,
    actions: follow.actions,
    hours: { total: total.hours, onTechDebt: follow.onTechDebt },
  };
}
