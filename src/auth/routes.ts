/** Sign-in, sign-out, first-run setup and API tokens. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { AppError, notFound } from '../errors.ts';
import { authErrors, errors, okSchema } from '../http/schemas.ts';
import { completeSetup, setupOpen } from './bootstrap.ts';
import { SESSION_COOKIE, currentUser } from './plugin.ts';
import { createTokenBody, loginBody, setupBody, tokenSchema, userSchema, type User } from './schema.ts';
import { hashPassword, newSecret, verifyPassword } from './secrets.ts';
import { findUserForLogin, insertToken, listTokens, revokeToken } from './store.ts';
import { clearAttempts, countAttempt, returnAttempt, signInLimits, tooManyAttempts } from './throttle.ts';

const SESSION_DAYS = 7;
const DAY = 86_400_000;
// Compared against when the email is unknown, so that timing does not reveal which emails exist.
// Made at the first sign-in, not at start-up: a password hash is slow by design and would delay it.
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword('decoy-password-for-timing'));

const sessionResponse = z
  .object({
    token: z.string().describe('Bearer token for scripts'),
    expiresAt: z.iso.datetime(),
    user: userSchema,
  })
  .meta({ id: 'Session' });

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;

  /** Opens a session for `user`: the bearer token in the response, the same secret as HttpOnly cookie. */
  async function startSession(user: User, req: FastifyRequest, reply: FastifyReply) {
    const token = newSecret('exs');
    const expiresAt = new Date(clock.now().getTime() + SESSION_DAYS * DAY);
    await insertToken(pool, {
      userId: user.id,
      kind: 'session',
      name: null,
      secret: token,
      at: clock.now(),
      expiresAt,
      userAgent: req.headers['user-agent'] ?? null,
      sourceIp: req.ip,
    });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      expires: expiresAt,
    });
    return { token, expiresAt: expiresAt.toISOString(), user };
  }

  r.post(
    '/api/v1/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        description:
          'Returns a bearer token and sets an HttpOnly session cookie for the browser. Attempts are ' +
          'limited per account (10) and per source address (30) in 15 minutes; past a limit, 429 ' +
          'with `Retry-After` (seconds) until the window ends.',
        body: loginBody,
        response: { 200: sessionResponse, ...errors(400, 401, 429) },
      },
    },
    async (req, reply) => {
      const [account, source] = signInLimits(req.body.email, req.ip);
      const wait = await countAttempt(pool, [account!, source!], clock.now());
      if (wait > 0) throw tooManyAttempts(reply, wait);
      const found = await findUserForLogin(pool, req.body.email);
      const ok = await verifyPassword(req.body.password, found?.passwordHash ?? (await decoyHash()));
      if (!found || !found.passwordHash || !ok || found.user.disabled) {
        throw new AppError('unauthorized', 'Wrong email or password');
      }
      // A sign-in is no guess: the account starts afresh and the address gets its attempt back.
      await clearAttempts(pool, account!.key);
      await returnAttempt(pool, source!.key);
      return startSession(found.user, req, reply);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        description: 'Revokes the token or session used.',
        response: { 200: okSchema, ...authErrors },
      },
    },
    async (req, reply) => {
      if (req.tokenId) await revokeToken(pool, req.tokenId, currentUser(req).id, clock.now());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { permission: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: userSchema, ...authErrors } },
    },
    async (req) => currentUser(req),
  );

  r.get(
    '/api/v1/auth/setup',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Is first-run setup open',
        response: { 200: z.object({ open: z.boolean() }) },
      },
    },
    async () => ({ open: await setupOpen(pool) }),
  );

  r.post(
    '/api/v1/auth/setup',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin',
        description: 'Redeems the one-time setup token printed in the server log when no users exist.',
        body: setupBody,
        response: { 200: sessionResponse, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => {
      const user = await completeSetup(pool, clock, req.body);
      return startSession(user, req, reply);
    },
  );

  r.get(
    '/api/v1/tokens',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['tokens'],
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...authErrors },
      },
    },
    async (req) => ({ items: await listTokens(pool, currentUser(req).id, clock.now()) }),
  );

  r.post(
    '/api/v1/tokens',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token',
        description: 'The secret is returned once and stored only as a hash.',
        body: createTokenBody,
        response: { 201: tokenSchema.extend({ token: z.string() }), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      const secret = newSecret('exp');
      const now = clock.now();
      const expiresAt = req.body.expiresInDays
        ? new Date(now.getTime() + req.body.expiresInDays * DAY)
        : null;
      const created = await audited(
        pool,
        (tx) =>
          insertToken(tx, { userId: user.id, kind: 'api', name: req.body.name, secret, at: now, expiresAt }),
        (t) => ({
          at: now,
          actorId: user.id,
          action: 'token.create',
          target: `token:${t.id}`,
          data: { name: t.name },
        }),
      );
      return reply.code(201).send({ ...created, token: secret });
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        description: 'Revokes one of your tokens; admins may revoke anyone’s.',
        params: z.object({ id: z.uuid() }),
        response: { 200: okSchema, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const now = clock.now();
      const done = await audited(
        pool,
        (tx) => revokeToken(tx, req.params.id, user.role === 'admin' ? null : user.id, now),
        (revoked) =>
          revoked
            ? { at: now, actorId: user.id, action: 'token.revoke', target: `token:${req.params.id}` }
            : null,
      );
      if (!done) throw notFound('Token', req.params.id);
      return { ok: true as const };
    },
  );
}
