/**
 * SLA clocks, pure: from a client's tier and an incident's times, how each clock stands — time to
 * acknowledge, to first response, to resolution — and when it warns (75%) and breaches.
 */

/** A coverage tier's emergency-response targets, in minutes. */
export interface Tier {
  name: string;
  ackMinutes: number;
  responseMinutes: number;
  resolveMinutes: number;
}

export const clocks = ['acknowledge', 'respond', 'resolve'] as const;
export type ClockName = (typeof clocks)[number];

/** Share of a target at which a warning is given. */
export const WARN_AT = 0.75;

/** One clock's state. */
export interface Clock {
  clock: ClockName;
  targetMinutes: number;
  dueAt: Date;
  warnAt: Date;
  metAt: Date | null;
  state: 'running' | 'met' | 'breached';
  /** Share of the target used so far (or when met), e.g. 0.5. */
  used: number;
}

/** When each clock was met (null: not yet). */
export interface Milestones {
  acknowledge: Date | null;
  respond: Date | null;
  resolve: Date | null;
}

/** The target of clock `c` in `tier`, in minutes. */
export function target(tier: Tier, c: ClockName): number {
  return c === 'acknowledge' ? tier.ackMinutes : c === 'respond' ? tier.responseMinutes : tier.resolveMinutes;
}

/**
 * How a clock of `targetMinutes` started at `start` stands at `now` (epoch milliseconds): met when
 * `met` came by its due time, breached when it came later or has not come and the time is past.
 */
export function clockState(
  targetMinutes: number,
  start: number,
  met: number | null,
  now: number,
): Clock['state'] {
  const due = start + targetMinutes * 60_000;
  return met !== null ? (met <= due ? 'met' : 'breached') : now > due ? 'breached' : 'running';
}

/** The clocks of an incident that started at `start`, at `now`. */
export function slaClocks(tier: Tier, start: Date, met: Milestones, now: Date): Clock[] {
  return clocks.map((clock) => {
    const minutes = target(tier, clock);
    const ms = minutes * 60_000;
    const dueAt = new Date(start.getTime() + ms);
    const metAt = met[clock];
    const end = metAt ?? now;
    const used = Math.max(0, (end.getTime() - start.getTime()) / ms);
    const state = clockState(minutes, start.getTime(), metAt ? metAt.getTime() : null, now.getTime());
    return {
      clock,
      targetMinutes: minutes,
      dueAt,
      warnAt: new Date(start.getTime() + ms * WARN_AT),
      metAt,
      state,
      used,
    };
  });
}
