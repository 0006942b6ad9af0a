/**
 * Hotfixes over HTTP: the repositories (`/api/v1/repositories`, admins), a check now, the hotfixes
 * of an incident (`/api/v1/incidents/{ref}/hotfixes`) and every hotfix, oldest outstanding first
 * (`/api/v1/hotfixes`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { notFound } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { checkRepository } from './check.ts';
import { recordHotfix } from './record.ts';
import { addRepository, changeRepository } from './repositories.ts';
import {
  hotfixBody,
  hotfixListQuery,
  hotfixSchema,
  repositoryBody,
  repositoryPatch,
  repositorySchema,
} from './schema.ts';
import { findRepository, listHotfixes, listRepositories, presentRepository } from './store.ts';

const repoParams = z.object({
  repo: z.string().min(1).max(100).describe('The repository, by name or id'),
});
const hotfixList = z.object({ items: z.array(hotfixSchema) });

/** The API routes of hotfixes and their repositories. */
export async function hotfixRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = ctx;

  r.get(
    '/api/v1/repositories',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['fix'],
        summary: 'The repositories hotfixes are checked in',
        description: 'Their long-lived branches and the last check; never a token.',
        response: { 200: z.object({ items: z.array(repositorySchema) }), ...authErrors },
      },
    },
    async () => ({ items: (await listRepositories(pool)).map(presentRepository) }),
  );

  r.post(
    '/api/v1/repositories',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['fix'],
        summary: 'Add a repository',
        description:
          'git: Expedite clones it under its data directory and asks git; github/gitlab: their API is asked ' +
          '(through the outbound policy) with the token. 409 when the name is taken.',
        body: repositoryBody,
        response: { 201: repositorySchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const row = await addRepository(ctx, currentUser(req), req.body);
      return reply.code(201).send(presentRepository(row));
    },
  );

  r.patch(
    '/api/v1/repositories/:repo',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['fix'],
        summary: 'Change a repository',
        description: 'The fields given change; a token given replaces the stored one, null removes it.',
        params: repoParams,
        body: repositoryPatch,
        response: { 200: repositorySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      presentRepository(await changeRepository(ctx, currentUser(req), req.params.repo, req.body)),
  );

  r.post(
    '/api/v1/repositories/:repo/check',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['fix'],
        summary: 'Check a repository now',
        description:
          'Fetches (git) or asks the API, and updates the merge-back state of its outstanding hotfixes. ' +
          'A failure (unreachable, refused) is answered in checkError, and kept.',
        params: repoParams,
        response: { 200: repositorySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await checkRepository(ctx, req.params.repo);
      const row = await findRepository(pool, req.params.repo);
      if (!row) throw notFound('Repository', req.params.repo);
      return presentRepository(row);
    },
  );

  r.get(
    '/api/v1/incidents/:ref/hotfixes',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['fix'],
        summary: 'The hotfixes of an incident',
        description: 'Each with its long-lived branches: merged back or not, as last checked.',
        params: refParams,
        response: { 200: hotfixList, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return { items: await listHotfixes(pool, { incidentId: incident.id }) };
    },
  );

  r.post(
    '/api/v1/incidents/:ref/hotfixes',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['fix'],
        summary: 'Record a hotfix',
        description:
          'The repository, branch, commits and pull requests of a hot fix, on the timeline ' +
          '(hotfix-recorded); its merge back into every long-lived branch is checked from then on.',
        params: refParams,
        body: hotfixBody,
        response: { 201: hotfixSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const id = await recordHotfix(ctx, req.params.ref, currentUser(req), req.body);
      const [hotfix] = await listHotfixes(pool, { id });
      return reply.code(201).send(hotfix!);
    },
  );

  r.get(
    '/api/v1/hotfixes',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['fix'],
        summary: 'Every hotfix, oldest outstanding first',
        description: 'Outstanding ones (not merged back into every long-lived branch) first, oldest first.',
        querystring: hotfixListQuery,
        response: { 200: hotfixList, ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ items: await listHotfixes(pool, { outstanding: req.query.outstanding === 'true' }) }),
  );
}
