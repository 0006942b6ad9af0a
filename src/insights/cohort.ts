/**
 * The incidents an insight is about, as SQL: those declared in the period that match the filters,
 * with the key of their group and the step of time they fall in. Every figure starts from it, so
 * all of them speak of the same incidents.
 */
import type { Grouping, InsightsQuery } from './schema.ts';

/** A query's period and filters, resolved. */
export interface Scope {
  from: Date;
  to: Date;
  now: Date;
  bucket: InsightsQuery['bucket'];
  groupBy: Grouping | null;
  filters: Pick<InsightsQuery, 'team' | 'service' | 'client' | 'scope' | 'criticality' | 'area' | 'urgency'>;
}

const groupKey: Record<Grouping, string> = {
  team: 's.team_id::text',
  service: 'i.service_id::text',
  client: 'i.client_id::text',
  scope: 'i.scope',
  criticality: 'i.criticality',
  area: 'i.area',
  urgency: 'i.urgency',
};

const filterColumn = {
  team: 's.team_id',
  service: 'i.service_id',
  client: 'i.client_id',
  scope: 'i.scope',
  criticality: 'i.criticality',
  area: 'i.area',
  urgency: 'i.urgency',
} as const;

/** SQL text and its parameters, built up together so the placeholders stay numbered right. */
export class Sql {
  readonly params: unknown[] = [];
  /** Adds a parameter and answers its placeholder. */
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/** The WHERE conditions of the filters (not the period) on `incidents i LEFT JOIN services s`. */
export function filterSql(q: Sql, scope: Scope): string[] {
  const where: string[] = [];
  for (const [name, column] of Object.entries(filterColumn)) {
    const value = scope.filters[name as keyof typeof filterColumn];
    if (value !== undefined) where.push(`${column} = ${q.p(value)}`);
  }
  return where;
}

/**
 * `inc`: the incidents of the period (id, created_at, resolved_at, status, client_id, g: group key,
 * b: start of its step), as the text of a materialised CTE.
 */
export function cohortCte(q: Sql, scope: Scope): string {
  const where = [
    `i.created_at >= ${q.p(scope.from)}`,
    `i.created_at < ${q.p(scope.to)}`,
    ...filterSql(q, scope),
  ];
  const g = scope.groupBy ? groupKey[scope.groupBy] : 'NULL::text';
  return `inc AS MATERIALIZED (
    SELECT i.id, i.created_at, i.resolved_at, i.status, i.client_id, ${g} AS g,
           date_trunc(${q.p(scope.bucket)}, i.created_at, 'UTC') AS b
      FROM incidents i LEFT JOIN services s ON s.id = i.service_id
     WHERE ${where.join(' AND ')})`;
}

/** Minutes between two timestamptz expressions (null when either is), never below zero. */
export const minutes = (from: string, to: string) =>
  `(CASE WHEN ${to} IS NOT NULL AND ${from} IS NOT NULL THEN greatest(0, extract(epoch FROM ${to} - ${from}) / 60)::float8 END)`;

/** count, mean, median and 90th percentile of a column of minutes, as SQL select items. */
export function statSql(column: string, prefix: string): string {
  return `count(${column})::int AS ${prefix}_count, avg(${column})::float8 AS ${prefix}_mean,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) AS ${prefix}_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}) AS ${prefix}_p90`;
}
