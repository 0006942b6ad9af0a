/** The organisation's business hours over HTTP: everyone reads them; whoever manages paging sets them, audited. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { businessHours, businessHoursSchema, saveBusinessHours } from './business-hours.ts';

/** The routes of `/api/v1/business-hours`. */
export async function businessHoursRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/business-hours',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Business hours',
        description: 'P3/P4 incidents page only within them, unless a covering policy has lowUrgencyAnytime.',
        response: { 200: businessHoursSchema, ...authErrors },
      },
    },
    async () => businessHours(pool),
  );

  r.put(
    '/api/v1/business-hours',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Set business hours',
        body: businessHoursSchema,
        response: { 200: businessHoursSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const now = clock.now();
      await audited(pool, (tx) => saveBusinessHours(tx, req.body, now), {
        at: now,
        actorId: currentUser(req).id,
        action: 'business-hours.update',
        data: req.body,
      });
      return req.body;
    },
  );
}
