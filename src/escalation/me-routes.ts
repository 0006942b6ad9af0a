/**
 * A person's own contact methods (each verified with a code sent through it before use), their
 * notification rules, and "send me a test".
 */
import { createHash, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { SendError } from '../notify/types.ts';
import type { Channels } from '../notify/index.ts';
import { contactMethodBody, contactMethodSchema, rulesBody, ruleSchema } from './schema.ts';
import { methodsOf, toMethod } from './store.ts';

const CODE_MINUTES = 15;
const hashCode = (code: string) => createHash('sha256').update(code).digest();
const idParams = z.object({ id: z.uuid() });

export async function meRoutes(app: FastifyInstance, opts: { channels: Channels }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;

  /** Sends `text` to a method; a failure is a 400 naming the address (the person can fix it). */
  async function sendTo(
    method: { id: string; kind: keyof Channels; address: string },
    name: string,
    subject: string,
    text: string,
  ) {
    const channel = opts.channels[method.kind];
    if (!channel)
      throw new AppError('conflict', `The ${method.kind} channel is not configured on this server`);
    try {
      await channel.send({
        idempotencyKey: `${method.id}:${clock.now().getTime()}`,
        incident: {
          id: method.id,
          number: 0,
          title: subject,
          tagline: text,
          urgency: null,
          url: config.publicUrl,
        },
        subject,
        text,
        ackUrl: config.publicUrl,
        recipient: { name, address: method.address },
      });
    } catch (err) {
      if (err instanceof SendError)
        throw invalidField('address', `could not send to ${method.address}: ${err.message}`);
      throw err;
    }
  }

  async function ownMethod(userId: string, id: string) {
    const m = (await methodsOf(pool, userId)).find((x) => x.id === id);
    if (!m) throw notFound('contact method', id);
    return m;
  }

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
    async (req) => ({ items: (await methodsOf(pool, currentUser(req).id)).map(toMethod) }),
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
    async (req, reply) => {
      const user = currentUser(req);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = clock.now();
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO contact_methods (user_id, kind, address, label, verify_code_hash, verify_expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          user.id,
          req.body.kind,
          req.body.address,
          req.body.label,
          hashCode(code),
          new Date(now.getTime() + CODE_MINUTES * 60_000),
          now,
        ],
      );
      const method = await ownMethod(user.id, rows[0]!.id);
      try {
        await sendTo(
          method,
          user.name,
          'Your Expedite verification code',
          `Your Expedite verification code: ${code}`,
        );
      } catch (err) {
        await pool.query('UPDATE contact_methods SET disabled_at = $2 WHERE id = $1', [method.id, now]);
        throw err;
      }
      return reply.code(201).send(toMethod(method));
    },
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
    async (req) => {
      const user = currentUser(req);
      const { rows } = await pool.query(
        `UPDATE contact_methods SET verified_at = $3, verify_code_hash = NULL
          WHERE id = $1 AND user_id = $2 AND disabled_at IS NULL AND verify_code_hash = $4 AND verify_expires_at > $3
          RETURNING id`,
        [req.params.id, user.id, clock.now(), hashCode(req.body.code)],
      );
      if (rows.length === 0) throw invalidField('body.code', 'wrong or expired code');
      return toMethod(await ownMethod(user.id, req.params.id));
    },
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
      const user = currentUser(req);
      const method = await ownMethod(user.id, req.params.id);
      if (!method.verified_at) throw new AppError('conflict', 'Verify this contact method first');
      await sendTo(
        method,
        user.name,
        'Expedite test message',
        'This is a test page from Expedite. Nothing is wrong.',
      );
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
      const user = currentUser(req);
      await ownMethod(user.id, req.params.id);
      await withTransaction(pool, async (tx) => {
        await tx.query('DELETE FROM notification_rules WHERE contact_method_id = $1', [req.params.id]);
        await tx.query('UPDATE contact_methods SET disabled_at = $2 WHERE id = $1', [
          req.params.id,
          clock.now(),
        ]);
      });
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
    async (req) => {
      const { rows } = await pool.query<{ contact_method_id: string; delay_minutes: number }>(
        'SELECT contact_method_id, delay_minutes FROM notification_rules WHERE user_id = $1 ORDER BY position',
        [currentUser(req).id],
      );
      return {
        rules: rows.map((x) => ({ contactMethodId: x.contact_method_id, delayMinutes: x.delay_minutes })),
      };
    },
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
    async (req) => {
      const user = currentUser(req);
      const mine = new Map((await methodsOf(pool, user.id)).map((m) => [m.id, m]));
      req.body.rules.forEach((rule, i) => {
        const m = mine.get(rule.contactMethodId);
        if (!m) throw invalidField(`body.rules.${i}.contactMethodId`, 'not one of your contact methods');
        if (!m.verified_at) throw invalidField(`body.rules.${i}.contactMethodId`, 'not verified yet');
      });
      await withTransaction(pool, async (tx) => {
        await tx.query('DELETE FROM notification_rules WHERE user_id = $1', [user.id]);
        for (const [i, rule] of req.body.rules.entries())
          await tx.query(
            'INSERT INTO notification_rules (user_id, position, contact_method_id, delay_minutes) VALUES ($1, $2, $3, $4)',
            [user.id, i, rule.contactMethodId, rule.delayMinutes],
          );
      });
      return { rules: req.body.rules };
    },
  );
}
