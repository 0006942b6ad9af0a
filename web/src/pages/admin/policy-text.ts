// Plain words for the urgency policy: impact modifiers as "1 level more urgent", and a list of
// what changed between two versions (for the save summary and the history).
import type { UrgencyPolicy } from '../../api/types.ts';
import { criticalities, impactLevels, labels, scopes, urgencies, type Urgency } from '../../lib/labels.ts';

/** A modifier in words: negative numbers make an incident more urgent. */
export function modifierText(n: number): string {
  if (n === 0) return 'No change';
  const levels = `${Math.abs(n)} level${Math.abs(n) === 1 ? '' : 's'}`;
  return n < 0 ? `${levels} more urgent` : `${levels} less urgent`;
}

/** Modifier choices from 3 levels more urgent to 3 levels less urgent. */
export const modifierOptions = [-3, -2, -1, 0, 1, 2, 3].map((n) => ({
  value: String(n),
  label: modifierText(n),
}));

/** Urgency choices. */
export const urgencyOptions = urgencies.map((u) => ({ value: u, label: u }));

/** Every difference from `before` to `after`, one readable line each. */
export function policyChanges(before: UrgencyPolicy, after: UrgencyPolicy): string[] {
  const out: string[] = [];
  for (const s of scopes)
    for (const c of criticalities) {
      const a = before.matrix[s][c];
      const b = after.matrix[s][c];
      if (a !== b) out.push(`${labels.scope[s]} (${s}) × ${labels.criticality[c]} (${c}): ${a} → ${b}`);
    }
  for (const l of impactLevels) {
    const a = before.impactModifiers[l];
    const b = after.impactModifiers[l];
    if (a !== b)
      out.push(`Strongest impact ${l}: ${modifierText(a).toLowerCase()} → ${modifierText(b).toLowerCase()}`);
  }
  if (before.expediteThreshold !== after.expediteThreshold)
    out.push(`Expedite at ${before.expediteThreshold} or above → ${after.expediteThreshold} or above`);
  if (before.backlogThreshold !== after.backlogThreshold)
    out.push(`Backlog at ${before.backlogThreshold} or below → ${after.backlogThreshold} or below`);
  return out;
}

/** True when `x` looks like a stored policy (history entries hold them as plain JSON). */
export function isPolicy(x: unknown): x is UrgencyPolicy {
  const p = x as Partial<UrgencyPolicy> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.matrix === 'object' &&
    typeof p.impactModifiers === 'object'
  );
}

/** Whether the thresholds are in order (expedite strictly more urgent than backlog). */
export function thresholdsValid(p: UrgencyPolicy): boolean {
  const rank = (u: Urgency) => urgencies.indexOf(u);
  return rank(p.expediteThreshold) < rank(p.backlogThreshold);
}
