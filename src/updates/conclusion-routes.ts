/**
 * The conclusion over HTTP: links attached to an incident, the three parts of the conclusion
 * (prefilled, or as sent) and sending one of them.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentUser } from '../auth/plugin.ts';
import { withTransaction } from '../db/pool.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { conclusionOf, sendPart } from './conclusion.ts';
import { conclusionSchema, linkBody, linkSchema, partBody, partParams } from './conclusion-schema.ts';
import { insertLink, listLinks } from './conclusion-store.ts';

export async function conclusionRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = ctx;
  const read = async (ref: string) => {
    const c = await conclusionOf(ctx, ref);
    return { resolved: c.resolved, links: c.links, parts: c.parts };
  };

  r.post(
    '/api/v1/incidents/:ref/links',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['work'],
        summary: 'Attach a link to an incident (pull request, ticket, document)',
        description: 'On the timeline; listed in the conclusion and its summary to the team.',
        params: refParams,
        body: linkBody,
        response: { 201: linkSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const incident = await getIncident(pool, req.params.ref);
      const user = currentUser(req);
      const id = await withTransaction(pool, async (tx) => {
        const at = clock.now();
        const made = await insertLink(tx, { incidentId: incident.id, ...req.body, by: user.id, at });
        await appendTimeline(tx, {
          incidentId: incident.id,
          at,
          actorId: user.id,
          kind: 'link-added',
          data: { kind: req.body.kind, title: req.body.title, url: req.body.url },
        });
        return made;
      });
      const link = (await listLinks(pool, incident.id)).find((l) => l.id === id)!;
      return reply.code(201).send(link);
    },
  );

  r.get(
    '/api/v1/incidents/:ref/conclusion',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: 'The conclusion of an incident: what is offered, what was and was not sent',
        description:
          'The summary email to the team (with its links), the notice to the origin of the report (the ' +
          "support reporter, or the client's contacts) and the resolved update on the status pages: each " +
          'prefilled from the incident (or as sent), with its recipients and why it cannot be sent, if so.',
        params: refParams,
        response: { 200: conclusionSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => read(req.params.ref),
  );

  r.post(
    '/api/v1/incidents/:ref/conclusion/:part',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['work'],
        summary: 'Send one part of the conclusion with its text as edited',
        description:
          'part: team-summary, origin-notice or status-resolved. Once per incident; on the timeline. ' +
          '409 before the incident is resolved, when sent already, or when it has nobody to go to.',
        params: partParams,
        body: partBody,
        response: { 200: conclusionSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await sendPart(ctx, req.params.ref, currentUser(req).id, req.params.part, req.body.text);
      return read(req.params.ref);
    },
  );
}
