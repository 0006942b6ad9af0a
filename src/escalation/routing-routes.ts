/**
 * Routing over HTTP: whom a declaration would page (before submitting), whom an incident is routed
 * to and why, and the organisation's default escalation policy (the route of last resort).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { areas } from '../classification/codes.ts';
import { errors } from '../http/schemas.ts';
import { serviceNamed } from '../incidents/declare.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { previewRoute } from './routing.ts';
import { defaultPolicy, saveDefaultPolicy } from './routing-settings.ts';
import { serviceAndArea, targetContextOf } from './route-store.ts';

const person = z.object({
  id: z.uuid(),
  name: z.string(),
  by: z.array(z.string()).describe('phone, SMS, email, …'),
});
const previewSchema = z
  .object({
    via: z.enum(['service', 'service-team', 'area', 'default']).nullable(),
    because: z.string().describe(`e.g. "routed to Checkout's chain because service = Checkout"`),
    policies: z.array(
      z.object({ id: z.uuid(), name: z.string(), summary: z.string(), people: z.array(person) }),
    ),
    summary: z.string().describe('e.g. "Pages Checkout on-call: one person, by phone and SMS"'),
  })
  .meta({ id: 'RoutePreview' });
const defaultSchema = z
  .object({ policyId: z.uuid().nullable().describe('null: no default; unrouted incidents page nobody') })
  .meta({ id: 'DefaultEscalationPolicy' });

/** The routes of routing previews and the default escalation policy. */
export async function routingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/routing/preview',
    {
      config: { permission: 'incidents:declare' },
      schema: {
        tags: ['paging'],
        summary: 'Whom a declaration would page',
        description:
          "The service's chain, else the area's team, else the default policy; its first level now.",
        querystring: z.object({
          service: z.string().trim().min(1).max(200).optional().describe('Service id or name'),
          area: z.enum(areas).optional(),
        }),
        response: { 200: previewSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const s = await serviceNamed(pool, req.query.service, 'querystring.service');
      return previewRoute(
        pool,
        {
          serviceId: s?.id ?? null,
          serviceName: s?.name ?? null,
          ownerId: s?.ownerId ?? null,
          area: req.query.area ?? null,
        },
        clock.now(),
      );
    },
  );

  r.get(
    '/api/v1/incidents/:ref/routing',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Whom an incident is routed to, and why',
        params: refParams,
        response: { 200: previewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { id } = await getIncident(pool, req.params.ref);
      const s = await serviceAndArea(pool, id);
      const ownerId = (await targetContextOf(pool, id)).serviceOwnerId;
      return previewRoute(pool, { ...s, ownerId }, clock.now());
    },
  );

  r.get(
    '/api/v1/settings/default-escalation-policy',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'The default escalation policy',
        description: 'Pages an incident whose service and area name no chain.',
        response: { 200: defaultSchema, ...errors(401, 403) },
      },
    },
    async () => ({ policyId: await defaultPolicy(pool) }),
  );

  r.put(
    '/api/v1/settings/default-escalation-policy',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Set the default escalation policy',
        body: defaultSchema,
        response: { 200: defaultSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const now = clock.now();
      await audited(pool, (tx) => saveDefaultPolicy(tx, req.body.policyId, now), {
        at: now,
        actorId: currentUser(req).id,
        action: 'default-escalation-policy.update',
        data: req.body,
      });
      return req.body;
    },
  );
}
