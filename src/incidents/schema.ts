/** Types and validation for incidents and the work on them. */
import { z } from 'zod';
import {
  areas,
  criticalities,
  decisions,
  impactLevels,
  lifespans,
  scopes,
  urgencies,
} from '../classification/codes.ts';

export const statuses = [
  'triage',
  'investigating',
  'fixing',
  'monitoring',
  'resolved',
  'closed',
  'backlogged',
  'declined',
] as const;
export type Status = (typeof statuses)[number];

export const incidentRoles = [
  'comms-lead',
  'developer',
  'reviewer',
  'tester',
  'designer',
  'product-owner',
  'observer',
] as const;
export type IncidentRole = (typeof incidentRoles)[number];

const scope = z
  .enum(scopes)
  .describe('Who is affected: ALL, ALL-USERS, ALL-ADMINS, USERS, ADMINS, S-USER, S-ADMIN');
const criticality = z
  .enum(criticalities)
  .describe('ALLBLOCK app blocked, FBLOCK feature blocked, FBEHAV feature misbehaves');
const area = z.enum(areas).describe('FE, BE, FEBE (both) or DEVOPS');
const level = z.enum(impactLevels);
const urgency = z.enum(urgencies);

/** Business impact on the three seed metrics; null = not yet known. */
export const impactSchema = z.object({
  conversion: level.nullable(),
  experience: level.nullable().describe('Customer experience'),
  revenue: level.nullable(),
});

/** How long the issue has lasted (startedAt) and is expected to last. */
export const lifespanSchema = z.object({
  startedAt: z.iso.datetime({ offset: true }).nullable().describe('When the problem began'),
  expected: z.enum(lifespans).nullable().describe('How long it is expected to last'),
});

export const personRef = z
  .object({ id: z.uuid(), name: z.string(), email: z.string() })
  .meta({ id: 'PersonRef' });

/** Where an incident came from, when not declared by hand: an alert group or a support report. */
export const originSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('alert'),
      integrationId: z.uuid(),
      integrationName: z.string(),
      ruleId: z.string(),
      groupKey: z.string(),
    }),
    z.object({ kind: z.literal('report'), reportId: z.uuid(), reporter: personRef }),
  ])
  .meta({ id: 'IncidentOrigin' });
export type Origin = z.infer<typeof originSchema>;

export const incidentSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int().describe('Short human number, shown as #42'),
    title: z.string(),
    description: z.string(),
    scope: scope.nullable(),
    criticality: criticality.nullable(),
    area: area.nullable(),
    impact: impactSchema,
    lifespan: lifespanSchema,
    tagline: z.string().describe('e.g. "ADMINS-FBLOCK-FE: Clicking on user details gives an error"'),
    urgency: urgency.nullable().describe('P1 (highest) to P4; null while scope or criticality is unknown'),
    urgencyOverride: z.object({ reason: z.string() }).nullable().describe('Set when urgency was set by hand'),
    decision: z.enum(decisions).describe('expedite, backlog, or product-owner (needs a decision)'),
    status: z.enum(statuses),
    owner: personRef.nullable(),
    roles: z.array(z.object({ role: z.enum(incidentRoles), person: personRef })),
    resolutionSummary: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().nullable(),
    origin: originSchema.nullable().describe('null: declared by hand (createdBy)'),
    service: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The affected service; paging follows its chain'),
    stepsToReproduce: z
      .string()
      .nullable()
      .describe('How to make the problem happen again, step by step; null when not given'),
  })
  .meta({ id: 'Incident' });
export type Incident = z.infer<typeof incidentSchema>;

