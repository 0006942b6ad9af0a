/** Validation for the urgency policy as admins send it. */
import { z } from 'zod';
import {
  criticalities,
  impactLevels,
  scopes,
  urgencies,
  type Criticality,
  type ImpactLevel,
  type Scope,
} from '../classification/codes.ts';
import { defaultPolicy, type UrgencyPolicy } from '../classification/policy.ts';

const urgency = z.enum(urgencies);
const row = z.object(
  Object.fromEntries(criticalities.map((c) => [c, urgency])) as Record<Criticality, typeof urgency>,
);

/** The policy document: scope × criticality matrix, impact modifiers, thresholds. */
export const policySchema = z
  .object({
    matrix: z.object(Object.fromEntries(scopes.map((s) => [s, row])) as Record<Scope, typeof row>),
    impactModifiers: z.object(
      Object.fromEntries(impactLevels.map((l) => [l, z.number().int().min(-3).max(3)])) as Record<
        ImpactLevel,
        z.ZodNumber
      >,
    ),
    expediteThreshold: urgency.describe('Urgencies at or above this are expedited'),
    backlogThreshold: urgency.describe('Urgencies at or below this go to the backlog'),
  })
  .refine((p) => urgencies.indexOf(p.expediteThreshold) < urgencies.indexOf(p.backlogThreshold), {
    path: ['backlogThreshold'],
    message: 'must be a lower urgency than expediteThreshold',
  })
  .meta({ id: 'UrgencyPolicy', example: defaultPolicy }) satisfies z.ZodType<UrgencyPolicy>;

export const policyResponse = z
  .object({
    version: z.number().int(),
    updatedAt: z.iso.datetime().nullable(),
    updatedBy: z.uuid().nullable(),
    policy: policySchema,
  })
  .meta({ id: 'UrgencyPolicyVersion' });

export const policyUpdateBody = z.object({
  policy: policySchema,
  reason: z.string().trim().min(1).max(2000).describe('Why the policy changes; kept in the audit log'),
});
