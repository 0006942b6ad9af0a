/**
 * The facts of every incident held in memory column by column (typed arrays), so that a figure over
 * a year of incidents is a loop over numbers rather than rows read from the database. Times are
 * epoch milliseconds (NaN: none), minutes are minutes (NaN: none), names are codes into a dictionary
 * (-1: none). `mirror.ts` keeps it up to date; `figures.ts` reads it.
 */

/** The working statuses whose time is measured (the end states are not "time spent"). */
export const timedStatuses = ['triage', 'investigating', 'fixing', 'monitoring', 'backlogged'] as const;

/** The categorical columns, each a code into its own dictionary. */
export const categories = ['service', 'client', 'scope', 'criticality', 'area', 'urgency'] as const;
export type Category = (typeof categories)[number];

/** One incident's facts as the database keeps them (`incident_facts`). */
export interface FactsRow {
  id: string;
  created: number;
  resolved: number | null;
  acknowledged: number | null;
  responded: number | null;
  verifyStarted: number | null;
  verified: number | null;
  /** The status after the last move on the timeline, and since when. */
  movedTo: string | null;
  movedAt: number | null;
  status: string;
  service: string | null;
  client: string | null;
  scope: string | null;
  criticality: string | null;
  area: string | null;
  urgency: string | null;
  hours: number;
  /** Of `hours`, those logged against tech debt items. */
  techDebtHours: number;
  deviations: number;
  /** The reasons of every deviation (one per reason of each). */
  deviationReasons: string[];
  techDebt: DebtItem[];
  actions: ActionItem[];
  /** Minutes spent in each of `timedStatuses` before it was last left (null: never left). */
  minutes: (number | null)[];
}

/** A tech debt item: its status, due day (YYYY-MM-DD) and hours budgeted. */
export interface DebtItem {
  status: string;
  due: string;
  budget: number;
}

/** A post-mortem action: its status and due day (YYYY-MM-DD). */
export interface ActionItem {
  status: string;
  due: string;
}

/** Strings to small numbers and back. */
export class Dictionary {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  code(name: string | null): number {
    if (name === null) return -1;
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(name);
      this.codes.set(name, c);
    }
    return c;
  }
  /** The code of `name` if it was ever seen (-2: never, so nothing matches it). */
  find(name: string): number {
    return this.codes.get(name) ?? -2;
  }
}

const timeColumns = [
  'created',
  'resolved',
  'acknowledged',
  'responded',
  'verifyStarted',
  'verified',
  'movedAt',
] as const;
type TimeColumn = (typeof timeColumns)[number];

const nan = (v: number | null) => (v === null ? NaN : v);

/** Keeps a row's list in `map` only when it has something. */
function sparse<T>(map: Map<number, T[]>, row: number, list: T[]): void {
  if (list.length) map.set(row, list);
  else map.delete(row);
}

/** Columns of typed arrays with a row per id; a row number is kept as its row changes. */
export abstract class Rows {
  size = 0;
  private capacity = 0;
  private readonly rowOf = new Map<string, number>();

  /** The row of `id` (-1: not known). */
  row(id: string): number {
    return this.rowOf.get(id) ?? -1;
  }

  /** The row of `id`, added after the others when new (the columns grown as needed). */
  protected slot(id: string): number {
    let i = this.rowOf.get(id);
    if (i === undefined) {
      if (this.size === this.capacity) {
        this.capacity = Math.max(1024, this.capacity * 2);
        this.resize(this.capacity);
      }
      i = this.size++;
      this.rowOf.set(id, i);
    }
    return i;
  }

  /** Moves every column into arrays of `capacity` rows. */
  protected abstract resize(capacity: number): void;

  /** `old`'s rows in a new column of `capacity` rows. */
  protected f64(capacity: number, old: Float64Array | undefined): Float64Array<ArrayBuffer> {
    const next = new Float64Array(capacity);
    if (old) next.set(old.subarray(0, this.size));
    return next;
  }

  /** `old`'s rows in a new column of `capacity` rows. */
  protected i32(capacity: number, old: Int32Array | undefined): Int32Array<ArrayBuffer> {
    const next = new Int32Array(capacity);
    if (old) next.set(old.subarray(0, this.size));
    return next;
  }
}

/** The incidents' columns. */
export class IncidentColumns extends Rows {
  readonly time = {} as Record<TimeColumn, Float64Array>;
  hours = new Float64Array(0);
  techDebtHours = new Float64Array(0);
  deviations = new Int32Array(0);
  /** The few incidents with follow-ups, by row. */
  readonly deviationReasons = new Map<number, string[]>();
  readonly techDebt = new Map<number, DebtItem[]>();
  readonly actions = new Map<number, ActionItem[]>();
  /** Minutes per timed status, one column each, in the order of `timedStatuses`. */
  minutes: Float64Array[] = [];
  readonly statusNames = new Dictionary();
  status = new Int32Array(0);
  movedTo = new Int32Array(0);
  readonly dictionaries = {} as Record<Category, Dictionary>;
  readonly category = {} as Record<Category, Int32Array>;

  constructor() {
    super();
    for (const c of categories) this.dictionaries[c] = new Dictionary();
  }

  protected resize(capacity: number) {
    const f64 = (old: Float64Array | undefined) => this.f64(capacity, old);
    const i32 = (old: Int32Array | undefined) => this.i32(capacity, old);
    for (const t of timeColumns) this.time[t] = f64(this.time[t]);
    this.hours = f64(this.hours);
    this.techDebtHours = f64(this.techDebtHours);
    this.deviations = i32(this.deviations);
    this.minutes = timedStatuses.map((_, i) => f64(this.minutes[i]));
    this.status = i32(this.status);
    this.movedTo = i32(this.movedTo);
    for (const c of categories) this.category[c] = i32(this.category[c]);
  }

  /** Adds the incident, or replaces what was known of it. */
  put(r: FactsRow): void {
    const i = this.slot(r.id);
    for (const t of timeColumns) this.time[t][i] = nan(r[t]);
    this.hours[i] = r.hours;
    this.techDebtHours[i] = r.techDebtHours;
    this.deviations[i] = r.deviations;
    sparse(this.deviationReasons, i, r.deviationReasons);
    sparse(this.techDebt, i, r.techDebt);
    sparse(this.actions, i, r.actions);
    timedStatuses.forEach((_, k) => (this.minutes[k]![i] = nan(r.minutes[k] ?? null)));
    this.status[i] = this.statusNames.code(r.status);
    this.movedTo[i] = this.statusNames.code(r.movedTo);
    for (const c of categories) this.category[c][i] = this.dictionaries[c].code(r[c]);
  }
}
