/** The knowledge base over HTTP: search what past incidents left, and "seen this before?". */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authErrors, errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { findServiceId, getIncident } from '../incidents/store.ts';
import { pastIncidentsResponse, searchQuery, similarQuery } from './schema.ts';
import { searchKnowledge, similarPast } from './store.ts';

const read = { permission: 'incidents:read' as const };
const answers = { 200: pastIncidentsResponse, ...authErrors, ...errors(400) };

export async function knowledgeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = app.deps;

  r.get(
    '/api/v1/knowledge',
    {
      config: read,
      schema: {
        tags: ['knowledge'],
        summary: 'Search the knowledge base',
        description:
          'Resolved and closed incidents whose words, resolution summary, notes, resolution report or published post-mortem match, best first, each with what fixed it and its post-mortem.',
        querystring: searchQuery,
        response: answers,
      },
    },
    async (req) => ({ items: await searchKnowledge(pool, req.query.q, req.query.limit) }),
  );

  r.get(
    '/api/v1/knowledge/similar',
    {
      config: read,
      schema: {
        tags: ['knowledge'],
        summary: 'Seen this before? Past incidents like a text',
        description:
          'For the declare and report forms: past incidents sharing any of the words (stemmed), with a title that looks alike, or on the same service, best first, with what fixed them.',
        querystring: similarQuery,
        response: answers,
      },
    },
    async (req) => {
      const q = req.query;
      const serviceId = q.service ? await findServiceId(pool, q.service, 'query.service') : null;
      return { items: await similarPast(pool, { text: q.text, serviceId, exclude: null, limit: q.limit }) };
    },
  );

  r.get(
    '/api/v1/incidents/:ref/seen-before',
    {
      config: read,
      schema: {
        tags: ['knowledge'],
        summary: 'Past incidents like this one',
        description: 'For the incident room while triaging: by its title, description and service.',
        params: refParams,
        response: { ...answers, ...errors(404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      const text = `${incident.title}\n${incident.description}`.slice(0, 2000);
      const items = await similarPast(pool, {
        text,
        serviceId: incident.service?.id ?? null,
        exclude: incident.id,
        limit: 5,
      });
      return { items };
    },
  );
}
