/**
 * The SQL of the insights. Each query starts from the same incidents (cohort.ts) and aggregates in
 * the database: the incidents of the period joined with their timings (`incident_timings`, kept by a
 * trigger on the timeline), so an answer costs range scans and joins, never a walk of the timeline,
 * and only aggregates cross the wire.
 */
import type { Queryable } from '../db/pool.ts';
import { cohortCte, filterSql, minutes, Sql, statSql, type Scope } from './cohort.ts';
import type { Figures, Stat } from './schema.ts';

/** The working statuses whose time is measured (the end states are not "time spent"). */
export const timedStatuses = ['triage', 'investigating', 'fixing', 'monitoring', 'backlogged'] as const;

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A stat from the columns `statSql` named with `prefix`. */
export function statOf(r: Row, prefix: string): Stat {
  return {
    count: Number(r[`${prefix}_count`]),
    mean: num(r[`${prefix}_mean`]),
    median: num(r[`${prefix}_median`]),
    p90: num(r[`${prefix}_p90`]),
  };
}

/** One row of figures: the whole period (b and g null), a step of time (b) or a group (g). */
export interface FiguresRow extends Figures {
  level: 'total' | 'time' | 'group';
  b: Date | null;
  g: string | null;
}

/** Counts, MTTA, MTTR, time to verification, hours and deviations: in total, per step, per group. */
export async function figures(db: Queryable, scope: Scope): Promise<FiguresRow[]> {
  const q = new Sql();
  const inc = cohortCte(q, scope);
  const { rows } = await db.query<Row>(
    `WITH ${inc},
     hrs AS (SELECT te.incident_id, sum(te.hours) AS hours FROM time_entries te JOIN inc ON inc.id = te.incident_id
              GROUP BY te.incident_id),
     dev AS (SELECT d.incident_id, count(*) AS n FROM deviations d JOIN inc ON inc.id = d.incident_id
              GROUP BY d.incident_id),
     per AS (
       SELECT inc.b, inc.g, inc.resolved_at, coalesce(hrs.hours, 0) AS hours, coalesce(dev.n, 0) AS deviations,
              ${minutes('inc.created_at', 't.acknowledged_at')} AS tta,
              ${minutes('inc.created_at', 'inc.resolved_at')} AS ttr,
              ${minutes('t.verify_started_at', 't.verified_at')} AS ttv
         FROM inc LEFT JOIN incident_timings t ON t.incident_id = inc.id
              LEFT JOIN hrs ON hrs.incident_id = inc.id LEFT JOIN dev ON dev.incident_id = inc.id)
     SELECT GROUPING(b) AS no_b, GROUPING(g) AS no_g, b, g, count(*)::int AS incidents,
            count(resolved_at)::int AS resolved, ${statSql('tta', 'mtta')}, ${statSql('ttr', 'mttr')},
            ${statSql('ttv', 'ver')}, coalesce(sum(hours), 0)::float8 AS hours, sum(deviations)::int AS deviations
       FROM per GROUP BY GROUPING SETS ((), (b), (g))
      ORDER BY b NULLS FIRST, g NULLS LAST`,
    q.params,
  );
  // Without a grouping, g is null throughout and its one group is no group.
  return rows
    .filter((r) => scope.groupBy || !(r.no_b && !r.no_g))
    .map((r) => ({
      level: r.no_b && r.no_g ? 'total' : r.no_b ? 'group' : 'time',
      b: (r.b as Date | null) ?? null,
      g: (r.g as string | null) ?? null,
      incidents: Number(r.incidents),
      resolved: Number(r.resolved),
      mtta: statOf(r, 'mtta'),
      mttr: statOf(r, 'mttr'),
      verification: statOf(r, 'ver'),
      hours: Number(r.hours ?? 0),
      deviations: Number(r.deviations ?? 0),
    }));
}

/**
 * Time in each working status, from the `status-changed` and `resolved` entries {from, to} as
 * `incident_timings` sums them: the first status from declaration to the first move, each next one
 * until the move after it; the current one until now.
 */
