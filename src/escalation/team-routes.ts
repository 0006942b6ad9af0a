/** Teams over HTTP: everyone reads them; whoever manages paging creates and changes them (audited in teams.ts). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { teamBody, teamSchema } from './schema.ts';
import { listTeams, saveTeam } from './teams.ts';

const idParams = z.object({ id: z.uuid() });

/** The routes of `/api/v1/teams`. */
export async function teamRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  r.get(
    '/api/v1/teams',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'List teams',
        response: { 200: z.object({ items: z.array(teamSchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listTeams(deps.pool) }),
  );

  r.post(
    '/api/v1/teams',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Create a team',
        description:
          'A team answers for incident areas (FE, BE, DEVOPS; FEBE pages both FE and BE teams) with its escalation policy.',
        body: teamBody,
        response: { 201: teamSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await saveTeam(deps, currentUser(req), null, req.body)),
  );

  r.put(
    '/api/v1/teams/:id',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Change a team',
        params: idParams,
        body: teamBody,
        response: { 200: teamSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => saveTeam(deps, currentUser(req), req.params.id, req.body),
  );
}
