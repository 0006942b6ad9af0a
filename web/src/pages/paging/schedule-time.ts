// Times of a schedule, in the schedule's own time zone: the days of an agenda, shift times, and
// turning "2026-12-03 09:00 in Europe/Amsterdam" into an instant (correct across DST changes).
import type { ShiftView } from '../../api/types.ts';
import {
  addDays,
  formatLocalDate,
  instantToZoned,
  localDateOf,
  zonedTimeToInstant,
} from '../../../../src/schedules/zoned-time.ts';

export { formatLocalDate, localDateOf };

const formats = new Map<string, Intl.DateTimeFormat>();
function format(zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone: zone, ...opts });
    formats.set(key, f);
  }
  return f;
}

/** "14:00" in `zone` (24-hour: a day's shifts read 00:00–24:00). */
export function clockTime(iso: string | number, zone: string): string {
  return format(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "Thu 3 Dec, 14:00" in `zone`. */
export function dayTime(iso: string | number, zone: string): string {
  return format(zone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** One day of an agenda: its local date and the instants it spans in the zone. */
export interface AgendaDay {
  date: string;
  label: string;
  start: number;
  end: number;
}

/** `count` local days in `zone` starting with the day of `from`. */
export function agendaDays(from: Date, zone: string, count: number): AgendaDay[] {
  const first = localDateOf(from, zone);
  const label = format(zone, { weekday: 'long', day: 'numeric', month: 'long' });
  return Array.from({ length: count }, (_, i) => {
    const d = addDays(first, i);
    const start = zonedTimeToInstant(d, '00:00', zone).getTime();
    const end = zonedTimeToInstant(addDays(d, 1), '00:00', zone).getTime();
    return { date: formatLocalDate(d), label: label.format(new Date(start + 12 * 3_600_000)), start, end };
  });
}

/** The shifts overlapping a day, clipped to it. */
export function shiftsOfDay(shifts: ShiftView[], day: AgendaDay) {
  return shifts
    .map((s) => ({ ...s, from: Date.parse(s.start), to: Date.parse(s.end) }))
    .filter((s) => s.from < day.end && s.to > day.start)
    .map((s) => ({
      ...s,
      from: Math.max(s.from, day.start),
      to: Math.min(s.to, day.end),
      startsBefore: s.from < day.start,
      endsAfter: s.to > day.end,
    }));
}

/** The instant a local 'YYYY-MM-DDTHH:MM' (a datetime-local value) stands for in `zone`. */
export function localInputToInstant(value: string, zone: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (!m) return null;
  try {
    return zonedTimeToInstant(m[1]!, m[2]!, zone);
  } catch {
    return null;
  }
}

/** A datetime-local value for an instant, as seen in `zone`. */
export function instantToLocalInput(instant: Date, zone: string): string {
  const z = instantToZoned(instant, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${formatLocalDate(z)}T${two(z.hour)}:${two(z.minute)}`;
}

/**
 * Who is on call now and until when: the shift covering `now` per person, joined with the
 * person's shifts right after it (a hand-off between layers to the same person is no hand-off).
 */
export function onCallUntil(shifts: ShiftView[], now: number): { userId: string; until: number }[] {
  const sorted = [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const current = sorted.filter((s) => Date.parse(s.start) <= now && Date.parse(s.end) > now);
  return current.map((s) => {
    let until = Date.parse(s.end);
    for (const next of sorted)
      if (next.userId === s.userId && Date.parse(next.start) === until) until = Date.parse(next.end);
    return { userId: s.userId, until };
  });
}
