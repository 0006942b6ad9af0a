/**
 * One layer's shifts, pure. Daily and weekly rotations hand off at the local wall-clock handoff
 * time, so a shift across a DST change is 23/25 hours (daily) or 167/169 hours (weekly); custom
 * rotations are fixed durations in real hours and drift against the wall clock across DST.
 *
 * Handoff k (k ≥ 0) starts shift k, held by users[(k + offset) mod n]; handoff 0 is `start` + `handoffTime`.
 * Weekly: handoff 1 is the first `handoffDay` after `start`, so the first shift is partial when
 * `handoffDay` differs from the start date's weekday. Before handoff 0 the layer has nobody.
 */
import type { Layer, WeeklyWindow } from './schema.ts';
import {
  type LocalDate,
  addDays,
  daysBetween,
  isoWeekday,
  localDateOf,
  parseLocalDate,
  parseTime,
  zonedTimeToInstant,
} from './zoned-time.ts';

/** A half-open interval [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** One rotation shift of a layer. */
export interface LayerShift extends Interval {
  userId: string;
  layerId: string;
  /** The shift number k (handoff k starts it). */
  index: number;
}

const HOUR = 3_600_000;

/** The first weekly handoff date after the start date (handoff 1). */
function firstWeeklyHandoff(layer: Layer, start: LocalDate): LocalDate {
  const wanted = layer.handoffDay ?? isoWeekday(start);
  return addDays(start, (wanted - isoWeekday(start) + 7) % 7 || 7);
}

/** The instant (epoch ms) of handoff `k` of a layer in `zone`. */
export function handoffInstant(layer: Layer, zone: string, k: number): number {
  const start = parseLocalDate(layer.start);
  const r = layer.rotation;
  if (r.kind === 'custom')
    return zonedTimeToInstant(start, layer.handoffTime, zone).getTime() + k * r.hours * HOUR;
  let date = addDays(start, k);
  if (r.kind === 'weekly') date = k === 0 ? start : addDays(firstWeeklyHandoff(layer, start), 7 * (k - 1));
  return zonedTimeToInstant(date, layer.handoffTime, zone).getTime();
}

/** The number of the shift under way at `t` (epoch ms), or -1 before the layer starts. */
export function shiftIndexAt(layer: Layer, zone: string, t: number): number {
  const first = handoffInstant(layer, zone, 0);
  if (t < first) return -1;
  // Stryker disable all: a first guess at k, never below the answer; the loops below correct any guess, so mutants here only change how many steps they take
  const start = parseLocalDate(layer.start);
  const r = layer.rotation;
  let k: number;
  if (r.kind === 'custom') k = Math.floor((t - first) / (r.hours * HOUR));
  else if (r.kind === 'daily') k = daysBetween(start, localDateOf(new Date(t), zone));
  else {
    const d = daysBetween(firstWeeklyHandoff(layer, start), localDateOf(new Date(t), zone));
    k = d < 0 ? 0 : Math.floor(d / 7) + 1;
  }
  k = Math.max(0, k);
  // Stryker restore all
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: t is at or after handoff 0, so k never has to go below 0, and on a tie it steps back and forth to the same k
  while (k > 0 && handoffInstant(layer, zone, k) > t) k--;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: the guess is never below the answer; this loop only guards the guess
  while (handoffInstant(layer, zone, k + 1) <= t) k++;
  return k;
}

/** Who holds shift `k` of a layer. */
export function holder(layer: Layer, k: number): string {
  return layer.users[(k + (layer.offset ?? 0)) % layer.users.length]!;
}

/** The layer's rotation shifts overlapping [from, to), unclipped and ignoring restrictions. */
export function rotationShifts(layer: Layer, zone: string, from: number, to: number): LayerShift[] {
  const out: LayerShift[] = [];
  let k = Math.max(0, shiftIndexAt(layer, zone, from));
  let start = handoffInstant(layer, zone, k);
  while (start < to) {
    const end = handoffInstant(layer, zone, k + 1);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: equivalent, shift k ends after `from` (shiftIndexAt) and after its own start
    if (end > from && end > start)
      out.push({ userId: holder(layer, k), layerId: layer.id, index: k, start, end });
    k++;
    start = end;
  }
  return out;
}

/**
 * The instants covered by recurring local windows within [from, to), merged and clipped. Windows
 * are computed on the wall clock, so an overnight 18:00–09:00 window is 14 or 16 hours long on
 * DST nights.
 */
export function windowIntervals(
  windows: readonly WeeklyWindow[],
  zone: string,
  from: number,
  to: number,
): Interval[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an empty range clips every window away below
  if (!(from < to)) return [];
  const raw: Interval[] = [];
  const first = addDays(localDateOf(new Date(from), zone), -1);
  const last = localDateOf(new Date(to), zone);
  for (let d = first; daysBetween(d, last) >= 0; d = addDays(d, 1)) {
    const weekday = isoWeekday(d);
    for (const w of windows) {
      if (!w.days.includes(weekday)) continue;
      const startMin = parseTime(w.start);
      const endMin = parseTime(w.end);
      const start = zonedTimeToInstant(d, w.start, zone).getTime();
      const end =
        // Stryker disable next-line ConditionalExpression: equivalent, 24:00 is the next midnight for zonedTimeToInstant too
        endMin === 1440
          ? zonedTimeToInstant(addDays(d, 1), '00:00', zone).getTime()
          : zonedTimeToInstant(endMin > startMin ? d : addDays(d, 1), w.end, zone).getTime();
      const s = Math.max(start, from);
      const e = Math.min(end, to);
      if (s < e) raw.push({ start: s, end: e });
    }
  }
  return mergeIntervals(raw);
}

/** Sorts intervals and joins those that overlap or touch. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const prev = out.at(-1);
    if (prev && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/**
 * Who the layer has on call within [from, to): its rotation shifts cut to its restriction windows
 * (if any) and clipped to the range. Sorted, non-overlapping.
 */
export function layerCoverage(layer: Layer, zone: string, from: number, to: number): LayerShift[] {
  const shifts = rotationShifts(layer, zone, from, to).map((s) => ({
    ...s,
    start: Math.max(s.start, from),
    end: Math.min(s.end, to),
  }));
  if (!layer.restrictions) return shifts;
  const windows = windowIntervals(layer.restrictions, zone, from, to);
  const out: LayerShift[] = [];
  let w = 0;
  for (const s of shifts) {
    // Stryker disable next-line ConditionalExpression: skipping the windows that end before the shift only saves steps
    while (w < windows.length && windows[w]!.end <= s.start) w++;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a window from the shift's end on gives an empty piece, which is not kept
    for (let i = w; i < windows.length && windows[i]!.start < s.end; i++) {
      const start = Math.max(s.start, windows[i]!.start);
      const end = Math.min(s.end, windows[i]!.end);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the loop above visits only windows that overlap the shift
      if (start < end) out.push({ ...s, start, end });
    }
  }
  return out;
}
