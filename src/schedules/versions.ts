/**
 * A schedule's versions, pure. An edit to the layers applies from a chosen moment (by default the
 * next handoff): what was in force before it is kept as an earlier version, so past shifts, which
 * pages, SLA and insights refer to, stay as they were, and the person on call keeps the shift
 * under way. Where an edited layer carries on, its order carries on too: whoever the old order
 * would have handed to at that moment takes over, then the new order follows.
 */
import { holder, shiftIndexAt } from './rotation.ts';
import type { Layer, Override, Schedule, Version } from './schema.ts';

/** One version and the half-open span [start, end) of epoch ms in which it is in force. */
export interface Period {
  start: number;
  end: number;
  version: Omit<Version, 'until'>;
}

/** The versions of a schedule in order, from the beginning of time to the end. */
export function periods(schedule: Schedule): Period[] {
  const out: Period[] = [];
  let start = -Infinity;
  for (const v of schedule.earlier ?? []) {
    const end = Date.parse(v.until);
    out.push({ start, end, version: v });
    start = end;
  }
  out.push({ start, end: Infinity, version: schedule });
  return out;
}

/** The version in force at `t` (epoch ms). */
export function versionAt(schedule: Schedule, t: number): Omit<Version, 'until'> {
  return periods(schedule).find((p) => p.start <= t && t < p.end)!.version;
}

/** A layer without its offset (the server's to set). */
function unplaced(l: Layer): Layer {
  const copy = { ...l };
  delete copy.offset;
  return copy;
}

/** A version's own parts: time zone, layers, business hours. */
function own(v: Omit<Version, 'until'>): Omit<Version, 'until'> {
  return {
    timeZone: v.timeZone,
    layers: v.layers,
    ...(v.businessHours && { businessHours: v.businessHours }),
  };
}

/** The parts of a version an edit compares: offsets are the server's, so left out. */
function shape(v: Omit<Version, 'until'>): string {
  const layers = v.layers.map(unplaced);
  return JSON.stringify({ timeZone: v.timeZone, layers, businessHours: v.businessHours ?? null });
}

/** The offset that lets `next` carry on `prev`'s order at `at`; undefined when there is none. */
function carryOn(prev: Layer, prevZone: string, next: Layer, zone: string, at: number): number | undefined {
  const kPrev = shiftIndexAt(prev, prevZone, at);
  const k = shiftIndexAt({ ...next, offset: 0 }, zone, at);
  if (kPrev < 0 || k < 0) return undefined;
  // The one the old order has at `at`, else the first after them who is still in the rotation.
  const want = holder(prev, kPrev);
  const from = prev.users.indexOf(want);
  for (let step = 0; step < prev.users.length; step++) {
    const i = next.users.indexOf(prev.users[(from + step) % prev.users.length]!);
    if (i >= 0) return (((i - k) % next.users.length) + next.users.length) % next.users.length;
  }
  return undefined;
}

/**
 * The stored schedule after an edit: `next`'s layers in force from `at` (epoch ms, not before
 * `now`), earlier versions kept up to `at`, later pending ones replaced. Overrides are the
 * schedule's own: those already over stay as they were; the rest are `next`'s.
 */
export function applyEdit(prev: Schedule, next: Schedule, now: number, at: number): Schedule {
  if (at < now) throw new RangeError('an edit cannot apply before now');
  const over = (o: Override) => Date.parse(o.end) <= now;
  const overrides = [...prev.overrides.filter(over), ...next.overrides.filter((o) => !over(o))];
  if (shape(prev) === shape(next)) return { ...own(prev), overrides, earlier: prev.earlier ?? [] };
  const kept = periods(prev).filter((p) => p.start < at);
  const inForce = kept.at(-1)!.version;
  const earlier: Version[] = kept.map((p, i) => ({
    ...own(p.version),
    until: new Date(i + 1 < kept.length ? kept[i + 1]!.start : at).toISOString(),
  }));
  const layers = next.layers.map((l) => {
    const old = inForce.layers.find((o) => o.id === l.id);
    const offset = old && carryOn(old, inForce.timeZone, l, next.timeZone, at);
    return offset ? { ...unplaced(l), offset } : unplaced(l);
  });
  return { ...own(next), layers, overrides, earlier };
}
