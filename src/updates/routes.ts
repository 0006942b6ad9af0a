/**
 * Updates over HTTP: an incident's updates with the cadence and drafts from the templates
 * (`GET /incidents/{ref}/updates`), the preview per audience, sending, and the admin's settings.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { cadenceOf } from './cadence.ts';
import {
  previewSchema,
  settingsBody,
  settingsSchema,
  templateKeys,
  updateBody,
  updateSchema,
  updatesSchema,
} from './schema.ts';
import { previewUpdate, sendUpdate } from './send.ts';
import { readSettings, writeSettings } from './settings.ts';
import { listUpdates, templates } from './store.ts';
import { defaultTemplates, fill, placeholders } from './templates.ts';

export async function updateRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = ctx;

  r.get(
    '/api/v1/incidents/:ref/updates',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: "An incident's updates, when the next is due, and drafts from the templates",
        description:
          'Sent updates (newest first) with their audiences; the cadence of its urgency with the next due ' +
          'time and an overdue flag; and each stage and section template filled from the incident.',
        params: refParams,
        response: { 200: updatesSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      const now = clock.now();
      const values = placeholders(incident, ctx.publicUrl, now);
      const all = await templates(pool, defaultTemplates);
      const drafts = Object.fromEntries(
        templateKeys.map((k) => [
          k,
          { technical: fill(all[k].technical, values), plain: fill(all[k].plain, values) },
        ]),
      ) as typeof all;
      return {
        updates: await listUpdates(pool, incident.id),
        cadence: await cadenceOf(pool, incident, now),
        drafts,
      };
    },
  );

  r.post(
    '/api/v1/incidents/:ref/updates/preview',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['work'],
        summary: 'What each audience of an update would receive',
        description:
          'Per audience: who or where it goes, the subject and text with placeholders filled, and why it ' +
          'cannot be sent (e.g. no client), if so. Sends nothing.',
        params: refParams,
        body: updateBody,
        response: { 200: previewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => previewUpdate(ctx, req.params.ref, req.body),
  );

  r.post(
    '/api/v1/incidents/:ref/updates',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['work'],
        summary: 'Send an update to its audiences',
        description:
          'internal: the incident and broadcast channels and an email (technical) to its owner and roles; ' +
          'stakeholders: the plain email to the lists of its service and client (else the default list); ' +
          "clients: the client's contacts through their order; public: the status pages. On the timeline. " +
          '409 when a chosen audience cannot be reached; nothing is sent then.',
        params: refParams,
        body: updateBody,
        response: { 201: updateSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await sendUpdate(ctx, req.params.ref, currentUser(req).id, req.body)),
  );

  r.get(
    '/api/v1/update-settings',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Templates, cadence and stakeholder lists of updates',
        response: { 200: settingsSchema, ...errors(401, 403) },
      },
    },
    async () => readSettings(pool),
  );

  r.put(
    '/api/v1/update-settings',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Change templates, cadence or stakeholder lists of updates',
        description: 'Only what the body names changes. A null template returns to the built-in one.',
        body: settingsBody,
        response: { 200: settingsSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => writeSettings(ctx, req.body),
  );
}
