/**
 * Wall-clock time in an IANA time zone, pure and dependency-free: `Intl.DateTimeFormat` gives the
 * zone's wall clock for an instant, and an offset search turns a wall clock back into an instant.
 * Schedules hand off at local times ("09:00 in Amsterdam"), so every rotation goes through here.
 *
 * Gaps and repeats: a wall time skipped by a spring-forward change maps to the first instant after
 * the gap (the transition itself: 02:30 on a 02:00→03:00 day becomes 03:00); a wall time that
 * occurs twice (fall back) maps to its first occurrence.
 */

/** A calendar date in some zone, without a time. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** An instant seen on a zone's wall clock. */
export interface ZonedDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Wall clock minus UTC, in milliseconds (Amsterdam in summer: +7,200,000). */
  offsetMs: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is a time zone `Intl` knows (an IANA name such as 'Europe/Amsterdam', or 'UTC'). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a wall clock read as if it were UTC (years below 100 included). */
function wallMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** The zone's wall clock (to the second), weekday and UTC offset at `instant`. */
export function instantToZoned(instant: Date, zone: string): ZonedDateTime {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(instant)) parts[p.type] = p.value;
  const bc = parts.era === 'BC' || parts.era === 'B';
  const year = bc ? 1 - Number(parts.year) : Number(parts.year);
  const [month, day, hour, minute, second] = [
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  ];
  const wall = wallMs(year, month, day, hour, minute, second);
  const offsetMs = wall - Math.floor(ms / 1000) * 1000;
  return { year, month, day, hour, minute, second, weekday: isoWeekday({ year, month, day }), offsetMs };
}

/** The zone's UTC offset at `instantMs`, in milliseconds. */
export function offsetAt(instantMs: number, zone: string): number {
  return instantToZoned(new Date(instantMs), zone).offsetMs;
}

/** Parses 'YYYY-MM-DD' (the calendar must hold the date: no 2025-02-30). */
export function parseLocalDate(s: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = addDays(d, 0);
  if (back.month !== d.month || back.day !== d.day) throw new RangeError(`no such date: ${s}`);
  return d;
}

/** 'YYYY-MM-DD' for a local date. */
export function formatLocalDate(d: LocalDate): string {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month, 2)}-${p(d.day, 2)}`;
}

/** Minutes after midnight of 'HH:MM' (00:00–23:59, and 24:00 = the next midnight). */
export function parseTime(s: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(minutes <= 1440)) throw new RangeError(`not an HH:MM time: ${s}`);
  return minutes;
}

/** The calendar date `n` days after `d` (negative: before). */
export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(wallMs(d.year, d.month, d.day) + n * DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((wallMs(b.year, b.month, b.day) - wallMs(a.year, a.month, a.day)) / DAY);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  return new Date(wallMs(d.year, d.month, d.day)).getUTCDay() || 7;
}

/**
 * The instant at which the zone's wall clock shows `time` on `date`. Skipped wall times (spring
 * forward) give the first instant after the gap; repeated ones (fall back) give the first
 * occurrence. Assumes a zone changes its offset at most once within two days of the wall time.
 */
export function zonedTimeToInstant(date: LocalDate | string, time: string, zone: string): Date {
  const d = typeof date === 'string' ? parseLocalDate(date) : date;
  const wall = wallMs(d.year, d.month, d.day) + parseTime(time) * MINUTE;
  const key = `${zone}|${wall}`;
  let t = resolved.get(key);
  if (t === undefined) {
    t = resolveWall(wall, zone, () => `${time} on ${formatLocalDate(d)}`);
    if (resolved.size >= 20_000) resolved.clear();
    resolved.set(key, t);
  }
  return new Date(t);
}

/** Memo of resolved wall times: rotations and windows ask for the same handoffs repeatedly. */
const resolved = new Map<string, number>();

function resolveWall(wall: number, zone: string, describe: () => string): number {
  const before = offsetAt(wall - 2 * DAY, zone);
  const after = offsetAt(wall + 2 * DAY, zone);
  const candidates = [...new Set([before, offsetAt(wall, zone), after])]
    .map((o) => wall - o)
    .filter((t) => offsetAt(t, zone) === wall - t)
    .sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // In a gap: the transition lies between the wall time read with the later and the earlier offset.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  const loOffset = offsetAt(lo, zone);
  if (loOffset === offsetAt(hi, zone)) throw new RangeError(`cannot resolve ${describe()} in ${zone}`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, zone) === loOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The local date of `instant` in `zone`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  const z = instantToZoned(instant, zone);
  return { year: z.year, month: z.month, day: z.day };
}
