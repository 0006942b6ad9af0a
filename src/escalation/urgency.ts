/**
 * Urgency shapes escalation (seed 004: "the escalation process should be based on urgency"). A
 * policy may say per urgency which of its levels apply, their timeouts, whether a person's verified
 * contact methods are all tried at once or in their rules' order, and whether to wait for business
 * hours. Defaults: P1 all methods at once with every timeout halved; P2 the policy as written;
 * P3/P4 wait for business hours unless the policy pages them at any hour.
 */
import { urgencies, type Urgency } from '../classification/codes.ts';
import type { PolicyInput, UrgencyEffect } from './schema.ts';

/** What `policy` does for an incident of `urgency` (none: the policy as written, like P2). */
export function urgencyEffect(policy: PolicyInput, urgency: string | null): UrgencyEffect {
  const u = (urgencies as readonly string[]).includes(urgency ?? '') ? (urgency as Urgency) : null;
  const rule = (u && policy.urgency?.[u]) || {};
  const percent = rule.timeoutPercent ?? (u === 'P1' ? 50 : 100);
  const chosen = rule.levels ?? policy.levels.map((_, i) => ({ level: i + 1, timeoutMinutes: undefined }));
  return {
    levels: chosen
      .filter((l) => l.level <= policy.levels.length)
      .map((l) => ({
        level: l.level,
        timeoutMinutes: l.timeoutMinutes ?? (policy.levels[l.level - 1]!.timeoutMinutes * percent) / 100,
      })),
    allMethodsAtOnce: rule.allMethodsAtOnce ?? u === 'P1',
    businessHoursOnly: rule.businessHoursOnly ?? ((u === 'P3' || u === 'P4') && !policy.lowUrgencyAnytime),
  };
}

/** The effect of a policy for every urgency, as the API shows it. */
export function urgencyEffects(policy: PolicyInput): Record<Urgency, UrgencyEffect> {
  return Object.fromEntries(urgencies.map((u) => [u, urgencyEffect(policy, u)])) as Record<
    Urgency,
    UrgencyEffect
  >;
}

/**
 * The policy an escalation runs, for its urgency: only the levels that apply, with their timeouts
 * for it (in minutes, possibly fractional), and how each person's methods are tried. Running
 * escalations keep this snapshot; levels are numbered within it.
 */
export function shapePolicy<P extends PolicyInput>(
  policy: P,
  urgency: string | null,
): P & { shaped: { urgency: string | null; allMethodsAtOnce: boolean; levels: number[] } } {
  const effect = urgencyEffect(policy, urgency);
  return {
    ...policy,
    levels: effect.levels.map((l) => ({ ...policy.levels[l.level - 1]!, timeoutMinutes: l.timeoutMinutes })),
    shaped: { urgency, allMethodsAtOnce: effect.allMethodsAtOnce, levels: effect.levels.map((l) => l.level) },
  };
}
