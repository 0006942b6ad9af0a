/**
 * The one policy an incident's escalation runs (one active escalation per incident): a client
 * incident's client chain first, then its service's (or team's, area's, default) policy, each part
 * shaped for the incident's urgency and joined into one run of levels. The parts are kept unshaped
 * in the snapshot so that a change of urgency can shape them again (reshape.ts).
 */
import type { Policy, PolicyInput } from './schema.ts';
import { shapePolicy, urgencyEffect } from './urgency.ts';

/** A part as kept in the snapshot (no derived fields). */
export type Part = Pick<Policy, 'id' | 'name' | 'repeat' | 'levels' | 'lowUrgencyAnytime' | 'urgency'>;

/** How a snapshot was shaped: per level, its level in its part's policy, its part, and how methods are tried. */
export interface Shaped {
  urgency: string | null;
  allMethodsAtOnce: boolean;
  levels: number[];
  parts?: number[];
  atOnce?: boolean[];
  sources?: Part[];
  /** How often it was reshaped or joined since it started (job keys name it: steps.ts). */
  version?: number;
}

/** A running escalation's policy snapshot. */
export type Snapshot = Policy & { shaped?: Shaped };

const part = (p: Part): Part => ({
  id: p.id,
  name: p.name,
  repeat: p.repeat,
  levels: p.levels,
  lowUrgencyAnytime: p.lowUrgencyAnytime,
  urgency: p.urgency,
});

/** Joins `parts` (in order) into one policy shaped for `urgency`; repeats as its last part does. */
export function composePolicy(parts: Part[], urgency: string | null): Policy & { shaped: Shaped } {
  const shaped = parts.map((p) => shapePolicy(p as PolicyInput, urgency));
  const last = parts.at(-1)!;
  return {
    // Its id is the last part's: the stored policy it comes from, if any (a client's chain is not).
    ...(last as Policy),
    name: parts.map((p) => p.name).join(', then '),
    levels: shaped.flatMap((s) => s.levels),
    shaped: {
      urgency,
      allMethodsAtOnce: shaped.some((s) => s.shaped.allMethodsAtOnce),
      levels: shaped.flatMap((s) => s.shaped.levels),
      parts: shaped.flatMap((s, i) => s.levels.map(() => i)),
      atOnce: shaped.flatMap((s) => s.levels.map(() => s.shaped.allMethodsAtOnce)),
      sources: parts.map(part),
    },
  };
}

/** Whether level `level` (0-based) of a snapshot tries every verified method at once. */
export function atOnceAt(policy: Snapshot, level: number): boolean {
  return policy.shaped?.atOnce?.[level] ?? policy.shaped?.allMethodsAtOnce ?? false;
}

/** Whether `p` waits for business hours at `urgency`. */
export const waitsForBusinessHours = (p: Part, urgency: string | null) =>
  urgencyEffect(p, urgency).businessHoursOnly;

/**
 * A snapshot with `parts` shaped for its urgency put in right after level `after` (0-based): the
 * levels already paged stay as they were, the parts' levels come next, then the rest.
 */
export function insertParts(policy: Policy & { shaped: Shaped }, after: number, parts: Part[]): Snapshot {
  const { levels, shaped: added } = composePolicy(parts, policy.shaped.urgency);
  const base = policy.shaped.sources?.length ?? 1;
  const at = after + 1;
  const splice = <T>(xs: T[], ys: T[]) => [...xs.slice(0, at), ...ys, ...xs.slice(at)];
  const old = policy.shaped;
  return {
    ...policy,
    name: `${policy.name}, with ${parts.map((p) => p.name).join(', ')}`,
    levels: splice(policy.levels, levels),
    shaped: {
      ...old,
      levels: splice(old.levels, added.levels),
      parts: splice(
        old.parts ?? old.levels.map(() => 0),
        added.parts!.map((i) => i + base),
      ),
      atOnce: splice(old.atOnce ?? old.levels.map(() => old.allMethodsAtOnce), added.atOnce!),
      sources: [...(old.sources ?? []), ...parts.map(part)],
      version: (old.version ?? 0) + 1,
    },
  };
}
