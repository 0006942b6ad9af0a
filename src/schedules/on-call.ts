/**
 * A schedule's final on-call timeline, pure: layers stacked (a later layer wins wherever it has
 * someone on call), then overrides on top (a later override wins where overrides overlap).
 *
 * An override without `replaces` stands in for whoever is on call, or covers a gap where nobody
 * is. With `replaces`, it applies only while the *layers* have that user on call: it is matched
 * against the scheduled user, not against other overrides, so a swap (two overrides replacing each
 * other's user) composes without the second undoing the first.
 */
import { type LayerShift, layerCoverage, windowIntervals } from './rotation.ts';
import type { Override, Schedule, Version } from './schema.ts';
import { periods, versionAt } from './versions.ts';

/** A piece of the final timeline; `layerId` is 'override' when an override put the user there. */
export interface Shift {
  userId: string;
  start: Date;
  end: Date;
  layerId: string;
}

/** Who is on call at one instant, and why. */
export interface OnCall {
  /** The on-call user (one per schedule), or none when nothing covers the instant. */
  userIds: string[];
  /** The deciding layer; null when an override decides or nobody is on call. */
  layerId: string | null;
  /** Position of the deciding override in `schedule.overrides`. */
  overrideIndex?: number;
  /** The deciding override's `id`, when it has one. */
  overrideId?: string;
}

interface Segment {
  start: number;
  end: number;
  userId: string;
  layerId: string | null;
  overrideIndex: number | null;
}

const DAY = 86_400_000;
/** How far `nextHandoff` looks ahead. */
const HANDOFF_HORIZON = 2 * 366 * DAY;

function ms(d: Date, name: string): number {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

/**
 * The final timeline within [from, to) as sorted, non-overlapping segments (gaps = nobody): each
 * version's layers within the span it was in force, the schedule's overrides over all of them.
 */
function resolve(schedule: Schedule, from: number, to: number): Segment[] {
  const out: Segment[] = [];
  for (const p of periods(schedule)) {
    const a = Math.max(from, p.start);
    const b = Math.min(to, p.end);
    for (const seg of resolveVersion(p.version, schedule.overrides, a, b)) {
      const prev = out.at(-1);
      if (prev && prev.end === seg.start && same(prev, seg)) prev.end = seg.end;
      else out.push(seg);
    }
  }
  return out;
}

const same = (x: Segment, y: Omit<Segment, 'start' | 'end'>) =>
  x.userId === y.userId && x.layerId === y.layerId && x.overrideIndex === y.overrideIndex;

/** The timeline of one version within [from, to). */
function resolveVersion(
  version: Omit<Version, 'until'>,
  allOverrides: readonly Override[],
  from: number,
  to: number,
): Segment[] {
  if (!(from < to)) return [];
  const layers = version.layers.map((l) => layerCoverage(l, version.timeZone, from, to));
  const overrides = allOverrides
    .map((o, index) => ({ o, index, start: Date.parse(o.start), end: Date.parse(o.end) }))
    .filter((x) => x.start < to && x.end > from);
  const cuts = new Set([from, to]);
  for (const pieces of layers) for (const p of pieces) cuts.add(p.start).add(p.end);
  for (const x of overrides) cuts.add(Math.max(x.start, from)).add(Math.min(x.end, to));
  const points = [...cuts].sort((a, b) => a - b);
  const cursors = layers.map(() => 0);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    let scheduled: LayerShift | undefined;
    for (let l = layers.length - 1; l >= 0 && !scheduled; l--) {
      const pieces = layers[l]!;
      let c = cursors[l]!;
      while (c < pieces.length && pieces[c]!.end <= a) c++;
      cursors[l] = c;
      const p = pieces[c];
      if (p && p.start <= a) scheduled = p;
    }
    let seg: Omit<Segment, 'start' | 'end'> | undefined = scheduled && {
      userId: scheduled.userId,
      layerId: scheduled.layerId,
      overrideIndex: null,
    };
    for (let j = overrides.length - 1; j >= 0; j--) {
      const x = overrides[j]!;
      if (x.start > a || x.end < b) continue;
      if (x.o.replaces !== undefined && x.o.replaces !== scheduled?.userId) continue;
      seg = { userId: x.o.userId, layerId: null, overrideIndex: x.index };
      break;
    }
    if (!seg) continue;
    const prev = out.at(-1);
    if (prev && prev.end === a && same(prev, seg)) prev.end = b;
    else out.push({ start: a, end: b, ...seg });
  }
  return out;
}

