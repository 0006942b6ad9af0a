// Plain words and the URL of the Insights page: durations read as "1 h 20 min", filters kept in
// the address so a view can be shared, and the API query they make.

/** Minutes as a person reads them: "45 min", "3 h 20 min", "2 d 4 h"; "—" when not measured. */
export function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 1440) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  const h = Math.round(m / 60);
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h / 24} d`;
}

/** A share as a whole percentage; "—" when nothing has ended. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** The filters the page keeps in its address. */
export const filterNames = [
  'from',
  'to',
  'bucket',
  'groupBy',
  'team',
  'service',
  'client',
  'urgency',
] as const;
export type FilterName = (typeof filterNames)[number];
export type Filters = Partial<Record<FilterName, string>>;

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The default period: the 30 days up to and including today (UTC). */
export function defaultPeriod(now: number): { from: string; to: string } {
  return { from: isoDay(now - 29 * DAY), to: isoDay(now) };
}

/**
 * The API query of the filters: days are whole UTC days, the last one included (so `to` is the
 * next midnight).
 */
export function apiQuery(f: Filters, now: number): string {
  const period = defaultPeriod(now);
  const from = f.from ?? period.from;
  const to = f.to ?? period.to;
  const q = new URLSearchParams({
    from: `${from}T00:00:00Z`,
    to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString(),
    bucket: f.bucket ?? 'week',
  });
  for (const name of ['groupBy', 'team', 'service', 'client', 'urgency'] as const) {
    const value = f[name];
    if (value) q.set(name, value);
  }
  return q.toString();
}

/** What each grouping is called. */
export const groupWords: Record<string, string> = {
  team: 'Team',
  service: 'Service',
  client: 'Client',
  scope: 'Scope',
  criticality: 'Criticality',
  area: 'Area',
  urgency: 'Urgency',
};

/** Working statuses in words. */
export const statusWords: Record<string, string> = {
  triage: 'Triage',
  investigating: 'Investigating',
  fixing: 'Fixing',
  monitoring: 'Monitoring',
  backlogged: 'Backlog',
};
