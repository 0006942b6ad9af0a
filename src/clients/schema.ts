/** Types and validation for clients, their coverage tiers and SLA clocks. */
import { z } from 'zod';

export const chainRoles = ['strategist', 'pm', 'lead-developer'] as const;
export type ChainRole = (typeof chainRoles)[number];

/** The ways a client's contact can be reached, and seed 003's order: phone, texting, Slack, email. */
export const contactWays = ['phone', 'sms', 'slack', 'email'] as const;
export const defaultContactOrder = [...contactWays];

/** The chain's default: strategist, then PM, then lead developer, 15 minutes each. */
export const defaultChainLevels = chainRoles.map((role) => ({ role, timeoutMinutes: 15 }));

const distinct = (xs: unknown[]) => new Set(xs).size === xs.length;

/** One level of a client's chain: our person in `role`, then the next level after the timeout. */
export const chainLevelSchema = z.object({
  role: z.enum(chainRoles),
  timeoutMinutes: z.int().min(1).max(1440).describe('Go to the next level when nobody acknowledged by then'),
});

export const tierSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    ackMinutes: z.int().min(1).max(100_000),
    responseMinutes: z.int().min(1).max(100_000),
    resolveMinutes: z.int().min(1).max(1_000_000),
  })
  .meta({
    id: 'ClientTier',
    example: { name: 'Standard', ackMinutes: 30, responseMinutes: 60, resolveMinutes: 480 },
  });

const contactSchema = z.object({
  name: z.string().trim().min(1).max(200),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number')
    .optional(),
  email: z.email().optional(),
  slack: z
    .string()
    .regex(/^[UWC][A-Z0-9]{2,}$/, 'Slack member id (U…, W…) or channel id (C…)')
    .optional()
    .describe('Their Slack member id, or a channel shared with them (Slack Connect)'),
  /** Their own channel order ("phone first, then texting, slack, and email, in that order"). */
  order: z
    .array(z.enum(contactWays))
    .min(1)
    .max(4)
    .refine(distinct, 'each way at most once')
    .default(defaultContactOrder),
});

export const clientBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    tier: z.string().min(1).max(50),
    emergencyContacts: z.array(contactSchema).max(20).default([]),
    chain: z
      .partialRecord(z.enum(chainRoles), z.uuid())
      .default({})
      .describe(
        'Our people for this client: strategist, pm, lead-developer (escalation targets `client-role`)',
      ),
    chainLevels: z
      .array(chainLevelSchema)
      .min(1)
      .max(3)
      .refine((ls) => distinct(ls.map((l) => l.role)), 'each role at most once')
      .default(defaultChainLevels)
      .describe(
        'The order our people are paged in when an incident is linked to this client, each level with its timeout',
      ),
  })
  .meta({
    example: {
      name: 'Acme Shop',
      tier: 'Enhanced',
      emergencyContacts: [
        {
          name: 'Ann (CTO)',
          phone: '+31612345678',
          email: 'ann@acme.example',
          order: ['phone', 'sms', 'slack', 'email'],
        },
      ],
      chain: {},
      chainLevels: defaultChainLevels,
    },
  });

export const clientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    tier: z.string(),
    emergencyContacts: z.array(contactSchema),
    chain: z.partialRecord(z.enum(chainRoles), z.uuid()),
    chainLevels: z.array(chainLevelSchema),
  })
  .meta({ id: 'Client' });
export type Client = z.infer<typeof clientSchema>;

export const clockSchema = z.object({
  clock: z.enum(['acknowledge', 'respond', 'resolve']),
  targetMinutes: z.int(),
  dueAt: z.iso.datetime(),
  warnAt: z.iso.datetime(),
  metAt: z.iso.datetime().nullable(),
  state: z.enum(['running', 'met', 'breached']),
  used: z.number().describe('Share of the target used (1 = all of it)'),
});

export const incidentSlaSchema = z
  .object({ client: clientSchema.nullable(), tier: tierSchema.nullable(), clocks: z.array(clockSchema) })
  .meta({ id: 'IncidentSla' });
