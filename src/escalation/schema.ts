/** Types and validation for escalation policies, teams, contact methods and notification rules. */
import { z } from 'zod';
import { areas, urgencies } from '../classification/codes.ts';

/** Who a level pages: a person, whoever a schedule has on call, a team, the service's owner, or the client's person in a role. */
export const targetSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('user'), id: z.uuid() }),
    z.object({ type: z.literal('schedule'), id: z.uuid() }),
    z.object({ type: z.literal('team'), id: z.uuid() }),
    z.object({ type: z.literal('service-owner') }),
    z.object({
      type: z.literal('client-role'),
      role: z
        .enum(['strategist', 'pm', 'lead-developer'])
        .describe("Our person in this role for the incident's client"),
    }),
  ])
  .meta({ id: 'EscalationTarget' });
export type Target = z.infer<typeof targetSchema>;

export const levelSchema = z.object({
  timeoutMinutes: z
    .int()
    .min(1)
    .max(1440)
    .describe('Escalate to the next level when nobody acknowledged by then'),
  targets: z.array(targetSchema).min(1).max(20),
});

/** How a policy runs for incidents of one urgency; what is left out takes that urgency's default. */
export const urgencyRuleSchema = z
  .object({
    levels: z
      .array(
        z.object({
          level: z.int().min(1).max(10).describe('A level of the policy, from 1'),
          timeoutMinutes: z
            .int()
            .min(1)
            .max(1440)
            .optional()
            .describe("This level's timeout for this urgency (else the policy's, scaled by timeoutPercent)"),
        }),
      )
      .min(1)
      .max(10)
      .optional()
      .describe('Which levels apply, in the policy order (default: all)'),
    timeoutPercent: z
      .int()
      .min(10)
      .max(1000)
      .optional()
      .describe("Scales the policy's level timeouts (default: 50 for P1, else 100)"),
    allMethodsAtOnce: z
      .boolean()
      .optional()
      .describe(
        "Try all of a person's verified contact methods at once (default: P1), else their rules in order",
      ),
    businessHoursOnly: z
      .boolean()
      .optional()
      .describe('Wait for business hours before paging (default: P3/P4 unless lowUrgencyAnytime)'),
  })
  .meta({ id: 'EscalationUrgencyRule' });
export type UrgencyRule = z.infer<typeof urgencyRuleSchema>;

export const policyBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    repeat: z.int().min(0).max(10).default(0).describe('Run all levels again this many times'),
    levels: z.array(levelSchema).min(1).max(10),
    lowUrgencyAnytime: z
      .boolean()
      .default(false)
      .describe(
        'Page P3/P4 incidents at any hour (by default they wait for business hours; P1/P2 page at once)',
      ),
    urgency: z
      .object({
        P1: urgencyRuleSchema.optional(),
        P2: urgencyRuleSchema.optional(),
        P3: urgencyRuleSchema.optional(),
        P4: urgencyRuleSchema.optional(),
      })
      .default({})
      .describe(
        'Per-urgency behaviour. Defaults: P1 all methods at once and every timeout halved; P2 as written; P3/P4 wait for business hours',
      ),
  })
  .superRefine((p, ctx) => {
    // A rule may only name levels the policy has, each once.
    for (const u of urgencies) {
      const seen = new Set<number>();
      p.urgency[u]?.levels?.forEach((l, i) => {
        const path = ['urgency', u, 'levels', i, 'level'];
        if (l.level > p.levels.length)
          ctx.addIssue({ code: 'custom', path, message: `the policy has ${p.levels.length} level(s)` });
        else if (seen.has(l.level)) ctx.addIssue({ code: 'custom', path, message: 'named twice' });
        seen.add(l.level);
      });
    }
  })
  .meta({
    example: {
      name: 'Checkout chain',
      repeat: 1,
      levels: [
        { timeoutMinutes: 5, targets: [{ type: 'schedule', id: '6f1c2a4e-0000-4000-8000-000000000001' }] },
        { timeoutMinutes: 10, targets: [{ type: 'service-owner' }] },
      ],
      urgency: { P2: { levels: [{ level: 2, timeoutMinutes: 30 }], allMethodsAtOnce: true } },
    },
  });