export const holdSchema = z
  .object({
    key: z.string(),
    blocks: z.array(z.enum(statuses)).describe('The statuses this hold keeps the incident out of'),
    message: z.string(),
    overridable: z
      .boolean()
      .describe('true: passable with `overrideReason`; false: released only by doing the work'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'IncidentHold' });

/** A required text of at most `max` characters, trimmed. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const declareBody = z
  .object({
    title: text(300).describe('What is wrong, in a line'),
    description: z.string().max(20_000).default(''),
    scope: scope.nullish(),
    criticality: criticality.nullish(),
    area: area.nullish(),
    impact: impactSchema.partial().optional(),
    lifespan: lifespanSchema.partial().optional(),
    urgency: urgency.optional().describe('Set urgency by hand; requires urgencyReason'),
    urgencyReason: text(2000).optional(),
    service: text(200).nullish().describe('The affected service, by id or name'),
    page: z
      .boolean()
      .default(true)
      .describe('false: do not page even when the decision is expedite (requires noPageReason)'),
    noPageReason: text(2000).optional().describe('Why nobody is paged; recorded on the timeline'),
    takeOwnership: z.boolean().default(false).describe('"I\'m on it": the declarer becomes owner'),
    stepsToReproduce: z
      .string()
      .trim()
      .max(10_000)
      .optional()
      .describe('How to make the problem happen again; carried to the ticket when handed to a tracker'),
  })
  .refine((b) => b.urgency === undefined || b.urgencyReason !== undefined, {
    path: ['urgencyReason'],
    message: 'is required when urgency is set by hand',
  })
  .refine((b) => b.page || b.noPageReason !== undefined, {
    path: ['noPageReason'],
    message: 'is required when page is false',
  })
  .meta({
    id: 'DeclareIncident',
    example: {
      title: 'Clicking on user details gives an error',
      description: 'Admins see a 500 page when opening a user.',
      scope: 'ADMINS',
      criticality: 'FBLOCK',
      area: 'FE',
      impact: { conversion: 'none', experience: 'medium', revenue: 'low' },
      stepsToReproduce: '1. Sign in as an admin\n2. Open Users\n3. Click any user',
    },
  });

export const classifyBody = z
  .object({
    scope: scope.nullable().optional(),
    criticality: criticality.nullable().optional(),
    area: area.nullable().optional(),
    impact: impactSchema.partial().optional(),
    lifespan: lifespanSchema.partial().optional(),
    service: text(200).nullable().optional().describe('The affected service by id or name; null clears it'),
    reason: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .describe('Why it is reclassified; recorded on the timeline'),
  })
  .refine((b) => b.service === undefined || (b.reason ?? '') !== '', {
    path: ['reason'],
    message: 'is required when the service changes',
  })
  .meta({ id: 'Reclassify', example: { criticality: 'ALLBLOCK', reason: 'Now every admin is blocked' } });

export const urgencyBody = z
  .object({
    urgency: urgency.nullable().describe('The urgency to set, or null to return to the policy'),
    reason: text(2000).describe('Required: why the policy is overridden'),
  })
  .meta({ example: { urgency: 'P1', reason: 'Black Friday traffic' } });

export const editBody = z.object({
  title: text(300).optional(),
  description: z.string().max(20_000).optional(),
  stepsToReproduce: z
    .string()
    .trim()
    .max(10_000)
    .nullable()
    .optional()
    .describe('How to make the problem happen again; empty or null clears them'),
});

export const statusBody = z
  .object({
    status: z.enum(statuses),
    note: z.string().trim().max(5000).optional(),
    summary: z.string().trim().max(20_000).optional().describe('Resolution summary, required when resolving'),
    overrideReason: z
      .string()
      .trim()
      .min(1)
      .max(5000)
      .optional()
      .describe('Why the move goes past an overridable hold (for example a fix not yet verified); recorded'),
  })
  .meta({ example: { status: 'resolved', summary: 'Rolled back release 4.2.1; user details load again.' } });

export const handoverBody = z
  .object({ to: z.string().min(1).describe('Id or email of the new owner'), note: text(5000) })
  .meta({ example: { to: 'grace@example.com', note: 'Rollback is done; please watch the error rate.' } });

export const roleBody = z.object({
  person: z.string().min(1).describe('Id or email'),
  role: z.enum(incidentRoles),
});
export const timelineEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    kind: z
      .string()
      .describe(
        'declared, classified, status-changed, note, handed-over, change (a deploy on the service), …',
      ),
    actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const listQuery = z.object({
  status: z
    .string()
    .optional()
    .describe(
      'Comma-separated statuses, or "open" for those in the procedure (not backlogged/resolved/closed/declined); "backlogged" is the Backlog view',
    ),
  urgency: z.string().optional().describe('Comma-separated, e.g. P1,P2'),
  owner: z.string().optional().describe('"me", "none", an id or an email'),
  scope: z.enum(scopes).optional(),
  criticality: z.enum(criticalities).optional(),
  area: z.enum(areas).optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Full-text search over tagline, title, description, resolution summary and notes'),
  service: z.string().max(200).optional().describe('A service, by id or name'),
  client: z.string().max(200).optional().describe('A client, by id or name'),
  cursor: z.string().max(40).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof listQuery>;

export const refParams = z.object({
  ref: z.string().min(1).max(64).describe('Incident id, number, or #number'),
});
