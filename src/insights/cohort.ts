/**
 * The incidents an insight is about: those declared in the period that match the filters (team
 * through the service, service, client, scope, criticality, area, urgency), each with its step of
 * time and its group. Every figure reads the same selection, so all of them speak of the same
 * incidents; pages are the one exception (sent in the period, for incidents matching the filters).
 */
import { invalidField } from '../errors.ts';
import type { Category, IncidentColumns } from './columns.ts';
import { MAX_DAYS, type Grouping, type InsightsQuery } from './schema.ts';

/** A query's period and filters, resolved. */
export interface Scope {
  from: Date;
  to: Date;
  now: Date;
  bucket: InsightsQuery['bucket'];
  /** The start of every step of the period (UTC), in order. */
  steps: Date[];
  groupBy: Grouping | null;
  filters: Pick<InsightsQuery, 'team' | 'service' | 'client' | 'scope' | 'criticality' | 'area' | 'urgency'>;
}

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
    steps: bucketStarts(from, to, query.bucket),
    groupBy: query.groupBy ?? null,
    filters: { team, service, client, scope, criticality, area, urgency },
  };
}

/** The start of every step of the period (UTC), so a quiet step shows as zero rather than missing. */
export function bucketStarts(from: Date, to: Date, bucket: InsightsQuery['bucket']): Date[] {
  const f = from;
  let t =
    bucket === 'month'
      ? new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), 1))
      : new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), f.getUTCDate()));
  if (bucket === 'week') t = new Date(t.getTime() - ((t.getUTCDay() + 6) % 7) * DAY);
  const out: Date[] = [];
  while (t < to) {
    out.push(t);
    t =
      bucket === 'month'
        ? new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1))
        : new Date(t.getTime() + (bucket === 'week' ? 7 : 1) * DAY);
  }
  return out;
}

/** The incidents of a period that match the filters, with the number of their step and group. */
export interface Selection {
  rows: Int32Array;
  /** Per selected incident: its step in `scope.steps`. */
  step: Int32Array;
  /** Per selected incident: its group in `groups`. */
  group: Int32Array;
  /** The key of each group (null: none, e.g. no service). */
  groups: (string | null)[];
  /** Whether an incident row passes the filters (null: there are none). */
  matches: ((row: number) => boolean) | null;
}

/** Which categorical column each filter and grouping reads (team: through the service). */
const columnOf: Record<Exclude<keyof Scope['filters'], 'team'>, Category> = {
  service: 'service',
  client: 'client',
  scope: 'scope',
  criticality: 'criticality',
  area: 'area',
  urgency: 'urgency',
};

/** The step holding time `t`: the last start at or before it. */
function stepOf(starts: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Selects the incidents of `scope`; `teamOf` maps a service's id to its team's (the team of an
 * incident is its service's team now).
 */
export function select(cols: IncidentColumns, scope: Scope, teamOf: Map<string, string | null>): Selection {
  const from = scope.from.getTime();
  const to = scope.to.getTime();
  const starts = Float64Array.from(scope.steps, (d) => d.getTime());
  const created = cols.time.created;
  const services = cols.dictionaries.service;
  // A filter is a test of one code; the team filter, of the service codes of its services.
  const tests: [Int32Array, (code: number) => boolean][] = [];
  for (const [name, category] of Object.entries(columnOf) as [keyof typeof columnOf, Category][]) {
    const value = scope.filters[name];
    if (value === undefined) continue;
    const code = cols.dictionaries[category].find(
      category === 'service' || category === 'client' ? value.toLowerCase() : value,
    );
    tests.push([cols.category[category], (c) => c === code]);
  }
  if (scope.filters.team !== undefined) {
    const team = scope.filters.team.toLowerCase();
    const codes = new Set(services.names.flatMap((id, code) => (teamOf.get(id) === team ? [code] : [])));
    tests.push([cols.category.service, (c) => codes.has(c)]);
  }
  const matches = tests.length ? (i: number) => tests.every(([column, test]) => test(column[i]!)) : null;
  // The key of each code of the grouping column, and the group number of each key.
  const groupColumn =
    scope.groupBy === null ? null : scope.groupBy === 'team' ? 'service' : columnOf[scope.groupBy];
  const keyOf = (code: number): string | null => {
    if (code < 0 || groupColumn === null) return null;
    const name = cols.dictionaries[groupColumn].names[code]!;
    return scope.groupBy === 'team' ? (teamOf.get(name) ?? null) : name;
  };
  const groups: (string | null)[] = [];
  const groupNumber = new Map<string | null, number>();
  // The group of each code (index: code + 1, so that -1, none, has one), -1 until first met.
  const groupOfCode = new Int32Array(
    (groupColumn ? cols.dictionaries[groupColumn].names.length : 0) + 1,
  ).fill(-1);
  const groupOf = (code: number) => {
    let g = groupOfCode[code + 1]!;
    if (g < 0) {
      const key = keyOf(code);
      g = groupNumber.get(key) ?? groups.length;
      if (g === groups.length) {
        groups.push(key);
        groupNumber.set(key, g);
      }
      groupOfCode[code + 1] = g;
    }
    return g;
  };
  const rows = new Int32Array(cols.size);
  const step = new Int32Array(cols.size);
  const group = new Int32Array(cols.size);
  const groupColumnCodes = groupColumn === null ? null : cols.category[groupColumn];
  let n = 0;
  for (let i = 0; i < cols.size; i++) {
    const t = created[i]!;
    if (t < from || t >= to) continue;
    if (matches && !matches(i)) continue;
    rows[n] = i;
    step[n] = stepOf(starts, t);
    group[n++] = groupOf(groupColumnCodes === null ? -1 : groupColumnCodes[i]!);
  }
  return {
    rows: rows.subarray(0, n),
    step: step.subarray(0, n),
    group: group.subarray(0, n),
    groups,
    matches,
  };
}
