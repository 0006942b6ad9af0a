/** People in the organisation: everyone signed in can list them; admins add and change them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { createUserBody, updateUserBody, userSchema } from '../auth/schema.ts';
import { hashPassword } from '../auth/secrets.ts';
import { endSessions } from '../auth/session-store.ts';
import { insertUser, listUsers, revokeAllTokens, updateUser } from '../auth/store.ts';
import { AppError, notFound } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';

export async function userRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'List people',
        response: { 200: z.object({ items: z.array(userSchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listUsers(pool) }),
  );

  r.post(
    '/api/v1/users',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Add a person',
        body: createUserBody,
        response: { 201: userSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const { email, name, role, password } = req.body;
      const passwordHash = password ? await hashPassword(password) : null;
      const now = clock.now();
      const user = await audited(
        pool,
        (tx) =>
          insertUser(tx, { email, name, role, passwordHash, at: now }).catch((err: { code?: string }) => {
            if (err.code === '23505')
              throw new AppError('conflict', `A person with email ${email} exists already`);
            throw err;
          }),
        (u) => ({
          at: now,
          actorId: actor.id,
          action: 'user.create',
          target: `user:${u.id}`,
          data: { email, role },
        }),
      );
      return reply.code(201).send(user);
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Change a person',
        description:
          'Name, role, password, or disable. Disabling, or setting a password, ends all their ' +
          'sessions and API tokens at once.',
        params: z.object({ id: z.uuid() }),
        body: updateUserBody,
        response: { 200: userSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const { name, role, password, disabled } = req.body;
      if (req.params.id === actor.id && (disabled || (role && role !== 'admin'))) {
        throw new AppError('conflict', 'You cannot disable yourself or drop your own admin role');
      }
      const now = clock.now();
      const passwordHash = password ? await hashPassword(password) : undefined;
      return audited(
        pool,
        async (tx) => {
          const user = await updateUser(tx, req.params.id, {
            name,
            role,
            passwordHash,
            disabledAt: disabled === undefined ? undefined : disabled ? now : null,
          });
          if (!user) throw notFound('User', req.params.id);
          if (disabled) await revokeAllTokens(tx, user.id, now);
          // A password set by an admin is a reset: whoever held the account is signed out
          // everywhere and its API tokens end (an admin resetting their own keeps this session).
          else if (passwordHash)
            await endSessions(
              tx,
              user.id,
              { keepId: user.id === actor.id ? req.tokenId : null, keepApiTokens: false },
              now,
            );
          return user;
        },
        (user) => ({
          at: now,
          actorId: actor.id,
          action: 'user.update',
          target: `user:${user.id}`,
          data: { name, role, disabled, passwordChanged: password !== undefined },
        }),
      );
    },
  );
}
