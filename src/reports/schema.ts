/** Types and validation for support reports and their evidence (uploads). */
import { z } from 'zod';
import { areas, criticalities, scopes } from '../classification/codes.ts';
import { incidentSchema } from '../incidents/schema.ts';
import { harSummarySchema } from './har.ts';

/** An uploaded file as the API shows it. */
export const uploadSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string().describe('Sniffed from the content, not taken from the client'),
    kind: z.enum(['image', 'video', 'har', 'other']),
    size: z.int(),
    harSummary: harSummarySchema.nullable().describe('For HAR files: failing and slow requests, page errors'),
    uploadedAt: z.iso.datetime(),
    url: z.string().describe('Download address (signed-in people only, served as an attachment)'),
  })
  .meta({ id: 'Upload' });
export type Upload = z.infer<typeof uploadSchema>;

/** The support checklist (seed 003): what the agent tried before reporting. */
export const checklistSchema = z
  .object({
    procedureVerified: z.boolean().describe('The procedure was verified (it is a bug, not a usage question)'),
    cacheCleared: z.boolean(),
    incognito: z.boolean().describe('Tried in a private / incognito window'),
    otherBrowser: z.boolean(),
  })
  .meta({ id: 'SupportChecklist' });

const personRef = z.object({ id: z.uuid(), name: z.string(), email: z.string() });

export const reportSchema = z
  .object({
    id: z.uuid(),
    incidentId: z.uuid(),
    reporter: personRef,
    affectedUsers: z.array(z.string()),
    whatHappens: z.string(),
    steps: z.string(),
    checklist: checklistSchema,
    recordingUrl: z.string().nullable(),
    createdAt: z.iso.datetime(),
    attachments: z.array(uploadSchema),
  })
  .meta({ id: 'SupportReport' });
export type Report = z.infer<typeof reportSchema>;

export const createReportBody = z
  .object({
    incident: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Attach to this open incident (id or number); without it a new incident is opened'),
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Title of the new incident (default: from whatHappens)'),
    whatHappens: z.string().trim().min(1).max(10_000).describe('What the customer sees'),
    steps: z.string().trim().max(10_000).default('').describe('Steps to reproduce'),
    affectedUsers: z
      .array(z.string().trim().min(1).max(200))
      .max(500)
      .default([])
      .describe('Affected user ids'),
    checklist: checklistSchema,
    recordingUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .describe('Session-recording link'),
    attachments: z.array(z.uuid()).max(20).default([]).describe('Upload ids (POST /api/v1/uploads first)'),
    classification: z
      .object({
        scope: z.enum(scopes).optional(),
        criticality: z.enum(criticalities).optional(),
        area: z.enum(areas).optional(),
      })
      .default({})
      .describe('For a new incident, what support already knows'),
    service: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('For a new incident, the affected service (id or name); paging follows its chain'),
  })
  .meta({
    example: {
      whatHappens: 'Clicking on user details gives an error page',
      steps: '1. Sign in as admin 2. Open Users 3. Click any user',
      affectedUsers: ['u-1842'],
      checklist: { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: false },
      classification: { scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' },
    },
  });

export const createReportResponse = z
  .object({
    report: reportSchema,
    incident: incidentSchema,
    opened: z.boolean().describe('True when a new incident was opened'),
  })
  .meta({ id: 'ReportFiled' });

export const similarQuery = z.object({
  text: z.string().trim().min(1).max(2000).describe('What the customer sees, in words'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
