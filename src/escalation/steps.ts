/** The jobs an escalation runs as, and what follows a level (shared by flow.ts, running.ts, join.ts). */
import { PAGE_JOB } from '../incidents/page-request.ts';
import type { EscalationRow } from './store.ts';

/** Job kinds of the escalation engine. */
export const jobKinds = { page: PAGE_JOB, step: 'escalation-step', notify: 'notify' } as const;

/**
 * The round as job keys name it: with the snapshot's version once it was reshaped or joined
 * (`2.1`), so that levels numbered anew never meet the keys of jobs made before.
 */
export const roundKey = (esc: EscalationRow, round: number) =>
  esc.policy.shaped?.version ? `${round}.${esc.policy.shaped.version}` : String(round);

/** The key of the job that pages `level` of `round` of escalation `esc`. */
export const stepKey = (esc: EscalationRow, round: number, level: number) =>
  `esc:${esc.id}:step:${roundKey(esc, round)}:${level}`;

/** What follows a level: the next level, the next round, or the end (a level past the last). */
export function nextAfter(
  esc: EscalationRow,
  round: number,
  level: number,
): { round: number; level: number } {
  const last = level + 1 >= esc.policy.levels.length;
  return last && round < esc.policy.repeat ? { round: round + 1, level: 0 } : { round, level: level + 1 };
}
