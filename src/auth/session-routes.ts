/**
 * A person's own sessions and password: list and end sessions (one, or all but this one), and
 * change the password, which ends every other session (and API tokens unless kept).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { SESSION_COOKIE, currentUser } from './plugin.ts';
import { changePasswordBody, sessionSchema } from './schema.ts';
import { hashPassword, verifyPassword } from './secrets.ts';
import { endSessions, listSessions, revokeSession } from './session-store.ts';
import { findUserForLogin, updateUser } from './store.ts';
import { clearAttempts, countAttempt, signInLimits, tooManyAttempts } from './throttle.ts';

const endedSchema = z.object({
  ok: z.literal(true),
  ended: z.number().int().describe('How many sessions (and tokens) ended'),
});

export async function sessionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/auth/sessions',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'My sessions',
        description: 'The sign-in sessions still open, newest first; `current` is the one asking.',
        response: { 200: z.object({ items: z.array(sessionSchema) }), ...authErrors },
      },
    },
    async (req) => ({ items: await listSessions(pool, currentUser(req).id, req.tokenId, clock.now()) }),
  );

  r.delete(
    '/api/v1/auth/sessions/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'End one of my sessions',
        description: 'Signs that browser or program out at once.',
        params: z.object({ id: z.uuid() }),
        response: { 200: endedSchema, ...errors(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      const now = clock.now();
      const done = await audited(
        pool,
        (tx) => revokeSession(tx, req.params.id, user.id, now),
        (ended) =>
          ended
            ? { at: now, actorId: user.id, action: 'session.revoke', target: `token:${req.params.id}` }
            : null,
      );
      if (!done) throw notFound('Session', req.params.id);
      if (req.params.id === req.tokenId) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const, ended: 1 };
    },
  );

  r.delete(
    '/api/v1/auth/sessions',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'End all my other sessions',
        description: 'Signs out everywhere but here; API tokens are kept.',
        response: { 200: endedSchema, ...authErrors },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const now = clock.now();
      const ended = await audited(
        pool,
        (tx) => endSessions(tx, user.id, { keepId: req.tokenId, keepApiTokens: true }, now),
        (n) => ({
          at: now,
          actorId: user.id,
          action: 'session.revoke-others',
          target: `user:${user.id}`,
          data: { ended: n },
        }),
      );
      return { ok: true as const, ended };
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Change my password',
        description:
          'Needs the current password. Ends every other session, and your API tokens too unless ' +
          '`keepApiTokens`; the session or token making the change stays signed in.',
        body: changePasswordBody,
        response: { 200: endedSchema, ...errors(400, 401, 429) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      const now = clock.now();
      // The current password can be guessed here too: the account's sign-in limit applies.
      const [accountLimit] = signInLimits(user.email, req.ip);
      const wait = await countAttempt(pool, [accountLimit!], now);
      if (wait > 0) throw tooManyAttempts(reply, wait);
      const found = await findUserForLogin(pool, user.email);
      if (!found?.passwordHash || !(await verifyPassword(req.body.currentPassword, found.passwordHash)))
        throw invalidField('body.currentPassword', 'not your current password');
      await clearAttempts(pool, accountLimit!.key);
      const passwordHash = await hashPassword(req.body.newPassword);
      const { keepApiTokens } = req.body;
      const ended = await audited(
        pool,
        async (tx) => {
          if (!(await updateUser(tx, user.id, { passwordHash })))
            throw new AppError('unauthorized', 'Sign in first');
          return endSessions(tx, user.id, { keepId: req.tokenId, keepApiTokens }, now);
        },
        (n) => ({
          at: now,
          actorId: user.id,
          action: 'user.password',
          target: `user:${user.id}`,
          data: { ended: n, keepApiTokens },
        }),
      );
      return { ok: true as const, ended };
    },
  );
}
