/** Types and validation of resolution reports: the two versions, the facts they start from, sharing. */
import { z } from 'zod';

/** The two versions: technical for the team, plain for stakeholders, clients and the status page. */
export const versions = ['technical', 'plain'] as const;
export type Version = (typeof versions)[number];

/** Who a report can be shared with: the team (technical) or stakeholders, clients, status page (plain). */
export const shareAudiences = ['team', 'stakeholders', 'clients', 'public'] as const;
export type ShareAudience = (typeof shareAudiences)[number];

const fact = (what: string) => z.string().trim().max(3000).nullish().describe(what);

/** What people add to what the incident records, for both versions. */
export const factsBody = z
  .object({
    sideEffects: fact('Expected side effects of the fix; empty: none expected'),
    outstanding: fact('Known outstanding issues; defaults to the latest update that had some'),
    dataLoss: fact('What data was lost; defaults to the latest update that had some'),
    readerAction: fact('What the reader should do; empty: a sensible default per version'),
  })
  .meta({
    id: 'ResolutionReportFacts',
    example: {
      sideEffects: 'Search results may be up to an hour old until the index is rebuilt tonight.',
      dataLoss: 'Orders placed between 09:10 and 09:40 UTC were not saved.',
    },
  });
export type Facts = z.output<typeof factsBody>;

export const jargonSchema = z
  .object({
    kind: z.enum(['code', 'host', 'sha']),
    text: z.string().describe('The words as written'),
    message: z.string().describe('What to do about it'),
  })
  .meta({ id: 'ReportJargon' });

export const draftSchema = z
  .object({
    technical: z.string().describe('Markdown, for the team'),
    plain: z.string().describe('Markdown, in plain words for stakeholders and clients'),
    warnings: z.array(jargonSchema).describe('Jargon found in the plain version'),
  })
  .meta({ id: 'ResolutionReportDraft' });
export type Draft = z.infer<typeof draftSchema>;

export const reportSchema = z
  .object({
    technical: z.string().describe('Markdown, for the team'),
    plain: z.string().describe('Markdown, in plain words for stakeholders and clients'),
    saved: z.boolean().describe('false: generated from the incident now, not yet edited or saved'),
    editedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    updatedAt: z.iso.datetime().nullable(),
    sharedAt: z.iso.datetime().nullable(),
    resolved: z.boolean().describe('Only a resolved (or closed) incident’s report can be shared'),
    facts: z
      .object({
        sideEffects: z.string().nullable(),
        outstanding: z.string().nullable(),
        dataLoss: z.string().nullable(),
        readerAction: z.string().nullable(),
      })
      .describe('What the generated text starts from, to fill it again'),
    warnings: z.array(jargonSchema).describe('Jargon found in the plain version'),
  })
  .meta({ id: 'ResolutionReport' });
export type Report = z.infer<typeof reportSchema>;

const text = z.string().trim().min(1).max(50_000);

export const saveBody = z
  .object({
    technical: text.describe('Markdown, for the team'),
    plain: text.describe('Markdown, in plain words'),
  })
  .meta({
    id: 'SaveResolutionReport',
    example: {
      technical: '# #12 resolved\n\n## Fixes put in place\n- Rolled back payments-api to 2.4.0',
      plain: '# We are back\n\nCard payments work normally again.',
    },
  });

export const shareBody = z
  .object({
    audiences: z
      .array(z.enum(shareAudiences))
      .min(1)
      .max(4)
      .describe('team (technical, by email and chat), stakeholders, clients, public (plain)'),
  })
  .meta({ id: 'ShareResolutionReport', example: { audiences: ['team', 'stakeholders'] } });

export const versionQuery = z.object({
  version: z.enum(versions).default('technical').describe('technical (default) or plain'),
});
