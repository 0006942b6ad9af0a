/**
 * Resolution reports over HTTP: read (saved, or generated now), a fresh draft from the incident,
 * save both versions as edited, share them through the update paths, and download one version as
 * Markdown or as a printable HTML page.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { pageHeaders } from '../http/page-headers.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { PRINTABLE_POLICY, printablePage } from './printable.ts';
import { draftReport, reportOf, saveEdits } from './read-report.ts';
import { draftSchema, factsBody, reportSchema, saveBody, shareBody, versionQuery } from './schema.ts';
import { shareReport } from './share.ts';

const tags = ['resolution reports'];

/** The report without the incident it was read with. */
async function answer(ctx: DomainContext, ref: string) {
  const report: Partial<Awaited<ReturnType<typeof reportOf>>> = await reportOf(ctx, ref);
  delete report.incident;
  return report as Omit<Awaited<ReturnType<typeof reportOf>>, 'incident'>;
}

export async function resolutionRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const path = '/api/v1/incidents/:ref/resolution-report';

  r.get(
    path,
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'The resolution report of an incident: technical and plain versions',
        description:
          'As saved (edited) or, until someone saves it, generated from the incident now: what happened, ' +
          'impact, fixes (hotfixes, deployments, links, summary), hours per person with their role, side ' +
          'effects, outstanding issues, data loss and what to do. Warnings name jargon in the plain version.',
        params: refParams,
        response: { 200: reportSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => answer(ctx, req.params.ref),
  );

  r.post(
    `${path}/draft`,
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Generate both versions again from the incident, with side effects and the like',
        description:
          'Nothing is saved: the texts are a starting point to edit and save. Outstanding issues and data ' +
          'loss default to the latest update that had some; an empty string says none.',
        params: refParams,
        body: factsBody,
        response: { 200: draftSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => draftReport(ctx, req.params.ref, req.body),
  );

  r.put(
    path,
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Save both versions as edited',
        description: 'The edit is kept: the report is no longer generated again unless someone drafts anew.',
        params: refParams,
        body: saveBody,
        response: { 200: reportSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await saveEdits(ctx, req.params.ref, currentUser(req).id, req.body);
      return answer(ctx, req.params.ref);
    },
  );

  r.post(
    `${path}/share`,
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Share the report: technical to the team, plain to stakeholders, clients, status pages',
        description:
          'Sent as a resolved update to each audience (team: email and chat; stakeholders: their lists; ' +
          "clients: the client's contacts; public: the status pages), on the timeline as " +
          'resolution-report-shared. 409 before the incident is resolved or when an audience cannot be reached.',
        params: refParams,
        body: shareBody,
        response: { 200: reportSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await shareReport(ctx, req.params.ref, currentUser(req).id, req.body.audiences);
      return answer(ctx, req.params.ref);
    },
  );

  r.get(
    `${path}.md`,
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'Download one version of the report as Markdown',
        params: refParams,
        querystring: versionQuery,
        response: { 200: z.string().describe('text/markdown'), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const report = await reportOf(ctx, req.params.ref);
      const name = `incident-${report.incident.number}-resolution-${req.query.version}.md`;
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(report[req.query.version]);
    },
  );

  r.get(
    `${path}.html`,
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'One version of the report as a printable page (print or save as PDF)',
        description: 'Server-rendered HTML with print styles and no JavaScript.',
        params: refParams,
        querystring: versionQuery,
        response: { 200: z.string().describe('text/html'), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const report = await reportOf(ctx, req.params.ref);
      const { version } = req.query;
      const title =
        version === 'technical'
          ? `Resolution report #${report.incident.number}`
          : `Resolution report: ${report.incident.title}`;
      const page = printablePage({ title, version, markdown: report[version], at: ctx.clock.now() });
      return pageHeaders(reply, PRINTABLE_POLICY).type('text/html; charset=utf-8').send(page);
    },
  );
}
