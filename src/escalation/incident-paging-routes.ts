/**
 * Paging on an incident over HTTP: its escalations, paging by hand, acknowledging, and escalating
 * now or to a level.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { acknowledgeIncident } from './acknowledge.ts';
import { escalateByHand, pageByHand } from './by-hand.ts';
import { configuredKinds } from './reachability.ts';
import { escalationSchema } from './schema.ts';
import { escalationsOf } from './store.ts';

/** The routes of `/api/v1/incidents/{ref}/…` about paging. */
export async function incidentPagingRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool } = deps;
  const kinds = configuredKinds(ctx.channels);

  r.get(
    '/api/v1/incidents/:ref/escalations',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Escalations of an incident',
        params: refParams,
        response: { 200: z.object({ items: z.array(escalationSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => ({ items: await escalationsOf(pool, (await getIncident(pool, req.params.ref)).id) }),
  );

  r.post(
    '/api/v1/incidents/:ref/page',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['paging'],
        summary: 'Page for an incident',
        description:
          "Starts escalating by the client's chain and the policies of its service or area (unless already " +
          'escalating). 409 naming who cannot be reached when the page would reach nobody (nothing is sent).',
        params: refParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 202: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await pageByHand(deps, req.params.ref, currentUser(req), req.body.reason, kinds);
      return reply.code(202).send({ ok: true as const });
    },
  );

  r.post(
    '/api/v1/incidents/:ref/acknowledge',
    {
      config: { permission: 'incidents:acknowledge' },
      schema: {
        tags: ['paging'],
        summary: 'Acknowledge the page',
        description:
          'Stops its escalations; the acknowledger becomes owner if there is none. 409 when nothing is paging.',
        params: refParams,
        response: { 200: z.object({ escalations: z.int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => ({
      escalations: await acknowledgeIncident(deps, req.params.ref, currentUser(req), 'web'),
    }),
  );

  r.post(
    '/api/v1/incidents/:ref/escalate',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['paging'],
        summary: 'Escalate now, or jump to a level',
        params: refParams,
        body: z.object({
          level: z.int().min(1).max(10).optional().describe('1-based level; absent: the next one now'),
        }),
        response: { 200: z.object({ escalations: z.int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => ({
      escalations: await escalateByHand(deps, req.params.ref, currentUser(req), req.body.level),
    }),
  );
}
