/**
 * The shifts of one person for their calendar feed, pure: every schedule, whole shifts. A shift
 * under way at the window's edge is given with its real start and end, not cut at the edge, so
 * its UID (schedule, person, start) is the same on every fetch.
 */
import { type Shift, shifts } from './on-call.ts';
import type { Schedule } from './schema.ts';

const DAY = 86_400_000;
/** How far past the window's edges a shift's real start and end are looked for. */
const REACH = 366 * DAY;

/** A schedule as the feed reads it. */
export interface FeedSchedule {
  id: string;
  name: string;
  definition: Schedule;
}

/** A feed event: a shift and the schedule it belongs to. */
export interface FeedShift extends Shift {
  scheduleId: string;
  scheduleName: string;
}

/** The shifts overlapping [from, to), each whole (up to a year past the window's edges). */
export function wholeShifts(schedule: Schedule, from: Date, to: Date): Shift[] {
  let a = from.getTime();
  let b = to.getTime();
  let list = shifts(schedule, new Date(a), new Date(b));
  for (let span = DAY; list[0]?.start.getTime() === a && a > from.getTime() - REACH; span *= 2) {
    a -= span;
    list = shifts(schedule, new Date(a), new Date(b));
  }
  for (let span = DAY; list.at(-1)?.end.getTime() === b && b < to.getTime() + REACH; span *= 2) {
    b += span;
    list = shifts(schedule, new Date(a), new Date(b));
  }
  return list.filter((s) => s.end > from && s.start < to);
}

/** `userId`'s whole shifts in [from, to) across `schedules`. */
export function feedShifts(
  schedules: readonly FeedSchedule[],
  userId: string,
  from: Date,
  to: Date,
): FeedShift[] {
  return schedules.flatMap((s) =>
    wholeShifts(s.definition, from, to)
      .filter((x) => x.userId === userId)
      .map((x) => ({ ...x, scheduleId: s.id, scheduleName: s.name })),
  );
}
