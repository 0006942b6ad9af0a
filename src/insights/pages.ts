/**
 * Pages held in memory beside the incident columns: every outbox message of an escalation, with
 * when it was sent (NaN: not sent), to whom, and the row of its incident. Pages per person count
 * those sent in the period for incidents matching the filters, out of hours when sent outside the
 * business hours.
 */
import { Dictionary, Rows } from './columns.ts';

/** One message of an escalation as the database keeps it. */
export interface PageRow {
  id: string;
  /** Epoch milliseconds, null until sent (or when it failed). */
  sentAt: number | null;
  userId: string | null;
  incidentRow: number;
}

/** The pages, column by column. */
export class PageColumns extends Rows {
  readonly users = new Dictionary();
  sentAt = new Float64Array(0);
  user = new Int32Array(0);
  incident = new Int32Array(0);

  protected resize(capacity: number) {
    this.sentAt = this.f64(capacity, this.sentAt);
    this.user = this.i32(capacity, this.user);
    this.incident = this.i32(capacity, this.incident);
  }

  /** Adds the message, or replaces what was known of it. */
  put(p: PageRow): void {
    const i = this.slot(p.id);
    this.sentAt[i] = p.sentAt ?? NaN;
    this.user[i] = this.users.code(p.userId);
    this.incident[i] = p.incidentRow;
  }
}

/** Pages of one person: how many, how many out of hours, for how many incidents. */
export interface PersonPages {
  userId: string;
  pages: number;
  outOfHours: number;
  incidents: number;
}

/** Whether `t` falls in one of the sorted, disjoint spans [starts[k], ends[k]). */
function within(starts: Float64Array, ends: Float64Array, t: number): boolean {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && t < ends[found]!;
}

/**
 * Pages sent in [from, to) whose incident row passes `incidentMatches` (every page when null), per
 * person; `hours`: the business hours over the period, sorted.
 */
export function pagesPerPerson(
  pages: PageColumns,
  from: number,
  to: number,
  incidentMatches: ((row: number) => boolean) | null,
  hours: { start: number; end: number }[],
): PersonPages[] {
  const starts = Float64Array.from(hours, (h) => h.start);
  const ends = Float64Array.from(hours, (h) => h.end);
  const people = new Map<number, { pages: number; outOfHours: number; incidents: Set<number> }>();
  for (let i = 0; i < pages.size; i++) {
    const t = pages.sentAt[i]!;
    const user = pages.user[i]!;
    if (!(t >= from && t < to) || user < 0) continue;
    const incident = pages.incident[i]!;
    if (incidentMatches && (incident < 0 || !incidentMatches(incident))) continue;
    let p = people.get(user);
    if (!p) people.set(user, (p = { pages: 0, outOfHours: 0, incidents: new Set() }));
    p.pages++;
    if (!within(starts, ends, t)) p.outOfHours++;
    if (incident >= 0) p.incidents.add(incident);
  }
  return [...people].map(([user, p]) => ({
    userId: pages.users.names[user]!,
    pages: p.pages,
    outOfHours: p.outOfHours,
    incidents: p.incidents.size,
  }));
}
