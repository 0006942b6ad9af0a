/**
 * The admin API of status pages (`/api/v1/status-pages…`): pages, component groups and components
 * (the rest in admin-routes.ts). Reading needs `incidents:read`, changing `status-pages:manage`. Every
 * change is announced so that every instance's pages show it at once.
 */
import type { FastifyInstance } from 'fastify';
import { allows } from '../auth/permissions.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../db/pool.ts';
import { authErrors, errors, okSchema } from '../http/schemas.ts';
import { newAccessKey } from './access.ts';
import { checkRefs, pageChanges, pageOut } from './admin.ts';
import { announceStatusChange } from './cache.ts';
import {
  componentBody,
  componentPatch,
  groupBody,
  pageBody,
  pageDetailSchema,
  pagePatch,
  pageSchema,
} from './schema.ts';
import { setPrivate } from './access-store.ts';
import * as store from './store.ts';

const idParams = z.object({ id: z.uuid() });
const childParams = z.object({ id: z.uuid(), childId: z.uuid() });
const read = { permission: 'incidents:read' as const };
const manage = { permission: 'status-pages:manage' as const };
const tags = ['status-pages'];

export async function statusPageRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;
  const { detail, change } = pageChanges(app.deps);

  r.get(
    '/api/v1/status-pages',
    {
      config: read,
      schema: {
        tags,
        summary: 'Status pages',
        response: { 200: z.object({ items: z.array(pageSchema) }), ...authErrors },
      },
    },
    async (req) => {
      const showKey = allows(req.user?.role, 'status-pages:manage');
      return { items: (await store.listPages(pool)).map((p) => pageOut(p, config.publicUrl, showKey)) };
    },
  );

  r.post(
    '/api/v1/status-pages',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a status page',
        description:
          'Public (no clientId) or a client’s own; served at /status/<slug> and at its custom host. 409 when the slug or host is taken.',
        body: pageBody,
        response: { 201: pageDetailSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await checkRefs(pool, null, { clientId: b.clientId ?? null });
      let id = '';
      await withTransaction(pool, async (tx) => {
        id = await store.insertPage(
          tx,
          {
            name: b.name,
            slug: b.slug,
            customHost: b.customHost ?? null,
            clientId: b.clientId ?? null,
            accessKey: b.private ? newAccessKey() : null,
          },
          clock.now(),
        );
        await announceStatusChange(tx, pool);
      });
      return reply.code(201).send(await detail(id));
    },
  );

  r.get(
    '/api/v1/status-pages/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A status page with its components and maintenance',
        params: idParams,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => detail(req.params.id, req),
  );

  r.patch(
    '/api/v1/status-pages/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a status page',
        params: idParams,
        body: pagePatch,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await checkRefs(pool, null, { clientId: req.body.clientId ?? null });
      return change(req.params.id, async (tx) => {
        await store.updatePage(tx, req.params.id, req.body, clock.now());
        const priv = req.body.private;
        if (priv !== undefined)
          await setPrivate(tx, req.params.id, { private: priv, key: newAccessKey() }, clock.now());
      });
    },
  );

  r.delete(
    '/api/v1/status-pages/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete a status page',
        params: idParams,
        response: { 200: okSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await withTransaction(pool, async (tx) => {
        await store.deletePage(tx, req.params.id);
        await announceStatusChange(tx, pool);
      });
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/status-pages/:id/groups',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a component group',
        params: idParams,
        body: groupBody,
        response: { 201: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await store.getPage(pool, req.params.id);
      const out = await change(req.params.id, (tx) =>
        store.insertGroup(tx, req.params.id, req.body, clock.now()),
      );
      return reply.code(201).send(out);
    },
  );

  r.delete(
    '/api/v1/status-pages/:id/groups/:childId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a component group (its components stay, ungrouped)',
        params: childParams,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => change(req.params.id, (tx) => store.deleteGroup(tx, req.params.id, req.params.childId)),
  );

  r.post(
    '/api/v1/status-pages/:id/components',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a component',
        description:
          'Its state follows the open incidents of its service (P1: major outage, P2: partial outage, others: degraded performance) unless state is set by hand.',
        params: idParams,
        body: componentBody,
        response: { 201: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await store.getPage(pool, req.params.id);
      await checkRefs(pool, req.params.id, { serviceId: b.serviceId ?? null, groupId: b.groupId ?? null });
      const out = await change(req.params.id, (tx) =>
        store.insertComponent(
          tx,
          req.params.id,
          {
            name: b.name,
            description: b.description ?? '',
            groupId: b.groupId ?? null,
            serviceId: b.serviceId ?? null,
            state: b.state ?? null,
            position: b.position ?? 0,
          },
          clock.now(),
        ),
      );
      return reply.code(201).send(out);
    },
  );

  r.patch(
    '/api/v1/status-pages/:id/components/:childId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a component (state: null returns it to following incidents)',
        params: childParams,
        body: componentPatch,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const b = req.body;
      await checkRefs(pool, req.params.id, { serviceId: b.serviceId ?? null, groupId: b.groupId ?? null });
      return change(req.params.id, (tx) =>
        store.updateComponent(tx, req.params.id, req.params.childId, b, clock.now()),
      );
    },
  );

  r.delete(
    '/api/v1/status-pages/:id/components/:childId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a component',
        params: childParams,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      change(req.params.id, (tx) => store.deleteComponent(tx, req.params.id, req.params.childId)),
  );
}