/**
 * The final shifts within [from, to): clipped to the range, sorted, non-overlapping; contiguous
 * pieces of the same user from the same source (layer, or any override) are merged.
 */
export function shifts(schedule: Schedule, from: Date, to: Date): Shift[] {
  const out: Shift[] = [];
  for (const s of resolve(schedule, ms(from, 'from'), ms(to, 'to'))) {
    const layerId = s.layerId ?? 'override';
    const prev = out.at(-1);
    if (prev && prev.end.getTime() === s.start && prev.userId === s.userId && prev.layerId === layerId)
      prev.end = new Date(s.end);
    else out.push({ userId: s.userId, start: new Date(s.start), end: new Date(s.end), layerId });
  }
  return out;
}

/** Who is on call at `instant`, and which layer or override decided it. */
export function onCallAt(schedule: Schedule, instant: Date): OnCall {
  const t = ms(instant, 'instant');
  const seg = resolve(schedule, t, t + 1)[0];
  if (!seg) return { userIds: [], layerId: null };
  if (seg.overrideIndex === null) return { userIds: [seg.userId], layerId: seg.layerId };
  const id = schedule.overrides[seg.overrideIndex]?.id;
  return {
    userIds: [seg.userId],
    layerId: null,
    overrideIndex: seg.overrideIndex,
    ...(id !== undefined && { overrideId: id }),
  };
}

/** True when `instant` falls in the schedule's business hours; false when it defines none. */
export function isBusinessHours(schedule: Schedule, instant: Date): boolean {
  const t = ms(instant, 'instant');
  const v = versionAt(schedule, t);
  if (!v.businessHours) return false;
  return windowIntervals([v.businessHours], v.timeZone, t, t + 1).length > 0;
}

/**
 * The first instant after `after` at which the on-call user changes (a rotation handoff, an
 * override or restriction window starting or ending, nobody ↔ someone); null when nothing changes
 * within two years.
 */
export function nextHandoff(schedule: Schedule, after: Date): Date | null {
  const t0 = ms(after, 'after');
  const current = onCallAt(schedule, after).userIds[0] ?? null;
  const horizon = t0 + HANDOFF_HORIZON;
  let span = 8 * DAY;
  for (let from = t0; from < horizon; from += span, span *= 2) {
    const to = Math.min(from + span, horizon);
    let cursor = from;
    for (const s of resolve(schedule, from, to)) {
      if (s.start > cursor && current !== null) return new Date(cursor);
      if (s.userId !== current) return new Date(s.start);
      cursor = s.end;
    }
    if (cursor < to && current !== null) return new Date(cursor);
  }
  return null;
}

/**
 * The overrides for "A and B swap shifts in [from, to)": B replaces A and A replaces B. Because
 * `replaces` matches the layers' user, the two do not undo each other. Append them to the
 * schedule's overrides (later overrides win).
 */
export function swapOverride(
  _schedule: Schedule,
  userA: string,
  userB: string,
  from: Date,
  to: Date,
): [Override, Override] {
  if (userA === userB) throw new RangeError('a user cannot swap with themselves');
  if (!(ms(from, 'from') < ms(to, 'to'))) throw new RangeError('from must be before to');
  const start = from.toISOString();
  const end = to.toISOString();
  return [
    { userId: userB, replaces: userA, start, end },
    { userId: userA, replaces: userB, start, end },
  ];
}
