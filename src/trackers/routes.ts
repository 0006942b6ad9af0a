/**
 * Trackers over HTTP: admins set them up (`/api/v1/trackers`, secrets write-only); anyone reads an
 * incident's ticket (`GET /api/v1/incidents/{ref}/handoff`) and the Backlog's tickets; a responder
 * hands an incident to its tracker (`POST /api/v1/incidents/{ref}/handoff`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { authErrors, errors, okSchema } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { handoffKey } from './hand-off.ts';
import { addTracker, askForTicket, changeTracker, removeTracker } from './manage.ts';
import {
  createTrackerBody,
  handoffSchema,
  trackerParams,
  trackerSchema,
  updateTrackerBody,
} from './schema.ts';
import { backlogTickets, handoffOf } from './handoff-store.ts';
import { getTracker, listTrackers } from './store.ts';

const backlogTicketSchema = z
  .object({
    incidentId: z.uuid(),
    number: z.number().int(),
    tracker: z.string(),
    ref: z.string(),
    url: z.string().nullable(),
    state: z.enum(['open', 'closed']).nullable(),
  })
  .meta({ id: 'BacklogTicket' });

/** The routes of trackers and hand-offs. */
export async function trackerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool } = deps;
  const tags = ['trackers'];

  r.get(
    '/api/v1/trackers',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Trackers non-expedited work is handed to',
        description: 'The default first. Credentials are never shown (`secretSet`).',
        response: { 200: z.object({ items: z.array(trackerSchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listTrackers(pool) }),
  );

  r.post(
    '/api/v1/trackers',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Add a tracker',
        description:
          'GitHub Issues (project owner/repo, a token), GitLab Issues (project id or path, a token), Jira Cloud ' +
          '(project key, email + API token, issue type) or a webhook (a Standard Webhooks whsec_ secret). ' +
          '`teams`/`services` send their incidents here instead of the default. Audited.',
        body: createTrackerBody,
        response: { 201: trackerSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const tracker = await addTracker(deps, currentUser(req), req.body);
      return reply.code(201).send(tracker);
    },
  );

  r.get(
    '/api/v1/trackers/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'One tracker',
        params: trackerParams,
        response: { 200: trackerSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => getTracker(pool, req.params.id),
  );

  r.patch(
    '/api/v1/trackers/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Change a tracker',
        description: 'Fields left out stay; a new `secret` replaces the stored one. Audited.',
        params: trackerParams,
        body: updateTrackerBody,
        response: { 200: trackerSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => changeTracker(deps, currentUser(req), req.params.id, req.body),
  );

  r.delete(
    '/api/v1/trackers/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Remove a tracker',
        description: 'Tickets already handed to it stay on their incidents. Audited.',
        params: trackerParams,
        response: { 200: okSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await removeTracker(deps, currentUser(req), req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/incidents/:ref/handoff',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: "An incident's ticket in its team's tracker",
        description:
          'The ticket (with its last known state), the hand-off job while it runs or after it gave up, and the tracker it goes to.',
        params: refParams,
        response: { 200: handoffSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return handoffOf(pool, incident.id, handoffKey(incident.id));
    },
  );

  r.post(
    '/api/v1/incidents/:ref/handoff',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['work'],
        summary: 'Hand an incident to its tracker',
        description:
          'Creates the ticket (tagline, classification, description, steps to reproduce, evidence, a link back) ' +
          'through a job retried with backoff; `handed-off` on the timeline once it exists. 409 when it already ' +
          'has one or no tracker is set up for it. An incident entering the Backlog is handed off without asking.',
        params: refParams,
        response: { 202: handoffSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const id = await askForTicket(deps, currentUser(req), req.params.ref);
      return reply.code(202).send(await handoffOf(pool, id, handoffKey(id)));
    },
  );

  r.get(
    '/api/v1/backlog/tickets',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: 'The tickets of backlogged incidents',
        description:
          'For the Backlog view: each backlogged incident handed off, its ticket and last known state.',
        response: { 200: z.object({ items: z.array(backlogTicketSchema) }), ...authErrors },
      },
    },
    async () => ({ items: await backlogTickets(pool) }),
  );
}
