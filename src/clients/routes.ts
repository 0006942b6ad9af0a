/**
 * Clients over HTTP: coverage tiers (configurable), clients with emergency contacts and their
 * chain on our side, an incident's client and SLA clocks, and SLA compliance per client and tier.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/store.ts';
import { currentUser } from '../auth/plugin.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError, invalidField } from '../errors.ts';
import { errors } from '../http/schemas.ts';
import { changeIncident } from '../incidents/change.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { requestClientNotify } from './notify.ts';
import { clientBody, clientSchema, incidentSlaSchema, tierSchema } from './schema.ts';
import { scheduleSla } from './sla-jobs.ts';
import { slaClocks } from './sla.ts';
import { getClient, incidentClient, listClients, listTiers, milestones, saveClient } from './store.ts';

const idParams = z.object({ id: z.uuid() });

export async function clientRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool, clock } = deps;

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
    async (req) => {
      const actor = currentUser(req);
      const names = req.body.items.map((t) => t.name);
      if (new Set(names).size !== names.length) throw invalidField('body.items', 'tier names must be unique');
      await withTransaction(pool, async (tx) => {
        for (const [i, t] of req.body.items.entries())
          await tx.query(
            `INSERT INTO client_tiers (name, position, ack_minutes, response_minutes, resolve_minutes) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (name) DO UPDATE SET position = $2, ack_minutes = $3, response_minutes = $4, resolve_minutes = $5`,
            [t.name, i + 1, t.ackMinutes, t.responseMinutes, t.resolveMinutes],
          );
        await tx
          .query('DELETE FROM client_tiers WHERE NOT (name = ANY($1))', [names])
          .catch((err: { code?: string }) => {
            if (err.code === '23503')
              throw new AppError('conflict', 'A tier that clients use cannot be removed');
            throw err;
          });
        await recordAudit(tx, {
          at: clock.now(),
          actorId: actor.id,
          action: 'client-tiers.update',
          data: req.body,
        });
      });
      return { items: await listTiers(pool) };
    },
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
        const actor = currentUser(req);
        const id = (req.params as { id?: string }).id ?? null;
        if (!(await listTiers(pool)).some((t) => t.name === req.body.tier))
          throw invalidField('body.tier', 'no such tier');
        const c = await withTransaction(pool, async (tx) => {
          const saved = await saveClient(tx, id, req.body, clock.now()).catch((err: { code?: string }) => {
            if (err.code === '23505')
              throw new AppError('conflict', `A client named ${req.body.name} exists already`);
            throw err;
          });
          await recordAudit(tx, {
            at: clock.now(),
            actorId: actor.id,
            action: id ? 'client.update' : 'client.create',
            target: `client:${saved.id}`,
            data: req.body,
          });
          return saved;
        });
        return reply.code(id ? 200 : 201).send(c);
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
          'Starts its SLA clocks (from when the incident began): a warning at 75% of each target, a breach that escalates.',
        params: refParams,
        body: z.object({ clientId: z.uuid().nullable() }),
        response: { 200: incidentSlaSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const { clientId } = req.body;
      const client = clientId ? await getClient(pool, clientId) : null;
      const id = await changeIncident(deps, req.params.ref, actor, async (c) => {
        await c.tx.query('UPDATE incidents SET client_id = $2 WHERE id = $1', [c.row.id, clientId]);
        await c.record('client-set', { client: client?.name ?? null });
        const found = client && (await incidentClient(c.tx, c.row.id));
        if (found) await scheduleSla(c.tx, c.row.id, found.tier, found.start, found.client.id);
        return c.row.id;
      });
      return sla(id);
    },
  );

  async function sla(incidentId: string) {
    const found = await incidentClient(pool, incidentId);
    if (!found) return { client: null, tier: null, clocks: [] };
    const list = slaClocks(found.tier, found.start, await milestones(pool, incidentId), clock.now());
    return {
      client: found.client,
      tier: found.tier,
      clocks: list.map((c) => ({
        ...c,
        dueAt: c.dueAt.toISOString(),
        warnAt: c.warnAt.toISOString(),
        metAt: c.metAt?.toISOString() ?? null,
      })),
    };
  }

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
    async (req) => sla((await getIncident(pool, req.params.ref)).id),
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
          '(phone call, SMS, email): the first channel that takes it ends that contact’s attempt, a failing one falls ' +
          'to the next. Outcomes appear on the timeline; the request counts as a first response for the SLA. ' +
          '409 when the incident has no client or the client no emergency contacts.',
        params: refParams,
        body: z.object({ message: z.string().trim().min(1).max(500) }),
        response: { 202: z.object({ contacts: z.int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const contacts = await changeIncident(deps, req.params.ref, actor, async (c) => {
        const found = await incidentClient(c.tx, c.row.id);
        if (!found) throw new AppError('conflict', 'This incident has no client: set its client first.');
        if (found.client.emergencyContacts.length === 0)
          throw new AppError('conflict', `${found.client.name} has no emergency contacts.`);
        const n = await requestClientNotify(c.tx, c.row.id, found.client, req.body.message, c.now);
        await c.record('client-notify-requested', {
          client: found.client.name,
          contacts: n,
          message: req.body.message,
        });
        return n;
      });
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
    async (req) => {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM incidents WHERE client_id IS NOT NULL AND created_at >= $1 AND created_at < $2 ORDER BY created_at LIMIT 10000',
        [new Date(req.query.from), new Date(req.query.to)],
      );
      const byClient = new Map<
        string,
        {
          client: string;
          tier: string;
          incidents: number;
          clocks: Record<string, { met: number; breached: number; running: number }>;
        }
      >();
      for (const { id } of rows) {
        const found = (await incidentClient(pool, id))!;
        const entry = byClient.get(found.client.id) ?? {
          client: found.client.name,
          tier: found.tier.name,
          incidents: 0,
          clocks: {},
        };
        entry.incidents++;
        for (const c of slaClocks(found.tier, found.start, await milestones(pool, id), clock.now())) {
          const n = (entry.clocks[c.clock] ??= { met: 0, breached: 0, running: 0 });
          n[c.state]++;
        }
        byClient.set(found.client.id, entry);
      }
      return {
        items: [...byClient.values()].map((e) => {
          const counts = Object.values(e.clocks);
          const met = counts.reduce((s, c) => s + c.met, 0);
          const done = met + counts.reduce((s, c) => s + c.breached, 0);
          return { ...e, compliance: done ? met / done : null };
        }),
      };
    },
  );
}
