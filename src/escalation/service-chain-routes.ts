/** A service's chain of command over HTTP: its team, its senior-most responsible person, its escalation policy. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { errors } from '../http/schemas.ts';
import { setServiceChain } from './route-store.ts';

/** The route `PUT /api/v1/services/{id}/chain` (audited). */
export async function serviceChainRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.put(
    '/api/v1/services/:id/chain',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: "Set a service's chain of command",
        description:
          'Its team, its senior-most responsible person (the `service-owner` target) and its escalation policy.',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          teamId: z.uuid().nullable(),
          ownerId: z.uuid().nullable(),
          escalationPolicyId: z.uuid().nullable(),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await audited(pool, (tx) => setServiceChain(tx, req.params.id, req.body), {
        at: clock.now(),
        actorId: currentUser(req).id,
        action: 'service.chain',
        target: `service:${req.params.id}`,
        data: req.body,
      });
      return { ok: true as const };
    },
  );
}
