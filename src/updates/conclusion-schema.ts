/** Types and validation of an incident's conclusion and its links. */
import { z } from 'zod';

export const linkKinds = ['pull-request', 'ticket', 'document', 'other'] as const;
export const conclusionParts = ['team-summary', 'origin-notice', 'status-resolved'] as const;
export type ConclusionPart = (typeof conclusionParts)[number];

export const linkSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(linkKinds),
    title: z.string(),
    url: z.string(),
    addedBy: z.string().nullable(),
    addedAt: z.iso.datetime(),
  })
  .meta({ id: 'IncidentLink' });
export type Link = z.infer<typeof linkSchema>;

export const linkBody = z
  .object({
    kind: z.enum(linkKinds).default('other'),
    title: z.string().trim().min(1).max(300),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .describe('An http(s) address: a pull request, ticket or document'),
  })
  .meta({ example: { kind: 'pull-request', title: 'Fix pool size', url: 'https://git.example.com/pr/42' } });

export const conclusionSchema = z
  .object({
    resolved: z.boolean().describe('Whether the incident is resolved (the conclusion can be sent)'),
    links: z.array(linkSchema),
    parts: z.array(
      z.object({
        part: z.enum(conclusionParts),
        recipients: z.array(z.string()),
        subject: z.string().nullable(),
        text: z.string().describe('Prefilled from the incident, or as sent'),
        problem: z.string().nullable().describe('Why it cannot be sent, if so'),
        sentAt: z.iso.datetime().nullable(),
        sentBy: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'IncidentConclusion' });
export type Conclusion = z.infer<typeof conclusionSchema>;

export const partBody = z.object({ text: z.string().trim().min(1).max(10_000) });
export const partParams = z.object({
  ref: z.string().min(1).max(64),
  part: z.enum(conclusionParts),
});
