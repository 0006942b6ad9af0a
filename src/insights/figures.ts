/**
 * The figures of the selected incidents (cohort.ts) read from the incident columns (columns.ts):
 * counts, means, medians and 90th percentiles (interpolated as PostgreSQL's percentile_cont does),
 * in total, per step and per group; time in each status; the moments of the client clocks.
 */
import type { Scope, Selection } from './cohort.ts';
import { timedStatuses, type IncidentColumns } from './columns.ts';
import type { Figures, Stat } from './schema.ts';
import type { ClientMoments } from './sla.ts';

/** One row of figures: the whole period (b and g null), a step of time (b) or a group (g). */
export interface FiguresRow extends Figures {
  level: 'total' | 'time' | 'group';
  b: Date | null;
  g: string | null;
}

const MINUTE = 60_000;

/** The k-th smallest of `xs` (0-based), moving its elements about (quickselect). */
function kth(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const x = xs[i]!;
        xs[i++] = xs[j]!;
        xs[j--] = x;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

/** percentile_cont(p) of `xs`: interpolated between the two values around position p·(n−1). */
export function percentile(xs: Float64Array, p: number): number | null {
  if (xs.length === 0) return null;
  const pos = p * (xs.length - 1);
  const lo = Math.floor(pos);
  const below = kth(xs, lo);
  if (pos === lo) return below;
  // After selecting the lo-th, everything past it is at least as large: the next value is their least.
  let above = Infinity;
  for (let i = lo + 1; i < xs.length; i++) if (xs[i]! < above) above = xs[i]!;
  return below + (above - below) * (pos - lo);
}

/** count, mean, median and 90th percentile of the values that are not NaN. */
export function statOf(values: Float64Array): Stat {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isNaN(v)) {
      values[n++] = v;
      sum += v;
    }
  }
  const known = values.subarray(0, n);
  return {
    count: n,
    mean: n ? sum / n : null,
    median: percentile(known, 0.5),
    p90: percentile(known, 0.9),
  };
}

/** Minutes from a to b (NaN when either is unknown), never below zero. */
const minutesBetween = (a: number, b: number) => Math.max(0, (b - a) / MINUTE);

/** Counts, MTTA, MTTR, time to verification, hours and deviations: in total, per step, per group. */
export function figures(cols: IncidentColumns, sel: Selection, scope: Scope): FiguresRow[] {
  const n = sel.rows.length;
  const { created, acknowledged, resolved, verifyStarted, verified } = cols.time;
  const tta = new Float64Array(n);
  const ttr = new Float64Array(n);
  const ttv = new Float64Array(n);
  sel.rows.forEach((i, k) => {
    tta[k] = minutesBetween(created[i]!, acknowledged[i]!);
    ttr[k] = minutesBetween(created[i]!, resolved[i]!);
    ttv[k] = minutesBetween(verifyStarted[i]!, verified[i]!);
  });
  const part = (level: FiguresRow['level'], ks: Int32Array, b: Date | null, g: string | null): FiguresRow => {
    let hours = 0;
    let deviations = 0;
    let done = 0;
    for (let k = 0; k < ks.length; k++) {
      const i = sel.rows[ks[k]!]!;
      hours += cols.hours[i]!;
      deviations += cols.deviations[i]!;
      if (!Number.isNaN(resolved[i]!)) done++;
    }
    return {
      level,
      b,
      g,
      incidents: ks.length,
      resolved: done,
      mtta: statOf(gather(tta, ks)),
      mttr: statOf(gather(ttr, ks)),
      verification: statOf(gather(ttv, ks)),
      hours,
      deviations,
    };
  };
  const out = [
    part(
      'total',
      Int32Array.from({ length: n }, (_, k) => k),
      null,
      null,
    ),
  ];
  for (const [s, ks] of partition(sel.step, scope.steps.length))
    out.push(part('time', ks, scope.steps[s]!, null));
  if (scope.groupBy)
    for (const [g, ks] of partition(sel.group, sel.groups.length))
      out.push(part('group', ks, null, sel.groups[g]!));
  return out;
}

/** xs at each of the positions ks. */
function gather(xs: Float64Array, ks: Int32Array): Float64Array {
  const out = new Float64Array(ks.length);
  for (let k = 0; k < ks.length; k++) out[k] = xs[ks[k]!]!;
  return out;
}

/** The positions holding each value 0…count−1 that occurs, by value (a counting sort). */
function partition(values: Int32Array, count: number): [number, Int32Array][] {
  const starts = new Int32Array(count + 1);
  for (let k = 0; k < values.length; k++) {
    const at = values[k]! + 1;
    starts[at] = starts[at]! + 1;
  }
  for (let v = 0; v < count; v++) starts[v + 1] = starts[v + 1]! + starts[v]!;
  const order = new Int32Array(values.length);
  const next = starts.slice(0, count);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    order[next[v]!] = k;
    next[v] = next[v]! + 1;
  }
  const out: [number, Int32Array][] = [];
  for (let v = 0; v < count; v++)
    if (starts[v + 1]! > starts[v]!) out.push([v, order.subarray(starts[v], starts[v + 1])]);
  return out;
}

/**
 * Time in each working status: the minutes before it was last left plus, for the current status
 * (the last move's, else the incident's), the minutes since that move (or the declaration) until now.
 */
export function statusTimes(cols: IncidentColumns, sel: Selection, now: Date): (Stat & { status: string })[] {
  const at = now.getTime();
  return timedStatuses.map((status, s) => {
    const code = cols.statusNames.find(status);
    const minutes = cols.minutes[s]!;
    const values = new Float64Array(sel.rows.length);
    sel.rows.forEach((i, k) => {
      const current = (cols.movedTo[i]! >= 0 ? cols.movedTo[i] : cols.status[i]) === code;
      const before = minutes[i]!;
      if (!current) values[k] = before;
      else {
        const since = Number.isNaN(cols.time.movedAt[i]!) ? cols.time.created[i]! : cols.time.movedAt[i]!;
        values[k] = (Number.isNaN(before) ? 0 : before) + minutesBetween(since, at);
      }
    });
    return { status, ...statOf(values) };
  });
}

/** When each selected incident that has a client started and met its clocks. */
export function clientMoments(cols: IncidentColumns, sel: Selection): ClientMoments[] {
  const { created, acknowledged, responded, resolved } = cols.time;
  const known = (t: number) => (Number.isNaN(t) ? null : t);
  const clients = cols.dictionaries.client.names;
  const out: ClientMoments[] = [];
  for (const i of sel.rows) {
    const c = cols.category.client[i]!;
    if (c < 0) continue;
    out.push({
      clientId: clients[c]!,
      start: created[i]!,
      acknowledge: known(acknowledged[i]!),
      respond: known(responded[i]!),
      resolve: known(resolved[i]!),
    });
  }
  return out;
}
