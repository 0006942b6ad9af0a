/**
 * Reads the insights of a period: the figures in total, over time and per group, time in each
 * status, SLA compliance per client and tier (the clients domain's clocks), pages per person with
 * their out-of-hours share (the organisation's business hours), deviations, tech debt, overdue
 * post-mortem actions and hours. The queries run side by side on the pool.
 */
import { slaClocks } from '../clients/sla.ts';
import { withoutJit } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import { businessHours } from '../escalation/business-hours.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { windowIntervals } from '../schedules/rotation.ts';
import type { Scope } from './cohort.ts';
import { MAX_DAYS, type Insights, type InsightsQuery } from './schema.ts';
import {
  clientIncidents,
  figures,
  followUps,
  groupLabels,
  pagesPerPerson,
  statusTimes,
  type ClientIncident,
} from './store.ts';

const DAY = 86_400_000;

/** The period and filters of a query, checked: `to` after `from`, at most MAX_DAYS apart. */
export function scopeOf(query: InsightsQuery, now: Date): Scope {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY);
  if (to <= from) throw invalidField('querystring.to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY)
    throw invalidField('querystring.from', `the period is at most ${MAX_DAYS} days`);
  const { team, service, client, scope, criticality, area, urgency } = query;
  return {
    from,
    to,
    now,
    bucket: query.bucket,
    groupBy: query.groupBy ?? null,
    filters: { team, service, client, scope, criticality, area, urgency },
  };
}

/** Business hours over the period as a PostgreSQL multirange literal. */
async function businessHoursRange(deps: FlowDeps, scope: Scope): Promise<string> {
  const bh = await businessHours(deps.pool);
  const spans = windowIntervals([bh.window], bh.timeZone, scope.from.getTime(), scope.to.getTime());
  const iso = (t: number) => new Date(t).toISOString();
  return `{${spans.map((s) => `[${iso(s.start)},${iso(s.end)})`).join(',')}}`;
}

/** The start of every step of the period (UTC), so a quiet step shows as zero rather than missing. */
export function bucketStarts(scope: Scope): Date[] {
  const f = scope.from;
  let t =
    scope.bucket === 'month'
      ? new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), 1))
      : new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), f.getUTCDate()));
  if (scope.bucket === 'week') t = new Date(t.getTime() - ((t.getUTCDay() + 6) % 7) * DAY);
  const out: Date[] = [];
  while (t < scope.to) {
    out.push(t);
    t =
      scope.bucket === 'month'
        ? new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1))
        : new Date(t.getTime() + (scope.bucket === 'week' ? 7 : 1) * DAY);
  }
  return out;
}

type Counts = { met: number; breached: number; running: number };

/** SLA compliance per client and per tier, each incident's clocks from `slaClocks` as the clients domain reads them. */
export function slaCompliance(incidents: ClientIncident[], now: Date): Insights['sla'] {
  const clients = new Map<string, Insights['sla']['clients'][number]>();
  const tiers = new Map<string, Counts & { tier: string; incidents: number }>();
  for (const inc of incidents) {
    const line = clients.get(inc.clientId) ?? {
      client: inc.client,
      tier: inc.tier.name,
      incidents: 0,
      clocks: {},
      compliance: null,
    };
    const tier = tiers.get(inc.tier.name) ?? {
      tier: inc.tier.name,
      incidents: 0,
      met: 0,
      breached: 0,
      running: 0,
    };
    line.incidents++;
    tier.incidents++;
    for (const c of slaClocks(inc.tier, inc.start, inc, now)) {
      (line.clocks[c.clock] ??= { met: 0, breached: 0, running: 0 })[c.state]++;
      tier[c.state]++;
    }
    clients.set(inc.clientId, line);
    tiers.set(inc.tier.name, tier);
  }
  const share = (c: Counts) => (c.met + c.breached ? c.met / (c.met + c.breached) : null);
  return {
    clients: [...clients.values()]
      .map((l) => {
        const all = Object.values(l.clocks).reduce(
          (s, c) => ({ met: s.met + c.met, breached: s.breached + c.breached, running: 0 }),
          { met: 0, breached: 0, running: 0 },
        );
        return { ...l, compliance: share(all) };
      })
      .sort((a, b) => a.client.localeCompare(b.client)),
    tiers: [...tiers.values()]
      .map((t) => ({ ...t, compliance: share(t) }))
      .sort((a, b) => a.tier.localeCompare(b.tier)),
  };
}

/** The insights of a query; `people`: whether the caller may see pages per named person. */
export async function readInsights(deps: FlowDeps, query: InsightsQuery, people: boolean): Promise<Insights> {
  const { pool, clock } = deps;
  const now = clock.now();
  const scope = scopeOf(query, now);
  const [rows, statuses, perPerson, withClient, follow] = await Promise.all([
    withoutJit(pool, (db) => figures(db, scope)),
    withoutJit(pool, (db) => statusTimes(db, scope)),
    businessHoursRange(deps, scope).then((bh) => withoutJit(pool, (db) => pagesPerPerson(db, scope, bh))),
    withoutJit(pool, (db) => clientIncidents(db, scope)),
    withoutJit(pool, (db) => followUps(db, scope, now.toISOString().slice(0, 10))),
  ]);
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
  const labels = await groupLabels(
    pool,
    scope,
    groupRows.flatMap((r) => (r.g === null ? [] : [r.g])),
  );
  return {
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    bucket: scope.bucket,
    groupBy: scope.groupBy,
    total,
    overTime: bucketStarts(scope).map((b) => ({
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
    sla: slaCompliance(withClient, now),
    pages: {
      total: perPerson.reduce((s, p) => s + p.pages, 0),
      outOfHours: perPerson.reduce((s, p) => s + p.outOfHours, 0),
      people: people ? perPerson : null,
    },
    ...follow,
  };
}
