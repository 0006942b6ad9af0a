// The words of deviations from process and tech debt, shared by the incident room and the
// tech-debt view: reasons, what is usually skipped, item states, hours.
import type { DebtItem, DebtStatus } from '../api/types.ts';

/** The seed's reasons for breaking process, as people say them. */
export const reasonLabels: Record<string, string> = {
  speed: 'Speed of fix',
  complexity: 'Complexity of fix',
  'lack-of-resources': 'Lack of resources (e.g. out of hours)',
  'temporary-fix': 'Temporary fix (permanent fix to follow)',
};

/** What is usually skipped. */
export const skipLabels: Record<string, string> = {
  review: 'Review',
  tests: 'Tests',
  'deployment-procedure': 'Deployment procedure',
};

export const debtStatusLabels: Record<DebtStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** Hours as people write them: "1.5 h". */
export function debtHours(h: number): string {
  return `${h.toLocaleString('en', { maximumFractionDigits: 2 })} h`;
}

/** "8 h of 6 h", with the overrun when there is one. */
export function spentWords(i: DebtItem): string {
  const base = `${debtHours(i.spentHours)} of ${debtHours(i.budgetHours)}`;
  return i.overrun ? `${base}, overrun by ${debtHours(i.overrunHours)}` : base;
}
