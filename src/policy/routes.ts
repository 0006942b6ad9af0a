/** The urgency policy over HTTP: everyone signed in reads it; admins change it, with a reason, audited. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { listAudit } from '../audit/store.ts';
import { currentUser } from '../auth/plugin.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { policyResponse, policyUpdateBody } from './schema.ts';
import { currentPolicy, savePolicy } from './store.ts';

export async function policyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/policy',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['policy'],
        summary: 'The urgency policy in force',
        description:
          'Scope × criticality matrix, impact modifiers and thresholds that give urgency and decision.',
        response: { 200: policyResponse, ...authErrors },
      },
    },
    async () => currentPolicy(pool),
  );

  r.put(
    '/api/v1/policy',
    {
      config: { permission: 'policy:write' },
      schema: {
        tags: ['policy'],
        summary: 'Change the urgency policy',
        description:
          'Replaces the policy; the change, its reason and the previous version go to the audit log. ' +
          'Existing incidents keep their urgency until reclassified.',
        body: policyUpdateBody,
        response: { 200: policyResponse, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const now = clock.now();
      const { saved } = await audited(
        pool,
        async (tx) => {
          const before = await currentPolicy(tx);
          return { before, saved: await savePolicy(tx, req.body.policy, user.id, now) };
        },
        ({ before, saved }) => ({
          at: now,
          actorId: user.id,
          action: 'policy.update',
          target: `policy:v${saved.version}`,
          data: { reason: req.body.reason, before: before.policy, after: saved.policy },
        }),
      );
      return saved;
    },
  );

  r.get(
    '/api/v1/policy/history',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['policy'],
        summary: 'Audit log of policy changes',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                at: z.string(),
                actorId: z.string().nullable(),
                action: z.string(),
                target: z.string().nullable(),
                data: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          ...authErrors,
        },
      },
    },
    async (req) => ({ items: await listAudit(pool, { prefix: 'policy.', limit: req.query.limit }) }),
  );
}
