/** Escalation policies over HTTP: everyone reads them; whoever manages paging creates and changes them, audited. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { policyBody, policySchema } from './schema.ts';
import { getPolicy, insertPolicy, listPolicies, updatePolicy } from './store.ts';

const idParams = z.object({ id: z.uuid() });

/** The routes of `/api/v1/escalation-policies`. */
export async function policyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/escalation-policies',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'List escalation policies',
        response: { 200: z.object({ items: z.array(policySchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listPolicies(pool) }),
  );

  r.post(
    '/api/v1/escalation-policies',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Create an escalation policy',
        description:
          'Ordered levels, each paging people, schedules, teams or the service owner, with a timeout; repeat N times. ' +
          '`urgency` shapes it per P1–P4 (which levels, their timeouts, all methods at once, business hours); ' +
          'defaults: P1 all methods at once with halved timeouts, P2 as written, P3/P4 business hours.',
        body: policyBody,
        response: { 201: policySchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const now = clock.now();
      const policy = await audited(
        pool,
        (tx) => insertPolicy(tx, req.body, now),
        (p) => ({
          at: now,
          actorId: actor.id,
          action: 'escalation-policy.create',
          target: `escalation-policy:${p.id}`,
          data: req.body,
        }),
      );
      return reply.code(201).send(policy);
    },
  );

  r.put(
    '/api/v1/escalation-policies/:id',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Change an escalation policy',
        description: 'Escalations already running keep the version they started with.',
        params: idParams,
        body: policyBody,
        response: { 200: policySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const now = clock.now();
      const { after } = await audited(
        pool,
        async (tx) => {
          const before = await getPolicy(tx, req.params.id);
          return { before, after: await updatePolicy(tx, req.params.id, req.body, now) };
        },
        ({ before, after }) => ({
          at: now,
          actorId: actor.id,
          action: 'escalation-policy.update',
          target: `escalation-policy:${after.id}`,
          data: { before, after: req.body },
        }),
      );
      return after;
    },
  );
}