export type PolicyInput = z.output<typeof policyBody>;

/** What a policy does for one urgency, its defaults filled in. */
export const urgencyEffectSchema = z
  .object({
    levels: z.array(z.object({ level: z.int(), timeoutMinutes: z.number() })),
    allMethodsAtOnce: z.boolean(),
    businessHoursOnly: z.boolean(),
  })
  .meta({ id: 'EscalationUrgencyEffect' });
export type UrgencyEffect = z.infer<typeof urgencyEffectSchema>;

export const policySchema = policyBody
  .safeExtend({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    effective: z
      .object({
        P1: urgencyEffectSchema,
        P2: urgencyEffectSchema,
        P3: urgencyEffectSchema,
        P4: urgencyEffectSchema,
      })
      .describe('What the policy does per urgency, defaults filled in (read-only)'),
  })
  .meta({ id: 'EscalationPolicy' });
export type Policy = z.infer<typeof policySchema>;

export const escalationSchema = z
  .object({
    id: z.uuid(),
    incidentId: z.uuid(),
    policyId: z.uuid().nullable(),
    policyName: z.string(),
    level: z.int().describe('Current level, from 0'),
    levels: z.int(),
    round: z.int(),
    state: z.enum(['active', 'acknowledged', 'exhausted', 'cancelled']),
    startedAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: z.uuid().nullable(),
  })
  .meta({ id: 'Escalation' });
export type Escalation = z.infer<typeof escalationSchema>;

export const teamBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    areas: z.array(z.enum(areas)).max(4).default([]).describe('Incident areas this team answers for'),
    members: z.array(z.uuid()).max(200).default([]),
    escalationPolicyId: z.uuid().nullable().default(null),
  })
  .meta({ example: { name: 'Front-end', areas: ['FE'], members: [], escalationPolicyId: null } });

export const teamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    areas: z.array(z.enum(areas)),
    members: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
    escalationPolicyId: z.uuid().nullable(),
  })
  .meta({ id: 'Team' });

export const contactKinds = ['voice', 'sms', 'slack', 'teams', 'email', 'webhook'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** The seeds' order: "try phone first, then texting, slack, and email". */
export const seedOrder: readonly ContactKind[] = ['voice', 'sms', 'slack', 'teams', 'email', 'webhook'];

export const contactMethodBody = z
  .object({
    kind: z.enum(contactKinds),
    address: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .describe('E.164 phone, email, Slack user id (U…), or an https URL'),
    label: z.string().trim().max(100).default(''),
  })
  .superRefine((v, ctx) => {
    const ok =
      v.kind === 'voice' || v.kind === 'sms'
        ? /^\+[1-9]\d{6,14}$/.test(v.address)
        : v.kind === 'email'
          ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.address)
          : v.kind === 'slack'
            ? /^[UW][A-Z0-9]{6,20}$/.test(v.address)
            : /^https?:\/\/\S+$/.test(v.address);
    if (!ok) ctx.addIssue({ code: 'custom', path: ['address'], message: `not a valid ${v.kind} address` });
  })
  .meta({ example: { kind: 'sms', address: '+31612345678', label: 'Work phone' } });

export const contactMethodSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(contactKinds),
    address: z.string(),
    label: z.string(),
    verified: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ContactMethod' });
export type ContactMethod = z.infer<typeof contactMethodSchema>;

export const ruleSchema = z
  .object({
    contactMethodId: z.uuid(),
    delayMinutes: z.int().min(0).max(1440).describe('Minutes after the page'),
  })
  .meta({ id: 'NotificationRule' });

export const rulesBody = z.object({ rules: z.array(ruleSchema).max(20) });
