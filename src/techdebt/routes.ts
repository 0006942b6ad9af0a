/**
 * Deviations and tech debt over HTTP: an incident's deviations and items, recording a deviation
 * (with its item, usually), adding an item later, the tech-debt view's lists, and changing an item.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { notFound } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { changeItem } from './change-item.ts';
import { addDebtItem, recordDeviation } from './deviate.ts';
import {
  debtBody,
  debtItemSchema,
  debtListQuery,
  debtPatchBody,
  deviationBody,
  deviationSchema,
  incidentDebtSchema,
  itemParams,
} from './schema.ts';
import { getItem, incidentItems, listDeviations, listItems } from './store.ts';

const tags = ['tech debt'];
const work = { permission: 'incidents:work' as const };
const read = { permission: 'incidents:read' as const };

export async function techDebtRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = ctx;

  r.get(
    '/api/v1/incidents/:ref/deviations',
    {
      config: read,
      schema: {
        tags,
        summary: "An incident's deviations from process and its tech-debt items",
        params: refParams,
        response: { 200: incidentDebtSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return {
        deviations: await listDeviations(pool, incident.id),
        items: await incidentItems(pool, incident.id, clock.now()),
      };
    },
  );

  r.post(
    '/api/v1/incidents/:ref/deviations',
    {
      config: work,
      schema: {
        tags,
        summary: 'Record that process is broken, why, and what is skipped',
        description:
          'With `debt`, the tech-debt item that brings the temporary fix to standard is created in the ' +
          'same step. Without it, the incident cannot be closed (409) until the item is added.',
        params: refParams,
        body: deviationBody,
        response: { 201: deviationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordDeviation(ctx, req.params.ref, currentUser(req), req.body)),
  );

  r.post(
    '/api/v1/incidents/:ref/tech-debt',
    {
      config: work,
      schema: {
        tags,
        summary: 'Add a tech-debt item to an incident',
        description: 'With `deviationId`, it pays back that deviation and releases its hold on closing.',
        params: refParams,
        body: debtBody,
        response: { 201: debtItemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addDebtItem(ctx, req.params.ref, currentUser(req), req.body)),
  );

  r.get(
    '/api/v1/tech-debt',
    {
      config: read,
      schema: {
        tags,
        summary: 'Tech-debt items, oldest first',
        description:
          'open: not done or dropped; overrun: spent beyond budget; overdue: past due and not done; ' +
          'mine: open and owned by you; all.',
        querystring: debtListQuery,
        response: { 200: z.object({ items: z.array(debtItemSchema) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ items: await listItems(pool, req.query.filter, currentUser(req).id, clock.now()) }),
  );

  r.get(
    '/api/v1/tech-debt/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One tech-debt item, with hours spent',
        params: itemParams,
        response: { 200: debtItemSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const item = await getItem(pool, req.params.id, clock.now());
      if (!item) throw notFound('Tech-debt item', req.params.id);
      return item;
    },
  );

  r.patch(
    '/api/v1/tech-debt/:id',
    {
      config: work,
      schema: {
        tags,
        summary: 'Change a tech-debt item',
        description:
          'Status open → in-progress → done, or dropped with `dropReason`; or its title, details, ' +
          'budget, owner or due day. Done and dropped items no longer change (409).',
        params: itemParams,
        body: debtPatchBody,
        response: { 200: debtItemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => changeItem(ctx, req.params.id, currentUser(req), req.body),
  );
}
