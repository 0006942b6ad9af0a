/**
 * A person's own contact methods (each verified with a code sent through it before use), their
 * notification rules, and "send me a test".
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { authErrors, errors } from '../http/schemas.ts';
import {
  addContactMethod,
  CODE_MINUTES,
  contactMethodsOf,
  removeOwnMethod,
  setNotificationRules,
  testContactMethod,
  verifyOwnMethod,
} from './contact-methods.ts';
import { listRules } from './contact-store.ts';
import type { Channels } from '../notify/index.ts';
import { contactMethodBody, contactMethodSchema, rulesBody, ruleSchema } from './schema.ts';

const idParams = z.object({ id: z.uuid() });

/** The routes of one's own contact methods and notification rules (`/api/v1/me/…`). */
export async function meRoutes(app: FastifyInstance, opts: { channels: Channels }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;
  const deps = { pool, clock, channels: opts.channels, publicUrl: config.publicUrl };

  r.get(
    '/api/v1/me/contact-methods',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'My contact methods',
        response: { 200: z.object({ items: z.array(contactMethodSchema) }), ...authErrors },
      },
    },
    async (req) => ({ items: await contactMethodsOf(deps, currentUser(req)) }),
  );

  r.post(
    '/api/v1/me/contact-methods',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Add a contact method',
        description: `Sends a verification code through it (valid ${CODE_MINUTES} minutes); it pages only once verified.`,
        body: contactMethodBody,
        response: { 201: contactMethodSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await addContactMethod(deps, currentUser(req), req.body)),
  );

  r.post(
    '/api/v1/me/contact-methods/:id/verify',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Verify a contact method with its code',
        params: idParams,
        body: z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }),
        response: { 200: contactMethodSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => verifyOwnMethod(deps, currentUser(req), req.params.id, req.body.code),
  );

  r.post(
    '/api/v1/me/contact-methods/:id/test',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Send me a test message',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await testContactMethod(deps, currentUser(req), req.params.id);
      return { ok: true as const };
    },
  );

  r.delete(
    '/api/v1/me/contact-methods/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Remove a contact method',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await removeOwnMethod(deps, currentUser(req), req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/me/notification-rules',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'My notification rules',
        description:
          'Empty: every verified method in the seeds’ order (phone, SMS, Slack, Teams, email, webhook), two minutes apart.',
        response: { 200: z.object({ rules: z.array(ruleSchema) }), ...authErrors },
      },
    },
    async (req) => ({ rules: await listRules(pool, currentUser(req).id) }),
  );

  r.put(
    '/api/v1/me/notification-rules',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Set my notification rules',
        body: rulesBody,
        response: { 200: z.object({ rules: z.array(ruleSchema) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ rules: await setNotificationRules(deps, currentUser(req), req.body.rules) }),
  );
}
