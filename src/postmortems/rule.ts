/**
 * When a post-mortem is needed, pure: a resolved P1 or P2, any data loss, any deviation from the
 * procedure; otherwise only by hand. And when it is due: a number of working days (Monday to
 * Friday, in UTC) after the incident was resolved.
 */

/** Why a post-mortem is asked for (the `required_by` of the shared table). */
export type RequiredBy = 'P1' | 'P2' | 'deviation' | 'data-loss' | 'by-hand';

/** The rule's reason for an incident, or null when none applies (the urgency first). */
export function requiredBy(facts: {
  urgency: string | null;
  deviations: number;
  dataLoss: number;
}): Exclude<RequiredBy, 'by-hand'> | null {
  if (facts.urgency === 'P1' || facts.urgency === 'P2') return facts.urgency;
  if (facts.dataLoss > 0) return 'data-loss';
  if (facts.deviations > 0) return 'deviation';
  return null;
}

/** The date (YYYY-MM-DD) `workingDays` Monday-to-Friday days after `from` (UTC). */
export function addWorkingDays(from: Date, workingDays: number): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = workingDays;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left -= 1;
  }
  return d.toISOString().slice(0, 10);
}
