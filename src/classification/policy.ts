/**
 * The urgency policy and the one function that applies it. Pure: the server computes stored
 * urgency with it and the web app previews with the very same code.
 *
 * Urgency = matrix[scope][criticality], moved by the strongest business impact (e.g. a "high"
 * impact on revenue raises it one level), clamped to P1–P4. Decision: at or above the expedite
 * threshold → expedite; at or below the backlog threshold → backlog; between, or unknown → ask the
 * product owner (seed 001: "if unsure … seek advice from a product owner").
 */
import {
  type Area,
  type Criticality,
  type Decision,
  type ImpactLevel,
  type Scope,
  type Urgency,
  impactLevels,
  urgencies,
} from './codes.ts';

/** The organisation's urgency policy. */
export interface UrgencyPolicy {
  matrix: Record<Scope, Record<Criticality, Urgency>>;
  /** Levels to move urgency by for the strongest impact (negative = more urgent). */
  impactModifiers: Record<ImpactLevel, number>;
  /** Urgencies at or above this (P1 is highest) are expedited. */
  expediteThreshold: Urgency;
  /** Urgencies at or below this go to the normal backlog. */
  backlogThreshold: Urgency;
}

/** The defaults: every row reads "the more people and the more blocked, the more urgent". */
export const defaultPolicy: UrgencyPolicy = {
  matrix: {
    ALL: { ALLBLOCK: 'P1', FBLOCK: 'P1', FBEHAV: 'P2' },
    'ALL-USERS': { ALLBLOCK: 'P1', FBLOCK: 'P2', FBEHAV: 'P3' },
    'ALL-ADMINS': { ALLBLOCK: 'P1', FBLOCK: 'P2', FBEHAV: 'P3' },
    USERS: { ALLBLOCK: 'P2', FBLOCK: 'P2', FBEHAV: 'P3' },
    ADMINS: { ALLBLOCK: 'P2', FBLOCK: 'P3', FBEHAV: 'P4' },
    'S-USER': { ALLBLOCK: 'P3', FBLOCK: 'P3', FBEHAV: 'P4' },
    'S-ADMIN': { ALLBLOCK: 'P3', FBLOCK: 'P4', FBEHAV: 'P4' },
  },
  impactModifiers: { none: 1, low: 0, medium: 0, high: -1 },
  expediteThreshold: 'P2',
  backlogThreshold: 'P4',
};

/** What an incident is known to be; any part may be unknown (null) during triage. */
export interface Classification {
  scope: Scope | null;
  criticality: Criticality | null;
  area: Area | null;
  impact: { conversion: ImpactLevel | null; experience: ImpactLevel | null; revenue: ImpactLevel | null };
}

/** The result of applying the policy. */
export interface Assessment {
  tagline: string;
  urgency: Urgency | null;
  decision: Decision;
}

/** `ADMINS-FBLOCK-FE: Clicking on user details gives an error`, or the known part of it. */
export function tagline(c: Pick<Classification, 'scope' | 'criticality' | 'area'>, title: string): string {
  const codes = [c.scope, c.criticality, c.area].filter((x) => x !== null).join('-');
  return codes ? `${codes}: ${title}` : title;
}

const rank = (u: Urgency) => urgencies.indexOf(u);

/** The urgency the policy gives, or null when scope or criticality is still unknown. */
export function policyUrgency(policy: UrgencyPolicy, c: Classification): Urgency | null {
  if (!c.scope || !c.criticality) return null;
  const base = rank(policy.matrix[c.scope][c.criticality]);
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent, as indexOf(null) is -1 and a null never outweighs a known level
  const known = [c.impact.conversion, c.impact.experience, c.impact.revenue].filter((x) => x !== null);
  const strongest = known.length
    ? // Stryker disable next-line EqualityOperator: equivalent, a tie is between two equal levels
      known.reduce((a, b) => (impactLevels.indexOf(a) >= impactLevels.indexOf(b) ? a : b))
    : null;
  const shift = strongest ? policy.impactModifiers[strongest] : 0;
  return urgencies[Math.min(3, Math.max(0, base + shift))]!;
}

/** The decision for an urgency under the policy. */
export function decide(policy: UrgencyPolicy, urgency: Urgency | null): Decision {
  if (urgency === null) return 'product-owner';
  if (rank(urgency) <= rank(policy.expediteThreshold)) return 'expedite';
  if (rank(urgency) >= rank(policy.backlogThreshold)) return 'backlog';
  return 'product-owner';
}

/** Tagline, urgency and decision for an incident; `override` is an urgency set by hand. */
export function assess(
  policy: UrgencyPolicy,
  c: Classification,
  title: string,
  override?: Urgency | null,
): Assessment {
  const urgency = override ?? policyUrgency(policy, c);
  return { tagline: tagline(c, title), urgency, decision: decide(policy, urgency) };
}
