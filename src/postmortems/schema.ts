/** Types and validation of post-mortems, their meeting, reviewers and action items. */
import { z } from 'zod';
import { sections } from './outline.ts';

export const postmortemStatuses = ['draft', 'in-review', 'published'] as const;
export const requiredByValues = ['P1', 'P2', 'deviation', 'data-loss', 'by-hand'] as const;
export const audiences = ['team', 'management'] as const;
export const actionKinds = ['technical', 'training', 'policy'] as const;

const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
const day = z.iso.date().describe('A date, YYYY-MM-DD');

/** The document: one text per section. */
export const documentSchema = z
  .object(
    Object.fromEntries(sections.map((s) => [s, z.string()])) as Record<
      (typeof sections)[number],
      z.ZodString
    >,
  )
  .meta({ id: 'PostmortemDocument' });

export const findingSchema = z
  .object({
    section: z.string().describe('The section the sentence is in'),
    sentence: z.string(),
    person: z.string().describe('The name as written ("Grace\'s")'),
    phrases: z.array(z.string()).describe('The words of blame found'),
    suggestion: z.string().describe('Neutral wording: the system or process as the subject'),
  })
  .meta({ id: 'BlameFinding' });

export const actionSchema = z
  .object({
    id: z.uuid(),
    postmortemId: z.uuid(),
    incident: z.object({ id: z.uuid(), number: z.number().int(), title: z.string() }),
    kind: z
      .enum(actionKinds)
      .describe('The discussion outcome: a technical change, staff training, a policy'),
    title: z.string(),
    owner: person,
    dueOn: day,
    status: z.enum(['open', 'done']),
    overdue: z.boolean().describe('Open and due before today'),
    trackerUrl: z.string().nullable().describe("The issue in the team's tracker, once handed off"),
    createdAt: z.iso.datetime(),
    doneAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PostmortemAction' });
export type Action = z.infer<typeof actionSchema>;

export const postmortemSchema = z
  .object({
    id: z.uuid(),
    incident: z.object({ id: z.uuid(), number: z.number().int(), title: z.string(), tagline: z.string() }),
    owner: person,
    dueOn: day,
    requiredBy: z.enum(requiredByValues).describe('Why it is needed: the rule that asked for it, or by hand'),
    status: z.enum(postmortemStatuses),
    document: documentSchema,
    audience: z.array(z.enum(audiences)),
    meeting: z
      .object({
        startsAt: z.iso.datetime(),
        endsAt: z.iso.datetime(),
        sequence: z.number().int().describe('How many times the invitation was changed'),
        participants: z.array(z.object({ name: z.string(), email: z.string() })),
      })
      .nullable(),
    reviewers: z.array(z.object({ id: z.uuid(), name: z.string(), approvedAt: z.iso.datetime().nullable() })),
    actions: z.array(actionSchema),
    findings: z
      .array(findingSchema)
      .describe('Sentences that may attribute blame (a warning, never a refusal)'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    publishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Postmortem' });
export type Postmortem = z.infer<typeof postmortemSchema>;

const personRef = z.string().trim().min(1).max(320).describe('A person: id or email');

export const createBody = z
  .object({
    owner: personRef.optional().describe("Default: the incident's owner"),
    dueOn: day.optional().describe('Default: the working days of the settings after today'),
  })
  .meta({ example: { owner: 'ana@example.com' } });

export const patchBody = z
  .object({
    owner: personRef.optional().describe('Delegate the post-mortem to someone else'),
    dueOn: day.optional(),
  })
  .meta({ example: { dueOn: '2026-03-12' } });

export const documentBody = z
  .object({
    document: z
      .object(
        Object.fromEntries(sections.map((s) => [s, z.string().max(20_000).optional()])) as Record<
          (typeof sections)[number],
          z.ZodOptional<z.ZodString>
        >,
      )
      .strict()
      .describe('The sections to change; the others stay'),
  })
  .meta({ example: { document: { wentWell: 'The page reached the on-call person within a minute.' } } });

export const inviteBody = z
  .object({
    at: z.iso.datetime({ offset: true }).describe('When the meeting starts'),
    minutes: z.number().int().min(15).max(480).default(60),
    with: z
      .array(z.email().max(320))
      .min(1)
      .max(100)
      .describe('Participants by email; the owner is the organiser'),
  })
  .meta({
    example: { at: '2026-03-05T14:00:00Z', minutes: 60, with: ['ana@example.com', 'bob@example.com'] },
  });

export const reviewBody = z
  .object({ reviewers: z.array(personRef).min(1).max(20).describe('Who approves it before it is published') })
  .meta({ example: { reviewers: ['grace@example.com'] } });

export const publishBody = z
  .object({
    audience: z
      .array(z.enum(audiences))
      .min(1)
      .describe(
        'team: participants, owner, reviewers and the incident team; management: admins and stakeholders',
      ),
  })
  .meta({ example: { audience: ['team', 'management'] } });

export const actionBody = z
  .object({
    kind: z.enum(actionKinds),
    title: z.string().trim().min(1).max(500),
    owner: personRef,
    dueOn: day,
  })
  .meta({
    example: {
      kind: 'technical',
      title: 'Load test large changes on staging',
      owner: 'ana@example.com',
      dueOn: '2026-03-20',
    },
  });

export const actionPatchBody = z
  .object({
    status: z.enum(['open', 'done']).optional(),
    title: z.string().trim().min(1).max(500).optional(),
    owner: personRef.optional(),
    dueOn: day.optional(),
  })
  .meta({ example: { status: 'done' } });

export const actionParams = z.object({ id: z.uuid() });

export const actionsQuery = z.object({
  mine: z.enum(['true', 'false']).optional().describe('Only the action items I own'),
  status: z.enum(['open', 'done', 'all']).default('open'),
});

export const listQuery = z.object({
  status: z.enum(postmortemStatuses).optional(),
  incident: z.string().min(1).max(64).optional().describe("Only this incident's (id, number or #number)"),
});

export const summarySchema = z
  .object({
    id: z.uuid(),
    incident: z.object({ id: z.uuid(), number: z.number().int(), title: z.string() }),
    owner: person,
    dueOn: day,
    requiredBy: z.enum(requiredByValues),
    status: z.enum(postmortemStatuses),
    overdue: z.boolean().describe('Not published and due before today'),
    openActions: z.number().int(),
    publishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PostmortemSummary' });
export type PostmortemSummary = z.infer<typeof summarySchema>;

export const settingsSchema = z
  .object({ dueWorkingDays: z.number().int().min(1).max(60).describe('Working days after resolution') })
  .meta({ id: 'PostmortemSettings', example: { dueWorkingDays: 5 } });
