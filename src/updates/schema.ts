/** Types and validation of updates: stages, audiences, templates, stakeholder lists and cadence. */
import { z } from 'zod';
import { channel } from '../chat/schema.ts';
import { urgencies } from '../classification/codes.ts';

/** The stages an update is written at; `resolved` is "we are back". */
export const stages = ['investigating', 'identified', 'fixing', 'monitoring', 'resolved'] as const;
export type Stage = (typeof stages)[number];

/** The extra sections an update may carry, each with a template of its own. */
export const sections = ['outstanding', 'data-loss'] as const;
export const templateKeys = [...stages, ...sections] as const;
export type TemplateKey = (typeof templateKeys)[number];

/** Who hears of an update: the team (technical), stakeholders, the client's contacts, the status page. */
export const audiences = ['internal', 'stakeholders', 'clients', 'public'] as const;
export type Audience = (typeof audiences)[number];

/** The status a status page shows for each stage (the contract of `statuspage-publish`). */
export const publicStatus: Record<Stage, 'investigating' | 'identified' | 'monitoring' | 'resolved'> = {
  investigating: 'investigating',
  identified: 'identified',
  fixing: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
};

const words = (max: number) => z.string().trim().max(max);

export const updateBody = z
  .object({
    stage: z
      .enum(stages)
      .describe('investigating, identified, fixing, monitoring or resolved ("we are back")'),
    technical: words(5000)
      .default('')
      .describe('For the team (internal); placeholders like {{title}} are filled'),
    plain: words(5000).default('').describe('Plain words for stakeholders, clients and the status page'),
    audiences: z.array(z.enum(audiences)).min(1).max(4).describe('Who receives it'),
    outstanding: words(3000).nullish().describe('Known outstanding issues (an extra section)'),
    dataLoss: words(3000).nullish().describe('Any data loss (an extra section)'),
  })
  .refine((b) => !b.audiences.includes('internal') || b.technical !== '', {
    path: ['technical'],
    message: 'is required when internal is an audience',
  })
  .refine((b) => b.audiences.every((a) => a === 'internal') || b.plain !== '', {
    path: ['plain'],
    message: 'is required for stakeholders, clients and public',
  })
  .meta({
    id: 'UpdateBody',
    example: {
      stage: 'identified',
      technical: 'The payments API times out after the {{service}} deploy; rolling back.',
      plain: 'Card payments are failing for some customers. We found the cause and are fixing it.',
      audiences: ['internal', 'stakeholders'],
    },
  });
export type UpdateBody = z.output<typeof updateBody>;

export const updateSchema = z
  .object({
    id: z.uuid(),
    stage: z.enum(stages),
    technical: z.string(),
    plain: z.string(),
    audiences: z.array(z.enum(audiences)),
    outstanding: z.string().nullable(),
    dataLoss: z.string().nullable(),
    author: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    sentAt: z.iso.datetime(),
  })
  .meta({ id: 'IncidentUpdate' });
export type Update = z.infer<typeof updateSchema>;

export const cadenceSchema = z
  .object({
    minutes: z.number().int().nullable().describe('Minutes between updates for its urgency; null: on change'),
    nextDueAt: z.iso.datetime().nullable(),
    overdue: z.boolean(),
    remind: z.string().nullable().describe('Who is reminded: the comms lead, else the owner'),
  })
  .meta({ id: 'UpdateCadence' });
export type Cadence = z.infer<typeof cadenceSchema>;

const template = z.object({ technical: z.string(), plain: z.string() });

export const updatesSchema = z
  .object({
    updates: z.array(updateSchema).describe('Newest first'),
    cadence: cadenceSchema,
    drafts: z
      .record(z.enum(templateKeys), template)
      .describe('Each template filled from the incident, to start an update from'),
  })
  .meta({ id: 'IncidentUpdates' });

export const previewSchema = z
  .object({
    audiences: z.array(
      z.object({
        audience: z.enum(audiences),
        recipients: z.array(z.string()).describe('Who or where it goes'),
        subject: z.string().nullable(),
        text: z.string(),
        problem: z.string().nullable().describe('Why it cannot be sent to this audience, if so'),
      }),
    ),
  })
  .meta({ id: 'UpdatePreview' });
export type Preview = z.infer<typeof previewSchema>;

const emails = z.array(z.email().max(254)).max(200);

export const settingsSchema = z
  .object({
    templates: z.record(z.enum(templateKeys), template),
    cadence: z.record(z.enum(urgencies), z.number().int().nullable()),
    stakeholders: z.object({
      default: emails,
      defaultChannel: channel,
      services: z.array(z.object({ id: z.uuid(), name: z.string(), emails, channel })),
      clients: z.array(z.object({ id: z.uuid(), name: z.string(), emails, channel })),
    }),
  })
  .meta({ id: 'UpdateSettings' });
export type Settings = z.infer<typeof settingsSchema>;

const templateBody = z.object({ technical: words(5000).min(1), plain: words(5000).min(1) });

export const settingsBody = z
  .object({
    templates: z
      .partialRecord(z.enum(templateKeys), templateBody.nullable())
      .optional()
      .describe('Templates to set; null returns one to the built-in default'),
    cadence: z
      .partialRecord(z.enum(urgencies), z.number().int().min(1).max(1440).nullable())
      .optional()
      .describe('Minutes between updates per urgency; null: on change'),
    stakeholders: z
      .object({
        default: emails.optional(),
        defaultChannel: channel.optional().describe('Chat channel of the default list; null for none'),
        services: z
          .array(z.object({ id: z.uuid(), emails, channel: channel.optional() }))
          .max(500)
          .optional(),
        clients: z
          .array(z.object({ id: z.uuid(), emails, channel: channel.optional() }))
          .max(500)
          .optional(),
      })
      .optional()
      .describe(
        'Email lists and chat channels to set (a channel left out stays); a list with no emails and no channel is removed',
      ),
  })
  .meta({
    id: 'UpdateSettingsBody',
    example: { cadence: { P1: 20 }, stakeholders: { default: ['ops@example.com'] } },
  });
export type SettingsBody = z.output<typeof settingsBody>;
