/**
 * Clients over HTTP: coverage tiers (configurable), clients with emergency contacts and their
 * chain on our side, an incident's client and SLA clocks, and SLA compliance per client and tier.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { putClient, setTiers } from './admin.ts';
import { assignClient, incidentSla, notifyClientContacts } from './incident-client.ts';
import { clientBody, clientSchema, incidentSlaSchema, tierSchema } from './schema.ts';
import { slaReport } from './sla-report.ts';
import { listClients, listTiers } from './store.ts';

const idParams = z.object({ id: z.uuid() });

export async function clientRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool } = deps;

  r.get(
    '/api/v1/client-tiers',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['clients'],
        summary: 'Coverage tiers and their SLAs',
        response: { 200: z.object({ items: z.array(tierSchema) }), ...errors(401, 403) },
      },
    },
    async () => ({ items: await listTiers(pool) }),
  );

  r.put(
    '/api/v1/client-tiers',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['clients'],
        summary: 'Set the coverage tiers',
        description:
          'The whole ordered list (defaults: Micro, Basic, Standard, Enhanced). A tier clients use cannot be dropped.',
        body: z.object({ items: z.array(tierSchema).min(1).max(20) }),
        response: { 200: z.object({ items: z.array(tierSchema) }), ...errors(400, 401, 403, 409) },
      },
    },
    async (req) => ({ items: await setTiers(deps, currentUser(req), req.body.items) }),
  );

  r.get(
    '/api/v1/clients',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['clients'],
        summary: 'List clients',
        response: { 200: z.object({ items: z.array(clientSchema) }), ...errors(401, 403) },
      },
    },
    async () => ({ items: await listClients(pool) }),
  );

  for (const method of ['post', 'put'] as const) {
    r[method](
      method === 'post' ? '/api/v1/clients' : '/api/v1/clients/:id',
      {
        config: { permission: 'paging:manage' },
        schema: {
          tags: ['clients'],
          summary: method === 'post' ? 'Add a client' : 'Change a client',
          ...(method === 'put' ? { params: idParams } : {}),
          body: clientBody,
          response: { [method === 'post' ? 201 : 200]: clientSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const id = (req.params as { id?: string }).id ?? null;
        return reply.code(id ? 200 : 201).send(await putClient(deps, currentUser(req), id, req.body));
      },
    );
  }

  r.put(
    '/api/v1/incidents/:ref/client',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['clients'],
        summary: 'Set the client an incident is for',
        description:
          'Starts its SLA clocks (from when the incident began): a warning at 75% of each target, a breach that escalates. ' +
          'An open incident is paged to the client’s chain (our strategist, then PM, then lead developer by default, ' +
          'each level after the previous one’s timeout), once per incident and client.',
        params: refParams,
        body: z.object({ clientId: z.uuid().nullable() }),
        response: { 200: incidentSlaSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      incidentSla(deps, await assignClient(deps, req.params.ref, currentUser(req), req.body.clientId)),
  );

  r.get(
    '/api/v1/incidents/:ref/sla',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['clients'],
        summary: 'An incident’s client and SLA clocks',
        params: refParams,
        response: { 200: incidentSlaSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => incidentSla(deps, (await getIncident(pool, req.params.ref)).id),
  );

  r.post(
    '/api/v1/incidents/:ref/client/notify',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['clients'],
        summary: 'Tell the client’s emergency contacts',
        description:
          'Sends the message to each of the incident’s client’s emergency contacts through their own channel order ' +
          '(phone call, SMS, Slack, email by default): the first channel that takes it ends that contact’s attempt, a failing one falls ' +
          'to the next. Outcomes appear on the timeline; the request counts as a first response for the SLA. ' +
          '409 when the incident has no client or the client no emergency contacts.',
        params: refParams,
        body: z.object({ message: z.string().trim().min(1).max(500) }),
        response: { 202: z.object({ contacts: z.int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const contacts = await notifyClientContacts(deps, req.params.ref, currentUser(req), req.body.message);
      return reply.code(202).send({ contacts });
    },
  );

  r.get(
    '/api/v1/clients/sla-report',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['clients'],
        summary: 'SLA compliance per client and tier',
        description:
          'For incidents that began in [from, to): per clock, how many were met, breached or are still running.',
        querystring: z.object({
          from: z.iso.datetime({ offset: true }),
          to: z.iso.datetime({ offset: true }),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                client: z.string(),
                tier: z.string(),
                incidents: z.int(),
                clocks: z.record(z.string(), z.object({ met: z.int(), breached: z.int(), running: z.int() })),
                compliance: z.number().nullable().describe('Met ÷ (met + breached) over every clock'),
              }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => ({ items: await slaReport(deps, new Date(req.query.from), new Date(req.query.to)) }),
  );
}
