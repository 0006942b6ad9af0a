/**
 * Action items over HTTP: the open ones by due date (mine, or everyone's), marking one done or
 * changing it, and handing one to the team's tracker.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { changeAction, handOff } from './edit.ts';
import { actionParams, actionPatchBody, actionSchema, actionsQuery } from './schema.ts';
import { listActions } from './action-store.ts';
import { dayOf } from './store.ts';

const tags = ['postmortems'];

export async function actionRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = ctx;

  r.get(
    '/api/v1/actions',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'Action items of post-mortems by due date',
        description: 'Open ones by default; overdue: open and due before today (UTC).',
        querystring: actionsQuery,
        response: { 200: z.object({ items: z.array(actionSchema) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({
      items: await listActions(
        pool,
        { status: req.query.status, ...(req.query.mine === 'true' ? { ownerId: currentUser(req).id } : {}) },
        dayOf(clock.now()),
      ),
    }),
  );

  r.patch(
    '/api/v1/actions/:id',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Mark an action item done (or open again), or change its title, owner or due date',
        params: actionParams,
        body: actionPatchBody,
        response: { 200: actionSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => changeAction(ctx, req.params.id, req.body),
  );

  r.post(
    '/api/v1/actions/:id/handoff',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: "Hand an action item to the team's tracker",
        description:
          "An issue is created in the tracker of the incident's team; its link appears on the item. 409 when it has one.",
        params: actionParams,
        response: { 202: z.object({ queued: z.boolean() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(202).send(await handOff(ctx, req.params.id)),
  );
}
