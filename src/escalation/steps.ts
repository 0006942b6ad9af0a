/** The jobs an escalation runs as, and what follows a level (shared by flow.ts, running.ts, join.ts). */
import { PAGE_JOB } from '../incidents/page-request.ts';
import type { EscalationRow } from './store.ts';

/** Job kinds of the escalation engine. */
export const jobKinds = { page: PAGE_JOB, step: 'escalation-step', notify: 'notify' } as const;

/** The key of the job that pages `level` of `round` of escalation `id`. */
export const stepKey = (id: string, round: number, level: number) => `esc:${id}:step:${round}:${level}`;

/** What follows a level: the next level, the next round, or the end (a level past the last). */
export function nextAfter(
  esc: EscalationRow,
  round: number,
  level: number,
): { round: number; level: number } {
  const last = level + 1 >= esc.policy.levels.length;
  return last && round < esc.policy.repeat ? { round: round + 1, level: 0 } : { round, level: level + 1 };
}
