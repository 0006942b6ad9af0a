/**
 * The rule of verification, pure: a spell of monitoring waits until the metric is good, then counts
 * the time it stays good; good for the whole window is verified, bad again within it is failed.
 * While it waits, a bad metric is the fix still taking effect, not a failure; a check that could
 * not read the metric changes nothing.
 */
import type { RunState } from './schema.ts';

/** One reading of the metric: good (since a moment, when the metric knows), bad, or unknown. */
export type Observation = { kind: 'good'; since?: Date } | { kind: 'bad' } | { kind: 'unknown' };

/** Where a spell of monitoring stands. */
export interface Standing {
  state: RunState;
  goodSince: Date | null;
}

/** The standing after `obs` at `now`, with a window of `windowMinutes`. */
export function evaluate(run: Standing, obs: Observation, now: Date, windowMinutes: number): Standing {
  if (run.state !== 'waiting' && run.state !== 'good') return run;
  if (obs.kind === 'unknown') return run;
  if (obs.kind === 'bad') return run.state === 'good' ? { state: 'failed', goodSince: run.goodSince } : run;
  const since = run.state === 'good' && run.goodSince ? run.goodSince : (obs.since ?? now);
  const good = since.getTime() + windowMinutes * 60_000 <= now.getTime();
  return { state: good ? 'verified' : 'good', goodSince: since };
}

/** The share of the window the metric has been good at `now` (0 to 1). */
export function progressOf(run: Standing, now: Date, windowMinutes: number): number {
  if (run.state === 'verified') return 1;
  if (!run.goodSince || run.state !== 'good') return 0;
  const share = (now.getTime() - run.goodSince.getTime()) / (windowMinutes * 60_000);
  return Math.min(1, Math.max(0, share));
}
