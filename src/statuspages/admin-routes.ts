/**
 * The rest of the admin API of status pages: a private page's access key, scheduled maintenance,
 * renaming component groups, and the page's subscribers (listed with the email masked, removed).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, okSchema } from '../http/schemas.ts';
import { newAccessKey } from './access.ts';
import { checkRefs, maskAddress, pageChanges } from './admin.ts';
import { queueMaintenanceNotice } from './maintenance-notice.ts';
import { groupPatch, maintenanceBody, pageDetailSchema, subscriberSchema } from './schema.ts';
import { setPrivate } from './access-store.ts';
import * as store from './store.ts';
import { listSubscribers, removeSubscriber } from './subscriber-store.ts';

const idParams = z.object({ id: z.uuid() });
const childParams = z.object({ id: z.uuid(), childId: z.uuid() });
const manage = { permission: 'status-pages:manage' as const };
const tags = ['status-pages'];

export async function moreStatusPageRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;
  const { change } = pageChanges(app.deps);

  r.post(
    '/api/v1/status-pages/:id/access-key',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Give a status page a new access key',
        description:
          'The page becomes private (if it was not) and is served only under /status/<slug>/k/<accessKey>; the old key answers 404 at once.',
        params: idParams,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      change(req.params.id, (tx) =>
        setPrivate(tx, req.params.id, { private: true, key: newAccessKey(), rotate: true }, clock.now()),
      ),
  );

  r.post(
    '/api/v1/status-pages/:id/maintenances',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Schedule maintenance',
        description:
          'Shown ahead as scheduled, and announced to subscribers at once; its components are under maintenance from start to end.',
        params: idParams,
        body: maintenanceBody,
        response: { 201: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await store.getPage(pool, req.params.id);
      await checkRefs(pool, req.params.id, { componentIds: b.componentIds ?? [] });
      const out = await change(req.params.id, async (tx) => {
        const id = await store.insertMaintenance(
          tx,
          req.params.id,
          {
            title: b.title,
            body: b.body ?? '',
            startsAt: new Date(b.startsAt),
            endsAt: new Date(b.endsAt),
            componentIds: b.componentIds ?? [],
          },
          clock.now(),
        );
        await queueMaintenanceNotice(tx, id, clock.now());
      });
      return reply.code(201).send(out);
    },
  );

  r.delete(
    '/api/v1/status-pages/:id/maintenances/:childId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Cancel maintenance',
        params: childParams,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      change(req.params.id, (tx) => store.deleteMaintenance(tx, req.params.id, req.params.childId)),
  );

  r.patch(
    '/api/v1/status-pages/:id/groups/:childId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename or move a component group',
        params: childParams,
        body: groupPatch,
        response: { 200: pageDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      change(req.params.id, (tx) => store.updateGroup(tx, req.params.id, req.params.childId, req.body)),
  );

  r.get(
    '/api/v1/status-pages/:id/subscribers',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The page’s subscribers (addresses masked), confirmed or waiting',
        params: idParams,
        response: { 200: z.object({ items: z.array(subscriberSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await store.getPage(pool, req.params.id);
      const rows = await listSubscribers(pool, req.params.id);
      return {
        items: rows.map((s) => ({
          id: s.id,
          kind: s.kind,
          address: maskAddress(s.kind, s.address),
          componentIds: s.component_ids,
          confirmed: s.confirmed_at !== null,
          createdAt: s.created_at.toISOString(),
        })),
      };
    },
  );

  r.delete(
    '/api/v1/status-pages/:id/subscribers/:childId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a subscriber (it hears nothing more)',
        params: childParams,
        response: { 200: okSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await removeSubscriber(pool, req.params.id, req.params.childId, clock.now());
      return { ok: true as const };
    },
  );
}
