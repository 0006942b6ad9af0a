/**
 * The follow-ups of the selected incidents, from the incident columns: deviations by reason, tech
 * debt items (created, open, overdue, open budget), post-mortem actions (open, overdue) and the
 * hours logged against tech debt. Overdue: due before `today` (YYYY-MM-DD, UTC).
 */
import type { IncidentColumns } from './columns.ts';

const open = (status: string) => status === 'open' || status === 'in-progress';
const none: never[] = [];

export function followUps(cols: IncidentColumns, rows: Int32Array, today: string) {
  const reasons = new Map<string, number>();
  const techDebt = { created: 0, open: 0, overdue: 0, openBudgetHours: 0 };
  const actions = { open: 0, overdue: 0 };
  let deviations = 0;
  let onTechDebt = 0;
  for (const i of rows) {
    deviations += cols.deviations[i]!;
    onTechDebt += cols.techDebtHours[i]!;
    for (const r of cols.deviationReasons.get(i) ?? none) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    for (const d of cols.techDebt.get(i) ?? none) {
      techDebt.created++;
      if (!open(d.status)) continue;
      techDebt.open++;
      techDebt.openBudgetHours += d.budget;
      if (d.due < today) techDebt.overdue++;
    }
    for (const a of cols.actions.get(i) ?? none) {
      if (a.status !== 'open') continue;
      actions.open++;
      if (a.due < today) actions.overdue++;
    }
  }
  const byReason = [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return { deviations: { count: deviations, byReason }, techDebt, actions, onTechDebt };
}
