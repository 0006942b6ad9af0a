/** Zod for the knowledge base: a search over what past incidents left, and "seen this before?". */
import { z } from 'zod';
import { statuses } from '../incidents/schema.ts';

export const knowledgeSources = ['incident', 'note', 'report', 'postmortem', 'title'] as const;
export type KnowledgeSource = (typeof knowledgeSources)[number];

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Words to find (web-search syntax: "a phrase", -word, or); past incidents only'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const similarQuery = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('What is happening now: a title, a description, an error text'),
  service: z
    .string()
    .max(200)
    .optional()
    .describe('The affected service (id or name): its past incidents rank higher'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const pastIncidentSchema = z
  .object({
    incident: z.object({
      id: z.uuid(),
      number: z.number().int(),
      title: z.string(),
      tagline: z.string(),
      status: z.enum(statuses),
      resolvedAt: z.iso.datetime().nullable(),
      service: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    }),
    fix: z.string().nullable().describe('What fixed it: its resolution summary'),
    postmortem: z
      .object({ id: z.uuid(), status: z.string() })
      .nullable()
      .describe('Its post-mortem, when there is one'),
    hasReport: z.boolean().describe('A resolution report was written'),
    matched: z.array(z.enum(knowledgeSources)).describe('Where the words were found'),
    snippet: z.string().nullable().describe('The best matching passage, matches between « and »'),
    score: z.number(),
  })
  .meta({ id: 'PastIncident' });
export type PastIncident = z.infer<typeof pastIncidentSchema>;

export const pastIncidentsResponse = z.object({ items: z.array(pastIncidentSchema) });
