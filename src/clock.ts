/**
 * The one clock. Every piece of code that needs "now" reads it from a Clock so that tests can
 * fast-forward time instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock used in production. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; used by tests to fast-forward. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.#ms = start.getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#ms += ms;
  }
  set(date: Date): void {
    this.#ms = date.getTime();
  }
}
