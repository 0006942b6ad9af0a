/** Incidents over HTTP: declare, find, read, classify, edit, move status, read the timeline. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { urgencies, type Urgency } from '../classification/codes.ts';
import { invalidField } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { resolvePerson } from './change.ts';
import { editIncident, overrideUrgency, reclassify } from './classify.ts';
import { declareIncident } from './declare.ts';
import {
  classifyBody,
  declareBody,
  editBody,
  incidentSchema,
  listQuery,
  refParams,
  statusBody,
  holdSchema,
  statuses,
  timelineEntrySchema,
  urgencyBody,
  type Status,
} from './schema.ts';
import { listHolds } from './holds.ts';
import { changeStatus } from './status.ts';
import { transitions } from './transitions.ts';
import { findClientId, findServiceId, getIncident, listIncidents } from './store.ts';
import { listTimeline } from './timeline.ts';

/** Splits a comma list and checks each item against `allowed`, naming the query field on error. */
function csv<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  field: string,
): T[] | undefined {
  if (!raw) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T))
      throw invalidField(field, `"${item}" is not one of ${allowed.join(', ')}`);
  }
  return items as T[];
}

// The documented moves come from the same table the server enforces.
const allowedMoves = Object.entries(transitions)
  .filter(([, next]) => next.length > 0)
  .map(([from, next]) => `${from} → ${next.join('/')}`)
  .join('; ');

const incidentResponse = { 200: incidentSchema, ...errors(400, 401, 403, 404, 409) };

export async function incidentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool } = deps;

  r.post(
    '/api/v1/incidents',
    {
      config: { permission: 'incidents:declare' },
      schema: {
        tags: ['incidents'],
        summary: 'Declare an incident',
        description:
          'Opens an incident in triage. Only the title is required; the classification may be completed later. ' +
          'The response carries the tagline, the urgency from the urgency policy and the decision.',
        body: declareBody,
        response: { 201: incidentSchema, ...errors(400, 401, 403, 413) },
      },
    },
    async (req, reply) => {
      return reply.code(201).send(await declareIncident(deps, currentUser(req), req.body));
    },
  );

  r.get(
    '/api/v1/incidents',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Find incidents',
        description:
          'Newest first, filtered, with cursor pagination: pass `nextCursor` as `cursor` for the next page.',
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(incidentSchema), nextCursor: z.string().nullable() }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const open = q.status === 'open';
      const statusList = open ? undefined : csv<Status>(q.status, statuses, 'query.status');
      const urgencyList = csv<Urgency>(q.urgency, urgencies, 'query.urgency');
      if (q.cursor && !/^\d+$/.test(q.cursor))
        throw invalidField('query.cursor', 'is not a cursor from a previous page');
      let ownerId: string | null | undefined;
      if (q.owner === 'me') ownerId = currentUser(req).id;
      else if (q.owner === 'none') ownerId = null;
      else if (q.owner) ownerId = (await resolvePerson(pool, q.owner, 'query.owner')).id;
      const serviceId = q.service ? await findServiceId(pool, q.service, 'query.service') : undefined;
      const clientId = q.client ? await findClientId(pool, q.client, 'query.client') : undefined;
      return listIncidents(pool, {
        ...q,
        open,
        statuses: statusList,
        urgencies: urgencyList,
        ownerId,
        serviceId,
        clientId,
      });
    },
  );

  r.get(
    '/api/v1/incidents/:ref',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Read an incident',
        description: 'By id, by number (42) or by #number (#42, URL-encoded as %2342).',
        params: refParams,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, req.params.ref),
  );

  r.patch(
    '/api/v1/incidents/:ref',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['incidents'],
        summary: 'Edit title, description or steps to reproduce',
        params: refParams,
        body: editBody,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await editIncident(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.patch(
    '/api/v1/incidents/:ref/classification',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['incidents'],
        summary: 'Reclassify',
        description:
          'Changes scope, criticality, area, impact or lifespan (null = unknown); recomputes tagline, urgency and decision.',
        params: refParams,
        body: classifyBody,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await reclassify(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.put(
    '/api/v1/incidents/:ref/urgency',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['incidents'],
        summary: 'Override urgency by hand',
        description:
          'Sets urgency regardless of the policy (a reason is required); `urgency: null` returns to the policy.',
        params: refParams,
        body: urgencyBody,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await overrideUrgency(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.post(
    '/api/v1/incidents/:ref/status',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['incidents'],
        summary: 'Change status',
        description: `Allowed: ${allowedMoves}. Resolving requires \`summary\`. 409 for any other move.`,
        params: refParams,
        body: statusBody,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await changeStatus(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.get(
    '/api/v1/incidents/:ref/holds',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['incidents'],
        summary: 'What holds the incident out of some statuses',
        description:
          'Holds placed by the fix discipline: a deviation without a tech-debt item blocks closing (firm); a fix not yet verified blocks resolving unless `overrideReason` is given (overridable).',
        params: refParams,
        response: { 200: z.object({ items: z.array(holdSchema) }), ...authErrors, ...errors(404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return { items: await listHolds(pool, incident.id) };
    },
  );

  r.get(
    '/api/v1/incidents/:ref/timeline',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['incidents'],
        summary: 'The timeline',
        description: 'Append-only, oldest first. Page with `after` = the last entry id seen.',
        params: refParams,
        querystring: z.object({
          after: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(500),
        }),
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...authErrors, ...errors(404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return { items: await listTimeline(pool, incident.id, req.query) };
    },
  );
}
