/**
 * Insights over HTTP: `GET /api/v1/insights` (JSON, or CSV with `format=csv`) and
 * `GET /api/v1/insights.csv`. Anyone who reads incidents reads them; pages per named person only
 * for those who may read the people list (ADR 0044).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { allows } from '../auth/permissions.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { insightsCsv } from './csv.ts';
import { InsightsMirror } from './mirror.ts';
import { readInsights } from './read-insights.ts';
import { insightsQuery, insightsSchema, type InsightsQuery } from './schema.ts';

const description =
  'For the incidents declared in [from, to) that match the filters: counts, MTTA (declared → first ' +
  'acknowledgement or ownership), MTTR (declared → resolved), time to verification (monitoring → ' +
  'verified), hours and deviations, in total, per step of time and per group; time in each working ' +
  'status; SLA compliance per client and tier; open and overdue tech debt and post-mortem actions. ' +
  'Pages per person count pages sent in the period, out of hours by the business hours. Durations ' +
  'in minutes: mean, median and 90th percentile.';

/** The insights routes. */
export async function insightsRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // This server's copy of the incidents' facts, brought up to date by each query.
  const mirror = new InsightsMirror(ctx.pool);

  async function answer(req: FastifyRequest, reply: FastifyReply, query: InsightsQuery, csv: boolean) {
    const me = currentUser(req);
    const insights = await readInsights(ctx, mirror, query, allows(me.role, 'users:read'));
    if (!csv) return insights;
    const name = `insights-${insights.from.slice(0, 10)}-${insights.to.slice(0, 10)}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(insightsCsv(insights));
  }

  r.get(
    '/api/v1/insights',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['insights'],
        summary: 'How incident response is going: MTTA, MTTR, SLA, pages, follow-ups',
        description,
        querystring: insightsQuery,
        response: { 200: insightsSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => answer(req, reply, req.query, req.query.format === 'csv'),
  );

  r.get(
    '/api/v1/insights.csv',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['insights'],
        summary: 'The insights figures as CSV',
        description:
          'One line for the whole period, one per step of time and one per group, with the same columns ' +
          '(counts, MTTA, MTTR and time to verification in minutes, hours, deviations).',
        querystring: insightsQuery.omit({ format: true }),
        response: { 200: z.string().describe('text/csv'), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      await answer(req, reply, { ...req.query, format: 'csv' }, true);
      return reply;
    },
  );
}
