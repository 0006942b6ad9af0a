/**
 * Deployments over HTTP: recording one (a CI step, the CLI), changing its status or rolling it
 * back, the recent list, an incident's deployments for the room, and the admin's deployment hooks.
 * The hooks' deliveries are in delivery-routes.ts (raw bodies, verified signatures).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { getChatIncident } from '../chat/store.ts';
import { invalidField, notFound } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { errors, okSchema } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { findService, getIncident } from '../incidents/store.ts';
import { createHook, listHooks, removeHook } from './hooks.ts';
import { changeDeployment, recordDeployment } from './record.ts';
import {
  deploymentBody,
  deploymentListQuery,
  deploymentListSchema,
  deploymentParams,
  deploymentPatch,
  deploymentSchema,
  hookBody,
  hookListSchema,
  hookSchema,
  incidentDeploymentsSchema,
} from './schema.ts';
import { deploymentsOfIncident, getDeploymentRow, listDeployments, toDeployment } from './store.ts';

export async function deploymentRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = ctx;

  r.post(
    '/api/v1/deployments',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['deployments'],
        summary: 'Record a deployment',
        description:
          'A deployment of a service (a CI step after `deploy`, or a person): version, environment, status ' +
          '(started, finished, failed), link and commit. With `externalId`, sending it again (e.g. started, ' +
          'then finished) updates the same deployment. It is noted once per status on the timeline of the ' +
          'open incidents of the service; a finished one is a fix to verify for those being worked on.',
        body: deploymentBody,
        response: { 200: deploymentSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const service = await findService(pool, req.body.service);
      if (!service) throw invalidField('body.service', `no service "${req.body.service}"`);
      const b = req.body;
      const { deployment } = await recordDeployment(
        ctx,
        {
          serviceId: service.id,
          version: b.version,
          environment: b.environment,
          status: b.status,
          url: b.url ?? null,
          commit: b.commit ?? null,
          by: b.by ?? user.name,
          actorId: user.id,
          source: 'api',
          externalId: b.externalId ?? null,
          hookId: null,
        },
        { strict: true },
      );
      return deployment;
    },
  );

  r.get(
    '/api/v1/deployments',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['deployments'],
        summary: 'Recent deployments',
        description: 'Newest first; by service (id or name), environment or status.',
        querystring: deploymentListQuery,
        response: { 200: deploymentListSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      let serviceId: string | undefined;
      if (q.service) {
        const service = await findService(pool, q.service);
        if (!service) return { deployments: [] };
        serviceId = service.id;
      }
      return {
        deployments: await listDeployments(pool, {
          serviceId,
          environment: q.environment,
          status: q.status,
          limit: q.limit,
        }),
      };
    },
  );

  r.get(
    '/api/v1/deployments/:id',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['deployments'],
        summary: 'One deployment',
        params: deploymentParams,
        response: { 200: deploymentSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const row = await getDeploymentRow(pool, req.params.id);
      if (!row) throw notFound('deployment', req.params.id);
      return toDeployment(row);
    },
  );

  r.patch(
    '/api/v1/deployments/:id',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['deployments'],
        summary: 'Finish, fail or roll back a deployment',
        description:
          'started → finished or failed; finished or failed → rolled-back (with `rolledBackTo`, the version ' +
          'now running). The same status again changes nothing; going backwards is a 409.',
        params: deploymentParams,
        body: deploymentPatch,
        response: { 200: deploymentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const { deployment } = await changeDeployment(
        ctx,
        req.params.id,
        { status: req.body.status, rolledBackTo: req.body.rolledBackTo, url: req.body.url },
        user.id,
      );
      return deployment;
    },
  );

  r.get(
    '/api/v1/incidents/:ref/deployments',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['deployments'],
        summary: "An incident's deployments",
        description:
          'Deployments noted on its timeline and those of its service since an hour before it was declared ' +
          '(newest first), with the "affects deployments" flag.',
        params: refParams,
        response: { 200: incidentDeploymentsSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      const chat = await getChatIncident(pool, incident.id);
      return {
        service: incident.service,
        affectsDeployments: chat?.affects_deployments ?? false,
        deployments: await deploymentsOfIncident(
          pool,
          incident.id,
          incident.service?.id ?? null,
          new Date(incident.createdAt),
          50,
        ),
      };
    },
  );

  r.get(
    '/api/v1/deployment-hooks',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['deployments'],
        summary: 'Deployment hooks',
        description: 'The webhooks CI/CD tools send deployments to, with their URL (never their secret).',
        response: { 200: hookListSchema, ...errors(401, 403) },
      },
    },
    async () => ({ hooks: await listHooks(pool, ctx.publicUrl) }),
  );

  r.post(
    '/api/v1/deployment-hooks',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['deployments'],
        summary: 'Add a deployment hook',
        description:
          'kind github: add a webhook for "Deployment statuses" with this secret (checked with ' +
          'X-Hub-Signature-256); gitlab: a webhook for "Deployment events" with this secret token ' +
          '(X-Gitlab-Token); generic: POST the documented JSON with `Authorization: Bearer <secret>`. The ' +
          'service of a delivery is the first rule matching its repository and environment, else `service`. ' +
          'Audited.',
        body: hookBody,
        response: { 201: hookSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const hook = await createHook(ctx, req.body, currentUser(req), ctx.publicUrl);
      return reply.code(201).send(hook);
    },
  );

  r.delete(
    '/api/v1/deployment-hooks/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['deployments'],
        summary: 'Remove a deployment hook',
        description: 'Its deliveries are refused from then on; the deployments it recorded stay. Audited.',
        params: z.object({ id: z.uuid() }),
        response: { 200: okSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await removeHook(ctx, req.params.id, currentUser(req));
      return { ok: true as const };
    },
  );
}
