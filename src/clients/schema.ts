/** Types and validation for clients, their coverage tiers and SLA clocks. */
import { z } from 'zod';

export const chainRoles = ['strategist', 'pm', 'lead-developer'] as const;
export type ChainRole = (typeof chainRoles)[number];

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
  /** Their own channel order ("try phone first, then texting, … and email"). */
  order: z
    .array(z.enum(['phone', 'sms', 'email']))
    .max(3)
    .default(['phone', 'sms', 'email']),
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
          order: ['phone', 'sms', 'email'],
        },
      ],
      chain: {},
    },
  });

export const clientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    tier: z.string(),
    emergencyContacts: z.array(contactSchema),
    chain: z.partialRecord(z.enum(chainRoles), z.uuid()),
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