export async function statusTimes(db: Queryable, scope: Scope): Promise<(Stat & { status: string })[]> {
  const q = new Sql();
  const inc = cohortCte(q, scope);
  const now = `${q.p(scope.now)}::timestamptz`;
  // One row per incident with a column per status (null when it never was in it), so each status's
  // figures are one pass over the incidents rather than a row per incident and status.
  const column = (status: string, i: number) =>
    `CASE WHEN t.minutes ? '${status}' OR cur = '${status}'
       THEN coalesce((t.minutes->>'${status}')::float8, 0)
            + CASE WHEN cur = '${status}' THEN ${minutes('since', now)} ELSE 0 END
     END AS m${i}`;
  const { rows } = await db.query<Row>(
    `WITH ${inc},
     per AS (
       SELECT ${timedStatuses.map(column).join(',\n')}
         FROM (SELECT t.minutes, coalesce(t.status, inc.status) AS cur,
                      coalesce(t.status_since, inc.created_at) AS since
                 FROM inc LEFT JOIN incident_timings t ON t.incident_id = inc.id) t)
     SELECT ${timedStatuses.map((_, i) => statSql(`m${i}`, `s${i}`)).join(', ')} FROM per`,
    q.params,
  );
  const r = rows[0] ?? {};
  return timedStatuses.map((status, i) => ({ status, ...statOf(r, `s${i}`) }));
}

/** Pages sent in the period to each person, for incidents matching the filters; out of hours: outside `hours`. */
export async function pagesPerPerson(
  db: Queryable,
  scope: Scope,
  businessHours: string,
): Promise<{ userId: string; name: string; pages: number; outOfHours: number; incidents: number }[]> {
  const q = new Sql();
  const where = [
    'm.escalation_id IS NOT NULL',
    "m.status = 'sent'",
    `m.sent_at >= ${q.p(scope.from)}`,
    `m.sent_at < ${q.p(scope.to)}`,
    ...filterSql(q, scope),
  ];
  const { rows } = await db.query<Row>(
    `SELECT m.user_id, u.name, count(*)::int AS pages,
            count(*) FILTER (WHERE NOT m.sent_at <@ ${q.p(businessHours)}::tstzmultirange)::int AS out_of_hours,
            count(DISTINCT m.incident_id)::int AS incidents
       FROM messages m JOIN users u ON u.id = m.user_id JOIN incidents i ON i.id = m.incident_id
       LEFT JOIN services s ON s.id = i.service_id
      WHERE ${where.join(' AND ')}
      GROUP BY m.user_id, u.name ORDER BY pages DESC, u.name`,
    q.params,
  );
  return rows.map((r) => ({
    userId: r.user_id as string,
    name: r.name as string,
    pages: Number(r.pages),
    outOfHours: Number(r.out_of_hours),
    incidents: Number(r.incidents),
  }));
}

/** One incident of a client with its tier's targets and the moments its SLA clocks were met. */
export interface ClientIncident {
  clientId: string;
  client: string;
  tier: { name: string; ackMinutes: number; responseMinutes: number; resolveMinutes: number };
  start: Date;
  acknowledge: Date | null;
  respond: Date | null;
  resolve: Date | null;
}

/**
 * The period's incidents with a client, with the same milestones as the clients domain's
 * `milestones()` (acknowledged or owned; a person's note, status change or client notice; resolved),
 * as `incident_timings` keeps them, read for all of them in one query.
 */
export async function clientIncidents(db: Queryable, scope: Scope): Promise<ClientIncident[]> {
  const q = new Sql();
  const inc = cohortCte(q, scope);
  const { rows } = await db.query<Row>(
    `WITH ${inc}
     SELECT c.id, c.name, t.name AS tier, t.ack_minutes, t.response_minutes, t.resolve_minutes,
            inc.created_at AS start, inc.resolved_at AS resolve,
            m.acknowledged_at AS ack, m.responded_at AS respond
       FROM inc JOIN clients c ON c.id = inc.client_id JOIN client_tiers t ON t.name = c.tier
       LEFT JOIN incident_timings m ON m.incident_id = inc.id`,
    q.params,
  );
  return rows.map((r) => ({
    clientId: r.id as string,
    client: r.name as string,
    tier: {
      name: r.tier as string,
      ackMinutes: Number(r.ack_minutes),
      responseMinutes: Number(r.response_minutes),
      resolveMinutes: Number(r.resolve_minutes),
    },
    start: r.start as Date,
    acknowledge: (r.ack as Date | null) ?? null,
    respond: (r.respond as Date | null) ?? null,
    resolve: (r.resolve as Date | null) ?? null,
  }));
}

/** Deviations by reason, tech debt, post-mortem actions and hours of the period's incidents. */
export async function followUps(db: Queryable, scope: Scope, today: string) {
  const q = new Sql();
  const inc = cohortCte(q, scope);
  const day = q.p(today);
  const { rows } = await db.query<Row>(
    `WITH ${inc},
     debt AS (SELECT d.* FROM tech_debt_items d JOIN inc ON inc.id = d.incident_id),
     actions AS (SELECT a.* FROM postmortem_actions a JOIN postmortems p ON p.id = a.postmortem_id
                   JOIN inc ON inc.id = p.incident_id)
     SELECT (SELECT coalesce(json_agg(json_build_object('reason', reason, 'count', n) ORDER BY n DESC, reason), '[]')
               FROM (SELECT r AS reason, count(*)::int AS n FROM deviations d JOIN inc ON inc.id = d.incident_id,
                            unnest(d.reasons) r GROUP BY r) x) AS by_reason,
            (SELECT count(*)::int FROM deviations d JOIN inc ON inc.id = d.incident_id) AS deviations,
            (SELECT count(*)::int FROM debt) AS debt_created,
            (SELECT count(*)::int FROM debt WHERE status IN ('open', 'in-progress')) AS debt_open,
            (SELECT count(*)::int FROM debt WHERE status IN ('open', 'in-progress') AND due_on < ${day}::date) AS debt_overdue,
            (SELECT coalesce(sum(budget_hours), 0)::float8 FROM debt WHERE status IN ('open', 'in-progress')) AS debt_hours,
            (SELECT count(*)::int FROM actions WHERE status = 'open') AS actions_open,
            (SELECT count(*)::int FROM actions WHERE status = 'open' AND due_on < ${day}::date) AS actions_overdue,
            (SELECT coalesce(sum(te.hours), 0)::float8 FROM time_entries te JOIN inc ON inc.id = te.incident_id) AS hours,
            (SELECT coalesce(sum(te.hours), 0)::float8 FROM time_entries te JOIN inc ON inc.id = te.incident_id
              WHERE te.tech_debt_id IS NOT NULL) AS debt_spent`,
    q.params,
  );
  const r = rows[0]!;
  return {
    deviations: { count: Number(r.deviations), byReason: r.by_reason as { reason: string; count: number }[] },
    techDebt: {
      created: Number(r.debt_created),
      open: Number(r.debt_open),
      overdue: Number(r.debt_overdue),
      openBudgetHours: Number(r.debt_hours),
    },
    actions: { open: Number(r.actions_open), overdue: Number(r.actions_overdue) },
    hours: { total: Number(r.hours), onTechDebt: Number(r.debt_spent) },
  };
}

/** Names of the groups' keys (teams, services, clients); class codes name themselves. */
export async function groupLabels(db: Queryable, scope: Scope, keys: string[]): Promise<Map<string, string>> {
  const table = { team: 'teams', service: 'services', client: 'clients' }[scope.groupBy as string];
  if (!table || keys.length === 0) return new Map(keys.map((k) => [k, k]));
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id::text, name FROM ${table} WHERE id = ANY($1::uuid[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
